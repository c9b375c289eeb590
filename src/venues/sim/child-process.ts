/**
 * Runs the simulated venue as a child process (`tapeline sim`, docs/contract.md, commands and simulated venue) and waits for its ready line.
 * The API key pair travels in the environment (BINANCE_API_KEY / BINANCE_API_SECRET), never on argv, so the
 * secret cannot be read from `ps`. Stop = SIGTERM, then SIGKILL after a grace period.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { TapelineError } from '../../schema/errors.js';
import type { SimVenueOptions } from './options.js';

export interface SimChild {
  rest: string;
  ws: string;
  /** The WebSocket API, on its own path of the same port. */
  wsApi: string;
  apiKey: string;
  apiSecret: string;
  pid: number;
  stop(): Promise<void>;
}

export interface SpawnSimOptions extends SimVenueOptions {
  cliPath: string;
  /** How long to wait for the ready line (default 15 s). */
  readyTimeoutMs?: number;
  /** Grace between SIGTERM and SIGKILL (default 3 s). */
  killAfterMs?: number;
}

interface ReadyLine {
  event: 'ready';
  rest: string;
  ws: string;
  apiKey: string;
}

function isReadyLine(v: unknown): v is ReadyLine {
  if (!v || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  return o.event === 'ready' && typeof o.rest === 'string' && typeof o.ws === 'string' && typeof o.apiKey === 'string';
}

export function spawnSimChild(opts: SpawnSimOptions): Promise<SimChild> {
  const apiKey = opts.apiKey ?? randomBytes(32).toString('hex');
  const apiSecret = opts.apiSecret ?? randomBytes(32).toString('hex');
  const args = [opts.cliPath, 'sim', '--port', String(opts.port ?? 0)];
  if (opts.host !== undefined) args.push('--host', opts.host);
  if (opts.seed !== undefined) args.push('--seed', String(opts.seed));
  if (opts.symbols !== undefined) args.push('--symbols', opts.symbols.join(','));
  for (const tape of opts.tape ?? []) args.push('--tape', tape);
  if (opts.speed !== undefined) args.push('--speed', String(opts.speed));
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, BINANCE_API_KEY: apiKey, BINANCE_API_SECRET: apiSecret },
  });
  const readyTimeoutMs = opts.readyTimeoutMs ?? 15_000;
  const killAfterMs = opts.killAfterMs ?? 3_000;
  let stderrTail = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderrTail = (stderrTail + chunk).slice(-2000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    await exited;
    clearTimeout(timer);
  };

  return new Promise<SimChild>((resolve, reject) => {
    let buffered = '';
    let settled = false;
    const fail = (message: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const tail = stderrTail.trim();
      void stop().finally(() =>
        reject(new TapelineError('TL_SIM_CHILD_FAILED', `${message}${tail ? `; stderr: ${tail}` : ''}`)),
      );
    };
    const timer = setTimeout(
      () => fail(`the simulated venue printed no ready line within ${readyTimeoutMs} ms`),
      readyTimeoutMs,
    );
    child.once('error', (err) => fail(`the simulated venue could not be started: ${err.message}`));
    // 'close' (not 'exit') so the stderr tail is complete in the error.
    child.once('close', (code, signal) =>
      fail(`the simulated venue exited before it was ready (code ${code}, signal ${signal})`),
    );
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (settled) return;
      buffered += chunk;
      const nl = buffered.indexOf('\n');
      if (nl < 0) {
        if (buffered.length > 4096) fail('the simulated venue printed a line too long to be its ready line');
        return;
      }
      const line = buffered.slice(0, nl);
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        fail(`the simulated venue printed garbage instead of its ready line: ${JSON.stringify(line.slice(0, 200))}`);
        return;
      }
      if (!isReadyLine(parsed)) {
        fail(`the simulated venue's first line is not a ready line: ${JSON.stringify(line.slice(0, 200))}`);
        return;
      }
      settled = true;
      clearTimeout(timer);
      // Keep draining stdout so the child never blocks on a full pipe.
      child.stdout.resume();
      resolve({
        rest: parsed.rest,
        ws: parsed.ws,
        wsApi: `${parsed.ws}/ws-fapi/v1`,
        apiKey: parsed.apiKey,
        apiSecret,
        pid: child.pid ?? -1,
        stop,
      });
    });
  });
}
