/**
 * When and how often execution reconciles (reconcile.ts does one pass): one pass at a time, retried every
 * second until it succeeds, its result applied (positions, changed orders, conditional orders) and journaled.
 * `reconciled` is the gate's input: false from the moment a pass is due until one succeeds with no UNKNOWN left.
 * A hedge-mode account (TL_EXEC_HEDGE_MODE) keeps the gate closed and is logged once, then checked again.
 */
import type { Logger } from 'pino';
import { errorMessage, TapelineError } from '../../schema/errors.js';
import type { AlgoOrders } from './algo-orders.js';
import type { ExecutionJournal } from './execution-journal.js';
import type { OrderTracker, TrackedOrder } from './order-tracker.js';
import { reconcile } from './reconcile.js';
import type { SignedRest } from '../../venues/binance/signed-rest.js';

export interface ReconcileLoopDeps {
  rest: SignedRest;
  tracker: OrderTracker;
  positions: Map<string, number>;
  algos: AlgoOrders;
  journal: ExecutionJournal;
  symbols: readonly string[];
  log: Logger;
  changed(o: TrackedOrder): void;
  statusChanged(): void;
}

const RETRY_MS = 1_000;

export class ReconcileLoop {
  reconciled = false;
  /** Set while the account is in hedge mode: the refusal's message (gate EXEC_HEDGE_MODE). */
  hedgeMode: string | undefined;
  private running: Promise<void> | undefined;
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly d: ReconcileLoopDeps) {}

  /** Orders are held from now until the next successful pass (a stream drop: events may be missed). */
  markStale(): void {
    this.reconciled = false;
  }

  run(why: string): void {
    if (this.running || this.stopped) return;
    this.reconciled = false;
    this.d.statusChanged();
    this.running = this.pass(why).finally(() => {
      this.running = undefined;
      this.d.statusChanged();
    });
  }

  private async pass(why: string): Promise<void> {
    const d = this.d;
    try {
      const r = await reconcile(d.rest, d.tracker, d.symbols);
      this.hedgeMode = undefined;
      d.positions.clear();
      for (const [s, amt] of Object.entries(r.positions)) d.positions.set(s, amt);
      d.algos.reconciled(r.algos);
      d.journal.write({
        ts: Date.now(),
        kind: 'reconcile',
        why,
        changed: r.changed,
        foreign: r.foreign,
        positions: r.positions,
        algoOrders: r.algos.map((a) => ({ symbol: a.symbol, clientAlgoId: a.clientAlgoId, algoId: a.algoId })),
      });
      for (const id of r.changed) d.changed(d.tracker.get(id)!);
      this.reconciled = !d.tracker.hasUnknown();
      d.log.info(
        { why, changed: r.changed.length, foreign: r.foreign, algoOrders: r.algos.length },
        'reconciled with the venue',
      );
    } catch (err) {
      if (err instanceof TapelineError && err.code === 'TL_EXEC_HEDGE_MODE') {
        if (this.hedgeMode === undefined) d.log.error({ code: err.code }, err.message);
        this.hedgeMode = err.message;
      } else d.log.warn({ why, err: errorMessage(err) }, 'reconciliation failed; retrying');
      if (!this.stopped) this.retry = setTimeout(() => this.run(why), RETRY_MS);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    await this.running;
  }
}
