/**
 * The tick-to-trade pipeline collapsed into one thread: the same stages as the four actor fixtures, called
 * directly (no rings, no msgpack, no wake-ups). The bench compares it with the actor run: the ratio is the cost
 * of isolation. workerData: { feedPort, orderPort }; posts { samples } when the bench sends 'take'.
 */
import { connect } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import {
  ingestStage,
  LineSplitter,
  newEngine,
  nowMs,
  orderBytes,
  riskStage,
  symbolStage,
} from './tick-to-trade-stages.js';

const { feedPort, orderPort } = workerData as { feedPort: number; orderPort: number };
const engine = newEngine();
const lines = new LineSplitter();
let samples: number[][] = [];
const orders = connect(orderPort, '127.0.0.1');
orders.setNoDelay(true);
const feed = connect(feedPort, '127.0.0.1');
feed.setNoDelay(true);
feed.on('data', (chunk: Buffer) => {
  const arrive = nowMs();
  lines.push(chunk, (line) => {
    const event = ingestStage(line);
    if (!event) return;
    const intent = symbolStage(engine, event, Date.now());
    const approved = intent && riskStage(intent);
    if (!approved) return;
    orders.write(orderBytes(approved, 'bench'));
    samples.push([arrive, nowMs()]);
  });
});
parentPort!.on('message', (m: string) => {
  if (m === 'take') {
    parentPort!.postMessage({ samples });
    samples = [];
  } else if (m === 'stop') {
    feed.destroy();
    orders.destroy();
    parentPort!.close();
  }
});
parentPort!.postMessage({ ready: true });
