/**
 * One supervised actor: its plan, its current thread, its control proxy, and its history (restarts, last
 * error, last snapshot). The slot survives the threads it runs: a restart spawns a new thread on the same
 * channel buffers with the last snapshot, so the actor resumes and its unread mailbox is intact.
 */
import { MessageChannel, Worker } from 'node:worker_threads';
import type { ActorControl, ActorHostData, HostEvent } from './actor-host.js';
import type { ChannelSpec } from './channel/channel-spec.js';
import type { TapelineConfig } from '../schema/config/config-schema.js';
import { callWithin, exposeOn, releaseProxy, type Remote, wrapPort } from './control/comlink.js';
import { isErrorCode, TapelineError } from '../schema/errors.js';
import { type PackedMember, packedWorkerFor } from './packing/packed-worker.js';
import { RestartPolicy } from './restart-policy.js';
import type { ActorInfo, ActorState, SupervisorApi } from '../schema/supervisor-api.js';
import type { ActorPlan } from './actor-plan.js';

const HOST = new URL('./actor-host.js', import.meta.url);
// An actor's start may wait on the venue: execution syncs its clock and reads exchangeInfo before it is ready
// (each REST call up to 10 s by default). 15 s was exceeded once when three nodes on a loaded host shared one sim.
const READY_TIMEOUT_MS = 30_000;
export const CONTROL_TIMEOUT_MS = 2_000;
/**
 * How long an operator's `status`/`actors` waits for each actor before showing its last known figures: a
 * thread that just died answers nothing until its exit is noticed, and must not hold every status reply 2 s.
 */
export const STATUS_TIMEOUT_MS = 250;

export interface SlotEnv {
  config: TapelineConfig;
  /** The config one actor is started with, when it differs from `config` (e.g. only the signer gets keys). */
  configFor?(plan: ActorPlan): TapelineConfig;
  venue: { kind: string; rest: string; ws: string };
  channels: ChannelSpec[];
  heartbeats: SharedArrayBuffer;
  heartbeatSlot: number;
  /** Exposed to the gateway thread over its own port. */
  supervisorApi: SupervisorApi;
  /** Called for every thread exit the supervisor did not ask for. */
  onFailure(slot: ActorSlot, error: { code: string; message: string }): void;
  onNotify(slot: ActorSlot, event: { type: string; [key: string]: unknown }): void;
}

export class ActorSlot {
  readonly plan: ActorPlan;
  readonly policy: RestartPolicy;
  state: ActorState = 'starting';
  restarts = 0;
  threadId = -1;
  lastError: ActorInfo['lastError'];
  lastSnapshot: unknown;
  lastStatus: Record<string, unknown> = {};
  control: Remote<ActorControl> | undefined;
  /** The actor's own thread, or its place in a packed worker (plan.pack): same events, same terminate. */
  private worker: Worker | PackedMember | undefined;
  private expectedExit = false;
  /** Why the supervisor ended the thread itself (a lost heartbeat), reported as the failure's cause. */
  private terminatedFor: { code: string; message: string } | undefined;
  private readonly env: SlotEnv;

  constructor(plan: ActorPlan, env: SlotEnv) {
    this.plan = plan;
    this.env = env;
    this.policy = new RestartPolicy(env.config.runtime.restart);
  }

  get name(): string {
    return this.plan.name;
  }

  get heartbeatSlot(): number {
    return this.env.heartbeatSlot;
  }

