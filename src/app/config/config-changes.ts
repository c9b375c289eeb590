/**
 * `config get` / `config set` on a running supervisor (docs/contract.md, admin socket protocol): strategy and risk parameters change live,
 * validated before anything is applied, logged with old and new values, and kept in the supervisor's copy of
 * the config so an actor restarted later starts with them. Keys are dotted: `risk.maxOrderNotional=500`.
 */
import { parseExecutionParams } from '../../actors/execution/execution-params.js';
import { parseRiskParams } from '../../actors/risk/risk-params.js';
import { CONTROL_TIMEOUT_MS } from '../../runtime/actor-slot.js';
import { callWithin } from '../../runtime/control/comlink.js';
import { TapelineError, errorMessage } from '../../schema/errors.js';
import type { SupervisorContext } from '../supervisor-context.js';

export interface ConfigPatch {
  risk: Record<string, unknown>;
  execution: Record<string, unknown>;
  /** What a symbol actor's `configure` takes: symbol params at the top, strategies by name. */
  symbol: Record<string, unknown>;
}

const SETTABLE = 'risk.<param>, execution.<param>, strategies.symbol.<param>, strategies.<strategy>.<param>';

export function splitConfigSet(set: Record<string, unknown>): ConfigPatch {
  const patch: ConfigPatch = { risk: {}, execution: {}, symbol: {} };
  for (const [key, value] of Object.entries(set)) {
    const parts = key.split('.');
    if (parts[0] === 'risk' && parts.length === 2) patch.risk[parts[1]!] = value;
    else if (parts[0] === 'execution' && parts.length === 2) patch.execution[parts[1]!] = value;
    else if (parts[0] === 'strategies' && parts[1] === 'symbol' && parts.length === 3) patch.symbol[parts[2]!] = value;
    else if (parts[0] === 'strategies' && parts.length === 3) {
      const name = parts[1]!;
      patch.symbol[name] = {
        ...((patch.symbol[name] as Record<string, unknown> | undefined) ?? {}),
        [parts[2]!]: value,
      };
    } else {
      throw new TapelineError(
        'TL_CONFIG_INVALID',
        `config set: "${key}" is not a live parameter; settable: ${SETTABLE}`,
      );
    }
  }
  return patch;
}

export class ConfigChanges {
  constructor(private readonly rt: SupervisorContext) {}

  get(): Record<string, unknown> {
    return {
      config: {
        risk: this.rt.config.risk,
        execution: this.rt.config.execution,
        strategies: this.rt.config.strategies,
        runtime: this.rt.config.runtime,
      },
    };
  }

  async set(set: Record<string, unknown>): Promise<Record<string, unknown>> {
    const patch = splitConfigSet(set);
    const hasRisk = Object.keys(patch.risk).length > 0;
    const hasSymbol = Object.keys(patch.symbol).length > 0;
    const hasExecution = Object.keys(patch.execution).length > 0;
    // Everything is validated before anything is applied, so a bad key in one section changes no other.
    const execution = { ...this.rt.config.execution, ...patch.execution };
    if (hasExecution) {
      try {
        parseExecutionParams(execution, 'config set');
      } catch (err) {
        throw new TapelineError('TL_CONFIG_INVALID', errorMessage(err));
      }
    }
    if (hasRisk) {
      const merged = { ...this.rt.config.risk, ...patch.risk };
      try {
        parseRiskParams(merged, 'config set');
      } catch (err) {
        throw new TapelineError('TL_CONFIG_INVALID', errorMessage(err));
      }
      await this.configure('risk', { risk: patch.risk });
      this.rt.updateConfig('risk', merged);
    }
    if (hasExecution) {
      await this.configure('execution', { execution: patch.execution });
      this.rt.updateConfig('execution', execution);
    }
    if (hasSymbol) {
      const symbols = [...this.rt.slots.values()].filter((s) => s.plan.kind === 'symbol');
      // The first actor validates (it throws TL_CONFIG_INVALID and changes nothing); the rest take the same patch.
      for (const slot of symbols) await this.configure(slot.name, patch.symbol);
      this.rt.updateConfig('strategies', mergeStrategies(this.rt.config.strategies, patch.symbol));
    }
    this.rt.log.warn({ set }, 'configuration changed');
    return { changed: set, ...this.get() };
  }

  private async configure(actor: string, patch: Record<string, unknown>): Promise<void> {
    const slot = this.rt.slots.get(actor);
    if (!slot?.isAlive() || !slot.control) {
      throw new TapelineError('TL_ACTOR_UNAVAILABLE', `${actor} is not running; retry when it is`);
    }
    try {
      await callWithin(`${actor}.configure`, CONTROL_TIMEOUT_MS, () => slot.control!.configure(patch));
    } catch (err) {
      const code = (err as { code?: string }).code;
      throw new TapelineError(
        code === 'TL_ACTOR_TIMEOUT' ? code : 'TL_CONFIG_INVALID',
        `${actor}: ${errorMessage(err)}`,
      );
    }
  }
}

/** `strategies.symbol` holds the flat symbol params; each strategy its own object. */
function mergeStrategies(current: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...current };
  const symbol: Record<string, unknown> = { ...((current.symbol as Record<string, unknown> | undefined) ?? {}) };
  for (const [k, v] of Object.entries(patch)) {
    if (v && typeof v === 'object' && !Array.isArray(v))
      out[k] = { ...((current[k] as Record<string, unknown> | undefined) ?? {}), ...v };
    else symbol[k] = v;
  }
  if (Object.keys(symbol).length) out.symbol = symbol;
  return out;
}
