/**
 * The `metrics` message (DESIGN A3): one per symbol per snapshot interval of exchange time. Everything but
 * `book.feedLagMs` / `book.sinceLastEventMs` (wall-clock health) is a pure function of the ordered input and is
 * covered by `stateHash`, so replaying a tape reproduces the same sequence. Null means "not known yet".
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
    /** Trades per second over the window. */
    rate: Num,
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
    /** Signed aggressor quantity of the current interval. */
    delta: Num,
    mean: Num,
    std: Num,
    z: NullableNum,
    /** Completed intervals in the rolling statistics. */
    samples: Num,
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
    /** Exchange event time (ms) of the last event in this snapshot. */
    ts: Num,
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
  },
  { $id: 'metrics', additionalProperties: false },
);
export type MetricsMessage = Static<typeof MetricsMessage>;
