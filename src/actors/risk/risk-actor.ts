/**
 * The risk actor: a thin shell around `RiskCore` (gates, pre-trade checks, sizing ramp, kill switch). It
 * starts engaged whatever snapshot it is restored from (safety invariants 1 and 3, docs/contract.md); `kill` engages inside the synchronous
 * command, so before the reply; `arm` is refused unless EXECUTION_ENABLED=true. Every decision goes to
 * `decisions.jsonl` (docs/contract.md, logs and tapes) before the approved order is sent on.
 */
import type { Actor, ActorContext } from '../../runtime/actor.js';
import { TapelineError } from '../../schema/errors.js';
import type { SignalVerdict } from '../../schema/client-messages.js';
import { JsonlLog } from '../../runtime/log/jsonl-log.js';
import type { OrderIntent } from '../../schema/internal-messages.js';
import type { ExecutionToRisk } from '../../schema/order-messages.js';
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
        approved: (m) => ctx.send('execution-commands', m),
        publish: (m) => ctx.send('risk', m),
        record: (entry) => this.record(entry),
      },
    );
    ctx.log.info({ reason: startReason, params }, 'kill switch engaged');
    this.core.publishState(Date.now());
    ctx.send('risk', { type: 'kill-switch', engaged: true, symbol: '', reason: startReason, ts: Date.now() });
  }

  handle(message: unknown, topic: string): void {
    const now = Date.now();
    const m = message as { type?: string };
    if (topic === 'intents') {
      if (m.type === 'intent') this.core.onIntent(message as OrderIntent, now);
    } else if (topic === 'execution-reports') {
      this.core.onExecution(message as ExecutionToRisk, now);
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
    };
  }

  snapshot(): RiskSnapshot {
    return {
      intentsRefused: this.core.counters.refused + (this.restored?.intentsRefused ?? 0),
      intentsApproved: this.core.counters.approved + (this.restored?.intentsApproved ?? 0),
    };
  }

  stop(): void {
    this.decisions?.close();
    this.decisions = undefined;
  }
}

export function createActor(): Actor {
  return new RiskActor();
}
