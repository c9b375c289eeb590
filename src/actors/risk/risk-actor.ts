/**
 * The risk actor: a thin shell around `RiskCore` (gates, pre-trade checks, sizing ramp, kill switch). It
 * starts engaged whatever snapshot it is restored from (safety invariants 1 and 3, docs/contract.md); `kill` engages inside the synchronous
 * command, so before the reply; `arm` is refused unless EXECUTION_ENABLED=true. Every decision goes to
 * `decisions.jsonl` (docs/contract.md, logs and tapes) before the approved order is sent on: on the ring to the
 * node's execution, or on a cluster node to the replicated approval stream with the risk lease term
 * (risk-cluster-link.ts), after the rebuild a node that takes the lease makes from the replicated journal.
 */
import type { Actor, ActorContext } from '../../runtime/actor.js';
import { TapelineError } from '../../schema/errors.js';
import type { SignalVerdict } from '../../schema/client-messages.js';
import { JsonlLog } from '../../runtime/log/jsonl-log.js';
import type { OrderIntent } from '../../schema/internal-messages.js';
import type { ExecutionToRisk } from '../../schema/order-messages.js';
import { errorMessage } from '../../schema/errors.js';
import { RiskClusterLink } from './risk-cluster-link.js';
import { type DecisionRecord, RiskCore } from './risk-core.js';
import { parseRiskParams } from './risk-params.js';

interface RiskSnapshot {
  intentsRefused: number;
  intentsApproved: number;
}

class RiskActor implements Actor<RiskSnapshot> {
  private ctx!: ActorContext;
  private core!: RiskCore;
  private decisions: JsonlLog | undefined;
  private restored: RiskSnapshot | undefined;
  /** Cluster node: the risk lease, the journal rebuild and the approval stream (undefined until connected). */
  private link: RiskClusterLink | undefined;
  private linking: Promise<void> | undefined;

  start(ctx: ActorContext, restored: RiskSnapshot | undefined): void {
    this.ctx = ctx;
    this.restored = restored;
    const startReason = ctx.restarts > 0 ? 'risk actor restarted' : 'engaged at start';
    this.decisions = JsonlLog.open(ctx.config.dataDir, 'decisions');
    const params = parseRiskParams(ctx.config.risk);
    this.core = new RiskCore(
      {
        params,
        executionEnabled: ctx.config.executionEnabled,
        keys: ctx.config.keysPresent,
        now: Date.now(),
        startReason,
      },
      {
        approved: (m) => {
          if (ctx.config.cluster && m.type === 'approved-order') this.publishApproval(m);
          else {
            if (m.type === 'kill-switch' && m.engaged && !m.symbol) this.link?.leadership.engage();
            ctx.send('execution-commands', m);
          }
        },
        publish: (m) => ctx.send('risk', m),
        record: (entry) => this.record(entry),
      },
    );
    ctx.log.info({ reason: startReason, params }, 'kill switch engaged');
    this.core.publishState(Date.now());
    ctx.send('risk', { type: 'kill-switch', engaged: true, symbol: '', reason: startReason, ts: Date.now() });
    const cluster = ctx.config.cluster;
    if (cluster) {
      // After start: JetStream may take seconds to answer; nothing is approved meanwhile (not leading).
      this.linking = RiskClusterLink.open(cluster, this.core.exposure, ctx.log).then(
        (link) => {
          this.link = link;
        },
        (err: unknown) =>
          ctx.log.error({ err: errorMessage(err) }, 'risk cannot reach the cluster journal: this node never leads'),
      );
    }
  }

  private publishApproval(order: Parameters<RiskClusterLink['publish']>[0]): void {
    if (this.link) this.link.publish(order);
    else this.ctx.log.error({ decisionId: order.decisionId }, 'approval not published: the cluster link is not open');
  }

