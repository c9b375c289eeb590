/**
 * Test oracle: the window figures of T&S, CVD and CVD by size as they were computed before the folds were kept
 * between snapshots (commit 7405157): one full scan of the window, oldest first, at every snapshot. The metric
 * classes must give exactly these floats (window-fold-equivalence.test.ts); kept verbatim, do not "improve".
 */
import type { TimeRing } from '../../../../src/actors/symbol/time-ring.js';

export interface ScanTas {
  count: number;
  buyVolume: number;
  sellVolume: number;
  vwap: number | null;
  largest: number;
  largestSide: 'buy' | 'sell' | null;
}

/** Records: time, price, qty, side (±1): time-and-sales.ts. */
export function scanTimeAndSales(ring: TimeRing): ScanTas {
  let buy = 0;
  let sell = 0;
  let notional = 0;
  let largest = 0;
  let largestSide: 'buy' | 'sell' | null = null;
  for (let i = 0; i < ring.size; i++) {
    const q = ring.get(i, 2);
    const side = ring.get(i, 3);
    if (side > 0) buy += q;
    else sell += q;
    notional += ring.get(i, 1) * q;
    if (q > largest) {
      largest = q;
      largestSide = side > 0 ? 'buy' : 'sell';
    }
  }
  const volume = buy + sell;
  return {
    count: ring.size,
    buyVolume: buy,
    sellVolume: sell,
    vwap: volume > 0 ? notional / volume : null,
    largest,
    largestSide,
  };
}

/** Records: time, signed qty, session CVD after the trade: cvd.ts. */
export function scanCvd(ring: TimeRing, now: number): { rolling: number; slope: number } {
  const n = ring.size;
  let rolling = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    rolling += ring.get(i, 1);
    sx += ring.get(i, 0) - now;
    sy += ring.get(i, 2);
  }
  let slope = 0;
  if (n >= 2) {
    const mx = sx / n;
    const my = sy / n;
    let sxx = 0;
    let sxy = 0;
    for (let i = 0; i < n; i++) {
      const dx = (ring.get(i, 0) - now - mx) / 1000;
      sxx += dx * dx;
      sxy += dx * (ring.get(i, 2) - my);
    }
    slope = sxx > 0 ? sxy / sxx : 0;
  }
  return { rolling, slope };
}

/** Records: time, signed qty, signed notional: cvd-by-size.ts. */
export function scanCvdBySize(
  ring: TimeRing,
  thresholdNotional: number,
): { largeRolling: number; smallRolling: number; largeCount: number } {
  let large = 0;
  let small = 0;
  let count = 0;
  for (let i = 0; i < ring.size; i++) {
    if (Math.abs(ring.get(i, 2)) >= thresholdNotional) {
      large += ring.get(i, 1);
      count++;
    } else small += ring.get(i, 1);
  }
  return { largeRolling: large, smallRolling: small, largeCount: count };
}
