/**
 * The synthetic liquidity providers: keep a one-to-few-tick spread around the fair price, fade stale quotes
 * when fair moves, refill levels that trades consumed, churn sizes near the top and keep a realistic depth
 * profile (thin at the touch, thicker a few ticks out, sparse far away), skewed by the flow's lean.
 *
 * Real makers re-anchor their quotes to the current mid: the profile is a function of the distance from the
 * touch *now*, so deep levels are re-sized a few per step (each level of the ±10 bp band every ~10 s) and the
 * band's OBI hovers around 0 instead of remembering which side the price came from. Sizes near the touch
 * (top 12 levels, re-sized ~15 % of levels per 50 ms) follow the lean L: bids ×(1+L), asks ×(1−L), so the
 * top-10 OBI tracks L; deeper levels get half of it, which gives the band its excursions.
 */
import { ASK, BID, type OrderBook, type Side } from './order-book.js';
import type { Rng } from './rng.js';

/** Levels kept per side (enough for a `limit=1000` snapshot). */
export const BOOK_LEVELS = 1000;

/** Typical resting quantity at `distance` ticks from the touch, in units. */
export function levelSize(rng: Rng, typicalUnits: number, distance: number, sigma = 0.7): number {
  const base = typicalUnits * 3 * (1 + 0.35 * distance ** 0.6);
  return Math.max(1, Math.round(rng.logNormal(base, sigma)));
}

/** Builds a full book around `mid` (used at start and never again: afterwards the book only evolves). */
export function seedBook(book: OrderBook, rng: Rng, midTick: number, typicalUnits: number): void {
  const bid = Math.floor(midTick);
  for (const side of [BID, ASK] as Side[]) {
    let tick = side === BID ? bid : bid + 1;
    for (let n = 0; n < BOOK_LEVELS; ) {
      const distance = side === BID ? bid - tick : tick - bid - 1;
      // Dense near the touch, sparser further out (real books have gaps beyond a few dozen ticks).
      if (distance < 20 || rng.chance(0.55)) {
        book.setLevel(side, tick, levelSize(rng, typicalUnits, distance));
        n++;
      }
      tick += side === BID ? -1 : 1;
      if (tick <= 0) break;
    }
  }
}

/**
 * One step of maker behaviour. `spread` is the target spread in ticks; `churn` the mean number of random
 * size updates near the top this step.
 */
export function refreshQuotes(
  book: OrderBook,
  rng: Rng,
  fair: number,
  spread: number,
  churn: number,
  typicalUnits: number,
  lean = 0,
  reach = 40,
): void {
  const targetBid = Math.floor(fair - spread / 2 + 0.5);
  const targetAsk = targetBid + spread;
  // Fade stale quotes: asks below the target ask when fair rose, bids above the target bid when it fell.
  fade(book, rng, ASK, targetAsk);
  fade(book, rng, BID, targetBid);
  // Fill the gap up to the target touch, without crossing the other side.
  fill(book, rng, BID, targetBid, typicalUnits * (1 + lean));
  fill(book, rng, ASK, targetAsk, typicalUnits * (1 - lean));
  // Churn: random adds and cancels near the touch.
  const n = rng.poisson(churn);
  for (let i = 0; i < n; i++) {
    const side: Side = rng.chance(0.5) ? BID : ASK;
    const best = side === BID ? book.bestBid() : book.bestAsk();
    if (best === undefined) continue;
    const distance = Math.min(60, Math.floor(rng.exp(6)));
    const tick = side === BID ? best - distance : best + distance;
    if (tick <= 0) continue;
    const current = book.qtyAt(side, tick);
    if (current > 0 && distance > 0 && rng.chance(0.15)) book.setLevel(side, tick, 0);
    else
      book.setLevel(
        side,
        tick,
        Math.max(1, Math.round((current || levelSize(rng, typicalUnits, distance)) * rng.logNormal(1, 0.25))),
      );
  }
  for (const side of [BID, ASK] as Side[]) {
    const skew = side === BID ? lean : -lean;
    shapeTop(book, rng, side, typicalUnits * (1 + skew));
    reshapeDeep(book, rng, side, typicalUnits * (1 + skew / 2), reach);
  }
  trim(book, BID);
  trim(book, ASK);
  extend(book, rng, BID, typicalUnits);
  extend(book, rng, ASK, typicalUnits);
}

/**
 * Re-quotes one side around the fair price at once (after a run moved the touch): fills the gap up to the
 * target touch and sizes every top level for the current lean, as makers do within ~100 ms of a break.
 */
export function requoteSide(
  book: OrderBook,
  rng: Rng,
  side: Side,
  fair: number,
  spread: number,
  typicalUnits: number,
  lean: number,
): void {
  const targetBid = Math.floor(fair - spread / 2 + 0.5);
  const skew = side === BID ? lean : -lean;
  fill(book, rng, side, side === BID ? targetBid : targetBid + spread, typicalUnits * (1 + skew));
  shapeTop(book, rng, side, typicalUnits * (1 + skew), 1);
}

