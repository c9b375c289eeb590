/**
 * Tapes in JetStream (`--record-stream NAME`): the same lines a file tape holds (tape-format.ts), one message
 * each, on subject `tapeline.tape.NAME` of stream `TAPE_NAME`, so a recording survives the recording host and
 * any node can replay it (`tapeline replay --nats URL --stream NAME`). Every message carries the format the
 * frames were first recorded in (ours, or a foreign recording copied in), which decides how replay ingests them.
 * Writes are asynchronous and pipelined (the ingest thread never waits for an ack); `drain` waits for all acks.
 */
import { type JetStreamClient, type JetStreamManager, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import { DEDUP_WINDOW_MS, subjectToken, TAPE_SUBJECT_PREFIX } from '../../runtime/nats/durable-names.js';
import { TapelineError } from '../../schema/errors.js';
import type { OpenedTape } from './open-tape.js';
import { readTape } from './read-tape.js';
import type { TapeFormat, TapeFrame } from './tape-frame.js';
import { encodeMetaLine, encodeRestLine, encodeWsLine, TapelineParser } from './tape-format.js';

const FORMAT_HEADER = 'Tapeline-Source-Format';
/** Unacked publishes before `write*` starts waiting on the oldest (bounded memory, JetStream's own pace). */
const MAX_IN_FLIGHT = 1024;

export function tapeStreamName(name: string): string {
  return `TAPE_${subjectToken(name)}`;
}

export class TapeStreamWriter {
  private inFlight = new Set<Promise<unknown>>();
  private failure: unknown;
  private framesWritten = 0;
  private readonly subject: string;
  private readonly hdrs = headers();

  private constructor(
    private readonly js: JetStreamClient,
    readonly stream: string,
    name: string,
    sourceFormat: TapeFormat,
  ) {
    this.subject = `${TAPE_SUBJECT_PREFIX}.${subjectToken(name)}`;
    this.hdrs.set(FORMAT_HEADER, sourceFormat);
  }

  /** Creates the stream when missing and writes the meta line first into a new one. */
  static async open(
    nc: NatsConnection,
    name: string,
    options: { replicas?: number; sourceFormat?: TapeFormat; createdMs?: number } = {},
  ): Promise<TapeStreamWriter> {
    const stream = tapeStreamName(name);
    const jsm = await jetstreamManager(nc);
    let last = 0;
    try {
      last = (await jsm.streams.info(stream)).state.last_seq;
    } catch {
      await jsm.streams.add({
        name: stream,
        subjects: [`${TAPE_SUBJECT_PREFIX}.${subjectToken(name)}`],
        num_replicas: options.replicas ?? 1,
        duplicate_window: DEDUP_WINDOW_MS * 1e6,
      });
    }
    const writer = new TapeStreamWriter(jetstream(nc), stream, name, options.sourceFormat ?? 'tapeline');
    if (last === 0) writer.push(encodeMetaLine(options.createdMs ?? Date.now()));
    return writer;
  }

  get frames(): number {
    return this.framesWritten;
  }

  /** Where it records, for status (the file writer's `path`). */
  get path(): string {
    return `nats:${this.stream}`;
  }

  /** The file writer's batch point: here, only surfaces a refused publish (writes are already on their way). */
  flush(): void {
    this.throwIfFailed();
  }

  /** Writes go on to their acks; `drain` waits for them. */
  close(): void {}

  writeWs(recvTsMs: number, stream: string | undefined, rawText: string): void {
    this.push(encodeWsLine(recvTsMs, stream, rawText));
    this.framesWritten++;
  }

  writeRest(recvTsMs: number, url: string, rawText: string): void {
    this.push(encodeRestLine(recvTsMs, url, rawText));
    this.framesWritten++;
  }

  /** Resolves once every write so far is stored; throws `TL_TAPE_WRITE_FAILED` if any was refused. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
    this.throwIfFailed();
  }

  private push(line: string): void {
    this.throwIfFailed();
    // One publish per line: order is the publish order on one connection, as in the file.
    const p = this.js
      .publish(this.subject, line, { headers: this.hdrs, timeout: 10_000 })
      .catch((error: unknown) => {
        this.failure ??= error;
      })
      .finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
    if (this.inFlight.size > MAX_IN_FLIGHT) this.failure ??= backlog(this.stream);
  }

  private throwIfFailed(): void {
    if (this.failure === undefined) return;
    const cause = this.failure;
    if (cause instanceof TapelineError) throw cause;
    throw new TapelineError('TL_TAPE_WRITE_FAILED', `cannot append to tape stream ${this.stream}: ${String(cause)}`, {
      cause,
    });
  }
}

function backlog(stream: string): TapelineError {
  return new TapelineError(
    'TL_TAPE_WRITE_FAILED',
    `tape stream ${stream}: more than ${MAX_IN_FLIGHT} frames unacknowledged; JetStream is not keeping up or is unavailable. Recording stops; check the NATS servers`,
  );
}

/** Format and frames of a tape stream, read from the start up to its last message at the time of the call. */
export async function readTapeStream(nc: NatsConnection, name: string): Promise<OpenedTape> {
  const stream = tapeStreamName(name);
  const jsm: JetStreamManager = await jetstreamManager(nc);
  let last: number;
  try {
    last = (await jsm.streams.info(stream)).state.last_seq;
  } catch (error) {
    throw new TapelineError(
      'TL_CLUSTER_TAPE_STREAM_MISSING',
      `no tape stream "${name}" (JetStream stream ${stream}) on this NATS cluster: record one with --record-stream ${name}`,
      { cause: error },
    );
  }
  const first = last === 0 ? undefined : await jsm.streams.getMessage(stream, { seq: 1 });
  const format = (first?.header?.get(FORMAT_HEADER) || 'tapeline') as TapeFormat;
  const js = jetstream(nc);
  // Handed over in batches of up to 512 frames, as file tapes are (open-tape.ts), so replay treats both alike.
  const batches = (async function* () {
    if (last === 0) return;
    const parser = new TapelineParser(`stream ${name}`);
    let out: TapeFrame[] = [];
    const messages = await (await js.consumers.get(stream)).consume();
    const decoder = new TextDecoder();
    try {
      for await (const m of messages) {
        parser.parse(decoder.decode(m.data).trimEnd(), m.seq, out);
        if (m.seq >= last) break;
        if (out.length >= 512) {
          yield out;
          out = [];
        }
      }
      if (out.length > 0) yield out;
    } finally {
      await messages.close();
    }
    // Our format holds nothing back at the end (TapelineParser.finish is empty): no tail to flush.
  })();
  return { format, empty: last === 0, batches };
}

/** Copies a recording (any format readTape reads) into a tape stream, frame by frame; returns the frame count. */
export async function copyTapeToStream(nc: NatsConnection, path: string, name: string): Promise<number> {
  const reader = readTape(path);
  let writer: TapeStreamWriter | undefined;
  for await (const f of reader) {
    writer ??= await TapeStreamWriter.open(nc, name, { sourceFormat: reader.stats.format ?? 'tapeline' });
    if (f.kind === 'ws') writer.writeWs(f.recvTsMs, f.stream, f.raw);
    else writer.writeRest(f.recvTsMs, f.url ?? '', f.raw);
  }
  await writer?.drain();
  return writer?.frames ?? 0;
}
