/**
 * The `metrics` message: one per symbol per snapshot boundary crossed (and a `final` one at end of input).
 * Everything but `book.feedLagMs` (wall-clock health) is a pure function of the ordered input and is covered by
 * `stateHash`, so replaying a tape reproduces the same sequence. Null means "not known yet". The exact rules
 * (what a snapshot contains, trade time, delta z) are in docs/telemetry.md.
 */
import { type Static, Type } from '@sinclair/typebox';

const Num = Type.Number();
const NullableNum = Type.Union([Type.Number(), Type.Null()]);

export const PriceBlock = Type.Object(
  {
    last: NullableNum,
    mid: NullableNum,
    /** Best levels of the local book. */
    bid: NullableNum,
    ask: NullableNum,
    /** ask − bid rounded to the tick (SymbolParams.tickSize; 8 decimals when it is 0). */
    spread: NullableNum,
    /** Size-weighted mid: (bid·askQty + ask·bidQty) / (bidQty + askQty). */
    microprice: NullableNum,
  },
  { additionalProperties: false },
);

export const TimeAndSalesBlock = Type.Object(
  {
    windowMs: Num,
    count: Num,
    buyVolume: Num,
    sellVolume: Num,
    vwap: NullableNum,
    largest: Num,
    largestSide: Type.Union([Type.Literal('buy'), Type.Literal('sell'), Type.Null()]),
    /** Trades per second: count / min(windowMs, time since the session's first event). */
    rate: Num,
    /** The stream whose prints feed T&S, CVD, delta and the profiles: chosen by the first print, fixed. */
    source: Type.Union([Type.Literal('aggTrade'), Type.Literal('trade'), Type.Null()]),
    /** Quantity used per print: 'q' (all) or 'nq' (aggTrade without RPI fills; `q` where absent). */
    quantity: Type.Union([Type.Literal('q'), Type.Literal('nq')]),
    /** Prints (session) whose trade time was below the last snapshot cut: counted at the cut instead. */
    lateTrades: Num,
  },
  { additionalProperties: false },
);

export const CvdBlock = Type.Object(
  {
    /** Cumulative signed aggressor quantity (base asset) of every trade since the actor started. */
    session: Num,
    /** Signed aggressor quantity over the rolling window. */
    rolling: Num,
    windowMs: Num,
    /** Least-squares slope of session CVD over the rolling window, base units per second. */
    slope: Num,
  },
  { additionalProperties: false },
);

export const ObiBlock = Type.Object(
  {
    /** Top N levels per side used for `value`. */
    levels: Num,
    value: NullableNum,
    /** Half-width of the band around mid, in basis points, used for `band`. */
    bandBps: Num,
    band: NullableNum,
  },
  { additionalProperties: false },
);

export const DeltaZBlock = Type.Object(
  {
    intervalMs: Num,
    /** Signed aggressor quantity of the last completed interval (the one scored). */
    delta: NullableNum,
    /** Mean and sample std (n − 1) of the completed intervals before it. */
    mean: Num,
    std: Num,
    z: NullableNum,
    /** Completed intervals in `mean`/`std` (at most the lookback; the scored one is not among them). */
    samples: Num,
    /** Signed aggressor quantity of the in-progress interval so far: not scored. */
    inProgress: Num,
  },
  { additionalProperties: false },
);

export const OpenInterestBlock = Type.Object(
  {
    value: NullableNum,
    /** Change against the value one lookback ago (openInterestHist backfill, then polls). */
    change: NullableNum,
    changePct: NullableNum,
    ts: NullableNum,
    /** OI change against price change over the same lookback; null until both are known. */
    quadrant: Type.Union([
      Type.Literal('long-buildup'),
      Type.Literal('short-buildup'),
      Type.Literal('short-covering'),
      Type.Literal('long-liquidation'),
      Type.Null(),
    ]),
  },
  { additionalProperties: false },
);

export const AtrBlock = Type.Object(
  {
    interval: Type.String(),
    period: Num,
    value: NullableNum,
    /** Range high/low over the lookback (klines, kept current from trades). */
    high: NullableNum,
    low: NullableNum,
  },
  { additionalProperties: false },
);

export const BookHealthBlock = Type.Object(
  {
    inSync: Type.Boolean(),
    lastUpdateId: Num,
    gaps: Num,
    resyncs: Num,
    /** Local receive time minus event time of the last event (ms); wall clock, not hashed. */
    feedLagMs: NullableNum,
    /** Exchange time since the last event of this symbol (ms). */
    sinceLastEventMs: NullableNum,
  },
  { additionalProperties: false },
);

const SideOrNull = Type.Union([Type.Literal('buy'), Type.Literal('sell'), Type.Null()]);

/** forceOrder over a rolling window. `side` is the liquidation order's side: sell = a long was liquidated. */
export const LiquidationsBlock = Type.Object(
  {
    windowMs: Num,
    count: Num,
    buyQty: Num,
    sellQty: Num,
    buyNotional: Num,
    sellNotional: Num,
    /** Largest notional in the window, its side and price. */
    largestNotional: Num,
    largestSide: SideOrNull,
    largestPrice: NullableNum,
    /** The latest liquidation of the session. */
    lastTs: NullableNum,
    lastSide: SideOrNull,
    lastPrice: NullableNum,
    lastQty: NullableNum,
  },
  { additionalProperties: false },
);

