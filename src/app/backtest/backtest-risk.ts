/**
 * The backtest's risk: one real RiskCore for the whole account (the default, as live: limits such as gross
 * notional, open orders, order rate and the daily loss stop span every symbol), or one per symbol
 * (`--risk-scope symbol`, which lets `--workers` spread symbols over threads with identical output). Risk's
 * messages to execution are queued and performed in order, each by the symbol it names (a kill or an
 * account-wide cancel-all by every symbol). The session is opened once: filters known, clock synced, stream
 * live, reconciled, then armed.
 */
import { type DecisionRecord, RiskCore } from '../../actors/risk/risk-core.js';
import type { RiskParams } from '../../actors/risk/risk-params.js';
import type { CancelAllCommand, KillSwitchEvent } from '../../schema/internal-messages.js';
import type { ApprovedOrder, SymbolFilters } from '../../schema/order-messages.js';

export type RiskScope = 'account' | 'symbol';

/** What a symbol's backtest does with risk's messages. */
export interface RiskClient {
  onApproved(a: ApprovedOrder, now: number): void;
  onCancelAll(cmd: CancelAllCommand, now: number): void;
  onKillSwitch(e: KillSwitchEvent): void;
}

type ToExecution = ApprovedOrder | CancelAllCommand | KillSwitchEvent;

export class BacktestRisk {
  readonly core: RiskCore;
  /** The last decision risk recorded: the verdict on the intent just sent. */
  verdict: DecisionRecord | undefined;
  private readonly queue: ToExecution[] = [];
  private readonly clients = new Map<string, RiskClient>();
  private opened = false;
  /** Risk's last kill-switch state: a symbol that joins later starts from it, as live execution does. */
  private lastKill: KillSwitchEvent | undefined;

  constructor(params: RiskParams) {
    this.core = new RiskCore(
      { params, executionEnabled: true, keys: true, now: 0, startReason: 'backtest start' },
      {
        approved: (m) => this.queue.push(m),
        publish: () => {},
        record: (d) => {
          if (d.kind === 'decision') this.verdict = d;
        },
      },
    );
  }

  /** A symbol starts trading at `ts`: its filters reach risk; the first one opens and arms the session. */
  join(symbol: string, client: RiskClient, filters: SymbolFilters, ts: number): void {
    this.clients.set(symbol, client);
    // Without this, a symbol whose tape starts after the session was armed would keep its execution gate engaged
    // and every order of it would be refused EXEC_KILL_SWITCH.
    if (this.lastKill) client.onKillSwitch(this.lastKill);
    this.core.onExecution(filters, ts);
    if (!this.opened) {
      this.opened = true;
      this.core.onExecution(
        {
          type: 'execution-status',
          ts,
          keys: true,
          clockSynced: true,
          userStreamLive: true,
          positionsReconciled: true,
          positions: {},
          openOrders: {},
        },
        ts,
      );
      this.core.arm('backtest', undefined, ts);
    }
    this.perform(ts);
  }

  /** Performs risk's queued messages in order (performing one may queue more). */
  perform(now: number): void {
    for (let m = this.queue.shift(); m; m = this.queue.shift()) {
      if (m.type === 'kill-switch') {
        this.lastKill = m;
        for (const c of this.clients.values()) c.onKillSwitch(m);
      } else if (m.type === 'cancel-all') {
        if (m.symbol) this.clients.get(m.symbol)?.onCancelAll(m, now);
        else for (const c of this.clients.values()) c.onCancelAll(m, now);
      } else this.clients.get(m.symbol)?.onApproved(m, now);
    }
  }
}
