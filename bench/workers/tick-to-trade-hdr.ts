/**
 * HDR histograms (hdr-histogram-js) for the cross-thread benches: values recorded in ns, 3 significant digits,
 * reported in µs as the harness's CaseResult with p99.9, max and count as extra figures.
 */
import * as hdr from 'hdr-histogram-js';
import type { CaseResult } from '../harness.js';

export function summarizeUs(valuesUs: ArrayLike<number>, elapsedMs: number): CaseResult {
  const h = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 60_000_000_000,
    numberOfSignificantValueDigits: 3,
  });
  for (let i = 0; i < valuesUs.length; i++) h.recordValue(Math.max(1, Math.round(valuesUs[i]! * 1_000)));
  const at = (p: number) => h.getValueAtPercentile(p) / 1_000;
  const result: CaseResult = {
    p50Us: at(50),
    p99Us: at(99),
    opsPerSec: elapsedMs > 0 ? (valuesUs.length * 1_000) / elapsedMs : 0,
    samples: valuesUs.length,
    extra: { p999Us: at(99.9), maxUs: h.maxValue / 1_000 },
  };
  h.destroy();
  return result;
}