/** markPrice@1s: the latest values, and the basis of the last trade against the mark. */
export const FundingBlock = Type.Object(
  {
    mark: NullableNum,
    index: NullableNum,
    fundingRate: NullableNum,
    nextFundingTime: NullableNum,
    /** (last − mark) / mark · 10 000. */
    basisBps: NullableNum,
    ts: NullableNum,
  },
  { additionalProperties: false },
);

/** Session VWAP with bands at ±1 and ±2 volume-weighted standard deviations of price. */
export const VwapBlock = Type.Object(
  {
    vwap: NullableNum,
    std: NullableNum,
    upper1: NullableNum,
    lower1: NullableNum,
    upper2: NullableNum,
    lower2: NullableNum,
    volume: Num,
  },
  { additionalProperties: false },
);

/** A volume profile's summary: point of control and the 70 % value area, prices on the bucket grid. */
export const ProfileSummary = Type.Object(
  {
    volume: Num,
    poc: NullableNum,
    valueAreaHigh: NullableNum,
    valueAreaLow: NullableNum,
  },
  { additionalProperties: false },
);

export const VolumeProfileBlock = Type.Object(
  {
    /** Bucket size in price units (SymbolParams.profileBucket, or fixed from the session's first print). */
    bucket: NullableNum,
    session: ProfileSummary,
    windowMs: Num,
    window: ProfileSummary,
  },
  { additionalProperties: false },
);

/** CVD split by print size: large = notional ≥ thresholdNotional. */
export const CvdBySizeBlock = Type.Object(
  {
    thresholdNotional: Num,
    largeSession: Num,
    smallSession: Num,
    windowMs: Num,
    largeRolling: Num,
    smallRolling: Num,
    largeCount: Num,
  },
  { additionalProperties: false },
);

export const SignalDisplay = Type.Object(
  {
    strategy: Type.String(),
    side: Type.Union([Type.Literal('BUY'), Type.Literal('SELL')]),
    strength: Num,
    reason: Type.String(),
    ts: Num,
  },
  { additionalProperties: false },
);

export const MetricsMessage = Type.Object(
  {
    // Keys in the order the symbol engine writes them: the msgpackr shared structure derived from this schema
    // only matches an object whose keys come in the same order (shared-structures.ts).
    type: Type.Literal('metrics'),
    symbol: Type.String(),
    /** +1 per snapshot of this symbol. */
    seq: Type.Integer(),
    stateHash: Type.String({ pattern: '^[0-9a-f]{16}$' }),
    /** The engine's clock when cut: the highest event time among the events this snapshot contains. */
    ts: Num,
    /** Snapshot time: the boundary crossed (a multiple of snapshotIntervalMs); for the final one, `ts`. */
    boundary: Num,
    /** True once: the state after the last event, at end of input (replay) or shutdown (live). */
    final: Type.Boolean(),
    /** False while the book is out of sync or backfill is incomplete. */
    ready: Type.Boolean(),
    price: PriceBlock,
    timeAndSales: TimeAndSalesBlock,
    cvd: CvdBlock,
    obi: ObiBlock,
    deltaZ: DeltaZBlock,
    openInterest: OpenInterestBlock,
    atr: AtrBlock,
    book: BookHealthBlock,
    signalDisplay: Type.Union([SignalDisplay, Type.Null()]),
    advancedMetrics: Type.Record(
      Type.String(),
      Type.Union([Type.Number(), Type.String(), Type.Boolean(), Type.Null()]),
    ),
    liquidations: LiquidationsBlock,
    funding: FundingBlock,
    vwap: VwapBlock,
    volumeProfile: VolumeProfileBlock,
    cvdBySize: CvdBySizeBlock,
  },
  { $id: 'metrics', additionalProperties: false },
);
export type MetricsMessage = Static<typeof MetricsMessage>;

/** One liquidation (forceOrder) as it arrives, for a client's tape (channel `metrics`). Not hashed: a print,
 * not state; the `liquidations` block of `metrics` holds the hashed rolling figures. */
export const LiquidationMessage = Type.Object(
  {
    type: Type.Literal('liquidation'),
    symbol: Type.String(),
    /** The order's trade time (`T`). */
    ts: Num,
    /** The liquidation order's side: sell = a long was liquidated. */
    side: Type.Union([Type.Literal('buy'), Type.Literal('sell')]),
    /** Average fill price (`ap`), or the order price when no fill price is given. */
    price: Num,
    /** Filled quantity (`z`), or the order quantity when nothing is reported filled. */
    qty: Num,
    notional: Num,
  },
  { $id: 'liquidation', additionalProperties: false },
);
export type LiquidationMessage = Static<typeof LiquidationMessage>;

/** The print columns: element i of every array is print i, oldest first. */
const tradeColumns = {
  /** Each print's own trade time (`T`), ms. */
  ts: Type.Array(Num),
  price: Type.Array(Num),
  qty: Type.Array(Num),
  /** Aggressor side: 1 buy, -1 sell. */
  side: Type.Array(Type.Union([Type.Literal(1), Type.Literal(-1)])),
  /** Prints left out (beyond the per-snapshot cap, or beyond what the gateway keeps). */
  omitted: Type.Integer({ minimum: 0 }),
};

export const TradeColumns = Type.Object(tradeColumns, { additionalProperties: false });

/**
 * The prints (trades of the stream that feeds T&S, with the quantity CVD counts) since the previous snapshot,
 * sent just before each `metrics` message (channel `trades`). Not hashed: a tape for clients, not state.
 */
export const TradesMessage = Type.Object(
  { type: Type.Literal('trades'), symbol: Type.String(), ...tradeColumns },
  { $id: 'trades', additionalProperties: false },
);
export type TradesMessage = Static<typeof TradesMessage>;
