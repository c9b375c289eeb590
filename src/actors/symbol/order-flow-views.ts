/**
 * OrderFlowViews: the order-flow metrics beside the core telemetry — liquidations (and their client prints),
 * mark price and funding, session VWAP bands, volume profiles, CVD by size — fed by SymbolEngine, read at
 * snapshot time, hashed and snapshotted as one group. Pure like the engine; the rules are in docs/telemetry.md.
 */
import type { LiquidationMessage } from '../../schema/metrics-message.js';
import type { ForceOrderEvent, MarkPriceEvent } from '../../schema/market-events.js';
import { CvdBySize, type CvdBySizeData, type CvdBySizeFigures } from './metrics/cvd-by-size.js';
import {
  Liquidations,
  type LiquidationsData,
  type LiquidationsFigures,
  liquidationFill,
} from './metrics/liquidations.js';
import { type FundingFigures, MarkFunding, type MarkFundingData } from './metrics/mark-funding.js';
import { SessionVwap, type SessionVwapData, type VwapFigures } from './metrics/session-vwap.js';
import { VolumeProfile, type VolumeProfileData, type VolumeProfileFigures } from './metrics/volume-profile.js';
import type { StateHasher } from './state-hash.js';
import type { SymbolParams } from './symbol-params.js';
import { TradeStamp, type TradeStampData } from './trade-stamp.js';

/** The group's part of SymbolEngineSnapshot (each absent in snapshots from before it: fresh state then). */
export interface OrderFlowData {
  liquidationStamp?: TradeStampData;
  liquidations?: LiquidationsData;
  funding?: MarkFundingData;
  vwap?: SessionVwapData;
  volumeProfile?: VolumeProfileData | undefined;
  cvdBySize?: CvdBySizeData;
}

/** The message blocks, in the message's key order (metrics-message.ts). */
export interface OrderFlowFigures {
  liquidations: LiquidationsFigures;
  funding: FundingFigures;
  vwap: VwapFigures;
  volumeProfile: VolumeProfileFigures;
  cvdBySize: CvdBySizeFigures;
}

const EMPTY_PRINTS: readonly LiquidationMessage[] = Object.freeze([]);

export class OrderFlowViews {
  /** Liquidations have their own stamp sequence (their own ring order and late count, not `lateTrades`). */
  private readonly liqStamp: TradeStamp;
  private readonly liquidations: Liquidations;
  private readonly funding: MarkFunding;
  private readonly vwap: SessionVwap;
  private readonly profile: VolumeProfile;
  private readonly cvdBySize: CvdBySize;
  /** Liquidation prints for clients since the last drain (rare: allocated per event). */
  private prints: LiquidationMessage[] = [];

  constructor(
    private readonly symbol: string,
    p: SymbolParams,
    d: OrderFlowData = {},
  ) {
    this.liqStamp = new TradeStamp(d.liquidationStamp);
    this.liquidations = new Liquidations(p.liquidationWindowMs, d.liquidations);
    this.funding = new MarkFunding(d.funding);
    this.vwap = new SessionVwap(d.vwap);
    this.profile = new VolumeProfile(p.profileBucket, p.profileWindowMs, d.volumeProfile);
    this.cvdBySize = new CvdBySize(p.largeTradeNotional, p.cvdWindowMs, d.cvdBySize);
  }

  /** A print at stamp `ts` (trade-stamp.ts) with the quantity the engine counts. */
  onPrint(ts: number, price: number, qty: number, sign: number): void {
    this.vwap.onTrade(price, qty);
    this.profile.onTrade(ts, price, qty);
    this.cvdBySize.onTrade(ts, price, sign * qty);
  }

  onLiquidation(e: ForceOrderEvent): void {
    const [price, qty] = liquidationFill(e);
    if (!(price > 0 && qty > 0)) return;
    const ts = this.liqStamp.stamp(e.tradeTime, e.eventTime);
    this.liquidations.onLiquidation(ts, e.tradeTime, e.side === 'buy' ? 1 : -1, price, qty);
    const notional = price * qty;
    this.prints.push({ type: 'liquidation', symbol: this.symbol, ts: e.tradeTime, side: e.side, price, qty, notional });
  }

  onMarkPrice(e: MarkPriceEvent): void {
    this.funding.onMarkPrice(e);
  }

  /** A snapshot cut at `t` (see TradeStamp.cut). */
  cut(t: number): void {
    this.liqStamp.cut(t);
  }

  drainPrints(): readonly LiquidationMessage[] {
    if (this.prints.length === 0) return EMPTY_PRINTS;
    const out = this.prints;
    this.prints = [];
    return out;
  }

  /** At snapshot time `now` (windows evict and profiles fold here, so call before `hashInto`). */
  figures(now: number, lastPrice: number): OrderFlowFigures {
    return {
      liquidations: this.liquidations.figures(now),
      funding: this.funding.figures(lastPrice),
      vwap: this.vwap.figures(),
      volumeProfile: this.profile.figures(now),
      cvdBySize: this.cvdBySize.figures(now),
    };
  }

  hashInto(h: StateHasher): void {
    this.liqStamp.hashInto(h);
    this.liquidations.hashInto(h);
    this.funding.hashInto(h);
    this.vwap.hashInto(h);
    this.profile.hashInto(h);
    this.cvdBySize.hashInto(h);
  }

  toData(): OrderFlowData {
    return {
      liquidationStamp: this.liqStamp.toData(),
      liquidations: this.liquidations.toData(),
      funding: this.funding.toData(),
      vwap: this.vwap.toData(),
      volumeProfile: this.profile.toData(),
      cvdBySize: this.cvdBySize.toData(),
    };
  }
}
