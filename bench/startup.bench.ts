/**
 * Startup (issue 8 target ≤ 5 s): `tapeline run` (what `npm start` runs after its build) spawned as a child
 * process with the default three symbols on the embedded sim, until the first `metrics` message reaches a
 * dashboard WS client. Also reported: the time until the dashboard URL is printed (all actor threads ready).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { BenchSuite } from './harness.js';

const MAIN = new URL('../src/runtime/cli/main.js', import.meta.url);
const TIMEOUT_MS = 30_000;

async function once(): Promise<{ readyMs: number; firstMetricsMs: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tl-startup-'));
  const t0 = performance.now();
  const child = spawn(process.execPath, [MAIN.pathname, 'run', '--port', '0', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    return await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`startup: no metrics within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
      let out = '';
      let readyMs = 0;
      child.once('exit', (code) => reject(new Error(`startup: tapeline run exited with ${code}`)));
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const m = /ws\s+(ws:\/\/\S+)/.exec(out);
        if (!m || readyMs) return;
        readyMs = performance.now() - t0;
        const ws = new WebSocket(m[1]!);
        ws.on('message', (data: Buffer) => {
          if ((JSON.parse(data.toString()) as { type?: string }).type !== 'metrics') return;
          clearTimeout(timer);
          ws.close();
          resolve({ readyMs, firstMetricsMs: performance.now() - t0 });
        });
        ws.on('error', reject);
      });
    });
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

export const suite: BenchSuite = {
  name: 'startup',
  cases: [
    {
      name: 'startup: tapeline run -> first metrics on the dashboard WS',
      async run(opts) {
        const runs = opts.quick ? 1 : 5;
        const first: number[] = [];
        const ready: number[] = [];
        for (let i = 0; i < runs; i++) {
          const r = await once();
          first.push(r.firstMetricsMs * 1_000);
          ready.push(r.readyMs);
        }
        const sorted = [...first].sort((a, b) => a - b);
        return {
          p50Us: sorted[Math.floor(sorted.length / 2)]!,
          p99Us: sorted[sorted.length - 1]!,
          opsPerSec: 0,
          samples: runs,
          extra: {
            minMs: sorted[0]! / 1_000,
            maxMs: sorted[sorted.length - 1]! / 1_000,
            readyMsMedian: [...ready].sort((a, b) => a - b)[Math.floor(ready.length / 2)]!,
          },
        };
      },
    },
  ],
};