const TOP = 12;
const TOP_RESIZE = 0.25;
/** Deep levels re-anchored per side per step: one per 150 ticks of reach (BTC ±10 bp ≈ 600 ticks), ≥ 2. */
const DEEP_TICKS_PER_UPDATE = 150;
/** Beyond this distance levels are sparse (as in the seeded book): 55 % of ticks hold quantity. */
const DENSE = 20;

/** Re-sizes some of the top levels to the (skewed) profile: the queue sizes makers want at the touch now. */
function shapeTop(book: OrderBook, rng: Rng, side: Side, units: number, share = TOP_RESIZE): void {
  const ticks = book.sides[side].ticks;
  const best = ticks[0];
  if (best === undefined) return;
  for (let i = 0; i < TOP && i < ticks.length; i++) {
    if (share < 1 && !rng.chance(share)) continue;
    const tick = ticks[i] as number;
    // Makers re-quote the touch in round-ish sizes: less dispersed than the random resting orders behind.
    book.setLevel(side, tick, levelSize(rng, units, Math.abs(tick - best), 0.3));
  }
}

/** Re-anchors a few random deeper levels to the profile at their current distance (or a gap, sparsely). */
function reshapeDeep(book: OrderBook, rng: Rng, side: Side, units: number, reach: number): void {
  const s = book.sides[side];
  const best = s.ticks[0];
  const far = s.ticks[s.ticks.length - 1];
  if (best === undefined || far === undefined) return;
  const n = Math.max(2, Math.ceil(reach / DEEP_TICKS_PER_UPDATE));
  for (let i = 0; i < n; i++) {
    const distance = 1 + rng.int(reach);
    const tick = side === BID ? best - distance : best + distance;
    if (tick <= 0 || (side === BID ? tick < far : tick > far)) continue;
    if (distance >= DENSE && rng.chance(0.45)) book.setLevel(side, tick, 0);
    else book.setLevel(side, tick, levelSize(rng, units, distance));
  }
}

/** Re-grows the far end of a side that fading or a trend thinned out (a few levels per step). */
function extend(book: OrderBook, rng: Rng, side: Side, typicalUnits: number): void {
  const s = book.sides[side];
  for (let i = 0; i < 5 && s.ticks.length < BOOK_LEVELS; i++) {
    const far = s.ticks[s.ticks.length - 1];
    const best = s.ticks[0];
    if (far === undefined || best === undefined) return;
    const tick = side === BID ? far - 1 - rng.int(3) : far + 1 + rng.int(3);
    if (tick <= 0) return;
    book.setLevel(side, tick, levelSize(rng, typicalUnits, Math.abs(tick - best)));
  }
}

function fade(book: OrderBook, rng: Rng, side: Side, target: number): void {
  // Makers requote within a step or two: every stale level goes, not just the touch.
  if (!rng.chance(0.7)) return;
  for (let guard = 0; guard < 400; guard++) {
    const best = side === BID ? book.bestBid() : book.bestAsk();
    if (best === undefined) return;
    if (side === BID ? best <= target : best >= target) return;
    book.setLevel(side, best, 0);
    // A level holding only user quantity cannot be faded: stop rather than loop on it.
    if (book.qtyAt(side, best) > 0) return;
  }
}

function fill(book: OrderBook, rng: Rng, side: Side, target: number, typicalUnits: number): void {
  const other = side === BID ? book.bestAsk() : book.bestBid();
  const limit = other === undefined ? target : side === BID ? Math.min(target, other - 1) : Math.max(target, other + 1);
  let best: number = (side === BID ? book.bestBid() : book.bestAsk()) ?? (side === BID ? limit - 1 : limit + 1);
  // After a jump makers quote the 50 ticks behind the new touch; further back stays thin (an air pocket).
  best = side === BID ? Math.max(best, limit - 50) : Math.min(best, limit + 50);
  for (let guard = 0; guard < 50; guard++) {
    const next: number = side === BID ? best + 1 : best - 1;
    if (side === BID ? next > limit : next < limit) return;
    if (next <= 0) return;
    book.setLevel(side, next, levelSize(rng, typicalUnits, 0));
    best = next;
  }
}

/** Keeps each side at BOOK_LEVELS levels by dropping the farthest ones (never user quantity). */
function trim(book: OrderBook, side: Side): void {
  const s = book.sides[side];
  while (s.ticks.length > BOOK_LEVELS) {
    const far = s.ticks[s.ticks.length - 1] as number;
    if (book.userQtyAt(side, far) > 0) return;
    book.setLevel(side, far, 0);
  }
}