  handle(message: unknown, topic: string): void {
    const now = Date.now();
    const m = message as { type?: string };
    if (topic === 'intents') {
      if (m.type === 'intent') this.core.onIntent(message as OrderIntent, now);
    } else if (topic === 'execution-reports') {
      const report = message as ExecutionToRisk;
      this.core.onExecution(report, now);
      if (report.type === 'execution-status') this.link?.onExecutionStatus(report);
    }
  }

  command(name: string, args: Record<string, unknown>): unknown {
    const reason = typeof args.reason === 'string' && args.reason ? args.reason : 'operator';
    const symbol = typeof args.symbol === 'string' && args.symbol ? args.symbol : undefined;
    switch (name) {
      case 'killSwitch':
        return this.core.killSwitch.state();
      case 'kill': {
        const state = this.core.kill(reason, symbol, Date.now());
        this.ctx.log.warn({ reason, symbol }, 'kill switch engaged');
        return state;
      }
      case 'arm': {
        // On a cluster, only the lease holder once rebuilt and reconciled (TL_KILL_SWITCH_ARM_REFUSED otherwise).
        if (this.ctx.config.cluster) this.armLeadership();
        const state = this.core.arm(reason, symbol, Date.now());
        this.ctx.log.warn({ reason, symbol }, 'kill switch disengaged (armed)');
        return state;
      }
      case 'riskState':
        return this.core.riskMessage(Date.now());
      case 'params':
        return { ...this.core.params };
      default:
        throw new TapelineError(
          'TL_ADMIN_UNKNOWN_COMMAND',
          `risk has no command "${name}"; commands: kill, arm, killSwitch, riskState, params`,
        );
    }
  }

  private armLeadership(): void {
    if (!this.link) {
      throw new TapelineError(
        'TL_KILL_SWITCH_ARM_REFUSED',
        'arm refused: risk has not reached the cluster journal yet',
      );
    }
    this.link.leadership.arm();
  }

  configure(patch: Record<string, unknown>): void {
    const risk = (patch.risk ?? patch) as Record<string, unknown>;
    const changed = this.core.configure(risk, Date.now());
    this.ctx.log.info({ changed }, 'risk parameters changed');
  }

  private record(entry: DecisionRecord): void {
    // A decision that cannot be logged must not be acted on: the throw ends the thread, the supervisor
    // restarts risk, and risk restarts engaged.
    this.decisions?.append(entry);
    if (entry.kind === 'decision' && entry.decisionId && entry.symbol) {
      // Clients see the signal first (accepted: null), then this verdict with the same decisionId.
      const verdict: SignalVerdict = {
        type: 'signal-verdict',
        symbol: entry.symbol,
        ts: entry.ts,
        decisionId: entry.decisionId,
        accepted: entry.approved === true,
      };
      if (!verdict.accepted && entry.code) verdict.refusal = entry.code;
      this.ctx.send('risk', verdict);
    }
  }

  status(): Record<string, unknown> {
    const now = Date.now();
    return {
      killSwitch: this.core.killSwitch.state(),
      intentsRefused: this.core.counters.refused + (this.restored?.intentsRefused ?? 0),
      intentsApproved: this.core.counters.approved + (this.restored?.intentsApproved ?? 0),
      rampFraction: this.core.ramp.fraction,
      ready: this.core.allReady(now),
      risk: this.core.riskMessage(now),
      exposure: this.core.exposure.view(now),
      ...(this.link ? { leadership: this.link.status() } : {}),
    };
  }

  snapshot(): RiskSnapshot {
    return {
      intentsRefused: this.core.counters.refused + (this.restored?.intentsRefused ?? 0),
      intentsApproved: this.core.counters.approved + (this.restored?.intentsApproved ?? 0),
    };
  }

  async stop(): Promise<void> {
    await this.linking;
    await this.link?.close();
    this.decisions?.close();
    this.decisions = undefined;
  }
}

export function createActor(): Actor {
  return new RiskActor();
}
