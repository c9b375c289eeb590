/**
 * The risk actor: owner of the kill switch and, with the execution issue, of every pre-trade check. It starts
 * engaged whatever snapshot it is restored from (A5.1, A5.3). `kill` engages before it replies and sends
 * cancel-all to execution; `arm` is refused unless EXECUTION_ENABLED=true. Intents are refused while engaged.
 */
import type { Actor, ActorContext } from '../../runtime/actor.js';
import { TapelineError } from '../../runtime/errors.js';
import type { CancelAllCommand, KillSwitchEvent, OrderIntent } from '../../schema/internal-messages.js';
import { KillSwitch } from './kill-switch.js';

interface RiskSnapshot {
  intentsRefused: number;
}

class RiskActor implements Actor<RiskSnapshot> {
  private ctx!: ActorContext;
  private killSwitch!: KillSwitch;
  private intentsRefused = 0;

  start(ctx: ActorContext, restored: RiskSnapshot | undefined): void {
    this.ctx = ctx;
    const reason = ctx.restarts > 0 ? 'risk actor restarted' : 'engaged at start';
    this.killSwitch = new KillSwitch(Date.now(), reason);
    this.intentsRefused = restored?.intentsRefused ?? 0;
    ctx.log.info({ reason }, 'kill switch engaged');
    this.publish('', true, reason);
  }

  handle(message: unknown, topic: string): void {
    if (topic === 'intents') {
      const intent = message as OrderIntent;
      if (this.killSwitch.blocks(intent.symbol)) {
        this.intentsRefused++;
        this.ctx.log.info({ decisionId: intent.decisionId, symbol: intent.symbol }, 'intent refused: kill switch engaged');
      }
      // Approval through the pre-trade checks arrives with the execution issue; until then nothing is approved.
    }
  }

  command(name: string, args: Record<string, unknown>): unknown {
    const reason = typeof args.reason === 'string' && args.reason ? args.reason : 'operator';
    const symbol = typeof args.symbol === 'string' && args.symbol ? args.symbol : undefined;
    switch (name) {
      case 'killSwitch':
        return this.killSwitch.state();
      case 'kill': {
        this.killSwitch.engage(reason, Date.now(), symbol);
        this.ctx.log.warn({ reason, symbol }, 'kill switch engaged');
        const cancel: CancelAllCommand = { type: 'cancel-all', symbol: symbol ?? '', reason, ts: Date.now() };
        this.ctx.send('approved', cancel);
        this.publish(symbol ?? '', true, reason);
        return this.killSwitch.state();
      }
      case 'arm': {
        if (!this.ctx.config.executionEnabled) {
          throw new TapelineError('TL_KILL_SWITCH_ARM_REFUSED', 'arm refused: EXECUTION_ENABLED is not true');
        }
        this.killSwitch.disengage(reason, Date.now(), symbol);
        this.ctx.log.warn({ reason, symbol }, 'kill switch disengaged (armed)');
        this.publish(symbol ?? '', false, reason);
        return this.killSwitch.state();
      }
      default:
        throw new TapelineError('TL_ADMIN_UNKNOWN_COMMAND', `risk has no command "${name}"`);
    }
  }

  private publish(symbol: string, engaged: boolean, reason: string): void {
    const event: KillSwitchEvent = { type: 'kill-switch', engaged, symbol, reason, ts: Date.now() };
    this.ctx.send('risk', event);
  }

  status(): Record<string, unknown> {
    return { killSwitch: this.killSwitch.state(), intentsRefused: this.intentsRefused };
  }

  snapshot(): RiskSnapshot {
    return { intentsRefused: this.intentsRefused };
  }

  stop(): void {}
}

export function createActor(): Actor {
  return new RiskActor();
}