  /** Spawns the thread and resolves once the actor has started and its mailbox runs. */
  async spawn(): Promise<void> {
    const { port1, port2 } = new MessageChannel();
    const transfer = [port2];
    let apiPort: MessageChannel | undefined;
    if (this.plan.kind === 'gateway') {
      apiPort = new MessageChannel();
      exposeOn(this.env.supervisorApi, apiPort.port1);
      transfer.push(apiPort.port2);
    }
    const data: ActorHostData = {
      name: this.plan.name,
      kind: this.plan.kind,
      symbol: this.plan.symbol,
      modulePath: this.plan.modulePath,
      config: this.env.configFor?.(this.plan) ?? this.env.config,
      venue: this.env.venue,
      inbound: this.env.channels.filter((c) => c.to === this.plan.name),
      outbound: this.env.channels.filter((c) => c.from === this.plan.name),
      wake: this.plan.wake,
      heartbeat: { sab: this.env.heartbeats, slot: this.env.heartbeatSlot },
      controlPort: port2,
      supervisorPort: apiPort?.port2,
      restored: this.lastSnapshot,
      restarts: this.restarts,
    };
    this.expectedExit = false;
    this.state = this.restarts > 0 ? 'restarting' : 'starting';
    const worker = this.plan.pack
      ? packedWorkerFor(this.plan.pack, this.plan.doorbell).join(data, transfer)
      : new Worker(HOST, { workerData: data, transferList: transfer, name: this.plan.name });
    this.worker = worker;
    this.control = wrapPort<ActorControl>(port1);
    let fatal: { code: string; message: string } | undefined;
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new TapelineError('TL_ACTOR_TIMEOUT', `${this.name} did not start within ${READY_TIMEOUT_MS} ms`)),
        READY_TIMEOUT_MS,
      );
      worker.on('message', (event: HostEvent) => {
        if (event.type === 'ready') {
          clearTimeout(timer);
          this.threadId = event.threadId;
          this.state = 'running';
          this.policy.started(Date.now());
          resolve();
        } else if (event.type === 'fatal') {
          fatal = { code: event.code, message: event.message };
        } else if (event.type === 'notify') {
          this.env.onNotify(this, event.event);
        }
      });
      worker.on('error', (err) => {
        fatal ??= { code: (err as { code?: string }).code ?? 'TL_ACTOR_FAILED', message: err.message };
      });
      worker.once('exit', (code) => {
        clearTimeout(timer);
        if (this.worker === worker) this.worker = undefined;
        if (this.control) releaseProxy(this.control as Remote<unknown>);
        port1.close();
        apiPort?.port1.close();
        const error = fatal ??
          this.terminatedFor ?? { code: 'TL_ACTOR_FAILED', message: `thread exited with code ${code}` };
        this.terminatedFor = undefined;
        if (this.state === 'starting' || this.state === 'restarting') {
          reject(
            new TapelineError(
              isErrorCode(error.code) ? error.code : 'TL_ACTOR_FAILED',
              `${this.name} failed to start: ${error.message}`,
            ),
          );
        }
        if (!this.expectedExit) {
          this.lastError = { ...error, at: Date.now() };
          this.env.onFailure(this, error);
        }
      });
    });
    await ready;
  }

  /** Asks the actor to stop (drains in-hand work), then ends the thread; forced after `timeoutMs`. */
  async stop(timeoutMs: number): Promise<void> {
    const worker = this.worker;
    this.expectedExit = true;
    if (!worker) {
      this.state = 'stopped';
      return;
    }
    this.state = 'stopping';
    try {
      if (this.plan.kind === 'symbol')
        this.lastSnapshot = await callWithin(`${this.name}.snapshot`, timeoutMs, () => this.control!.snapshot());
      await callWithin(`${this.name}.stop`, timeoutMs, () => this.control!.stop());
    } catch {
      // A thread that does not stop in time is terminated below; the timeout is already the report.
    }
    await worker.terminate();
    this.state = 'stopped';
  }

  /** Ends the thread now (hung heartbeat); the exit is treated as a failure with this cause. */
  async terminate(cause: { code: string; message: string }): Promise<void> {
    this.terminatedFor = cause;
    await this.worker?.terminate();
  }

  isAlive(): boolean {
    return this.worker !== undefined && this.state === 'running';
  }

  async refreshStatus(timeoutMs = CONTROL_TIMEOUT_MS): Promise<void> {
    if (!this.isAlive() || !this.control) return;
    this.lastStatus = await callWithin(`${this.name}.status`, timeoutMs, () => this.control!.status());
  }

  async refreshSnapshot(): Promise<void> {
    if (!this.isAlive() || !this.control) return;
    this.lastSnapshot = await callWithin(`${this.name}.snapshot`, CONTROL_TIMEOUT_MS, () => this.control!.snapshot());
  }

  info(): ActorInfo {
    const s = this.lastStatus;
    return {
      name: this.plan.name,
      kind: this.plan.kind,
      state: this.state,
      threadId: this.threadId,
      restarts: this.restarts,
      mailboxDepth: typeof s.mailboxDepth === 'number' ? s.mailboxDepth : 0,
      dropped: typeof s.dropped === 'number' ? s.dropped : 0,
      lastError: this.lastError,
    };
  }
}
