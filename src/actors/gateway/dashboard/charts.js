// Live line charts on uPlot (served from node_modules, no CDN) at one point per second: a live snapshot in the
// same second as the newest point replaces it (as the gateway's history does), so history and live data share
// one time grid and a chart spans minutes (MAX_POINTS = 30 min), not seconds. Redrawn by the caller's timer,
// never per message, so a busy feed cannot starve the page.
import uPlot from '/vendor/uplot/uPlot.esm.js';

export const MAX_POINTS = 1_800;
const COLORS = ['#4aa3ff', '#f0b429', '#2fbf71', '#e5534b', '#e5534b', '#a371f7', '#a371f7'];

export function axes() {
  return [
    { stroke: '#7d8794', grid: { stroke: '#222831' }, size: 24 },
    { stroke: '#7d8794', grid: { stroke: '#222831' }, size: 64 },
  ];
}

/** A uPlot series per name; names starting with ± are dashed bands. */
export function seriesOf(names) {
  return [
    {},
    ...names.map((name, i) => ({
      label: name,
      stroke: COLORS[i % COLORS.length],
      width: 1,
      ...(name.startsWith('±') || name.startsWith('+') || name.startsWith('−') ? { dash: [4, 4] } : {}),
    })),
  ];
}

/** Columns [xs(seconds), ...series] kept at one point per second, bounded. */
export class SecondSeries {
  constructor(count) {
    this.data = [[], ...Array.from({ length: count }, () => [])];
    this.dirty = false;
  }

  clear() {
    for (const col of this.data) col.length = 0;
    this.dirty = true;
  }

  /** x in ms; values in series order (null for a gap). */
  push(xMs, values) {
    const xs = this.data[0];
    const x = Math.floor(xMs / 1000);
    const lastX = xs.length ? xs[xs.length - 1] : undefined;
    // uPlot wants increasing x: an older point (a replay, a restart) starts the series over.
    if (lastX !== undefined && x < lastX) this.clear();
    const same = lastX === x;
    if (!same) xs.push(x);
    const at = xs.length - 1;
    for (let i = 0; i < values.length; i++) this.data[i + 1][at] = typeof values[i] === 'number' ? values[i] : null;
    if (xs.length > MAX_POINTS) for (const col of this.data) col.splice(0, col.length - MAX_POINTS);
    this.dirty = true;
  }

  /** The value of series i at the point nearest (at or before) x seconds; null when unknown. */
  valueAt(i, x) {
    const xs = this.data[0];
    let lo = 0;
    let hi = xs.length - 1;
    if (hi < 0) return null;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (xs[mid] <= x) lo = mid;
      else hi = mid - 1;
    }
    for (let k = lo; k >= 0 && k > lo - 60; k--) if (typeof this.data[i][k] === 'number') return this.data[i][k];
    return null;
  }
}

export class LiveChart {
  constructor(container, title, seriesNames, height = 110) {
    this.root = document.createElement('div');
    this.root.className = 'chart';
    const label = document.createElement('div');
    label.className = 'title';
    label.textContent = title;
    this.root.append(label);
    container.append(this.root);
    this.height = height;
    this.series = new SecondSeries(seriesNames.length);
    const width = Math.max(200, container.clientWidth / 2 - 8);
    this.plot = new uPlot(
      {
        width,
        height,
        legend: { show: false },
        cursor: { show: false },
        scales: { x: { time: true } },
        axes: axes(),
        series: seriesOf(seriesNames),
      },
      this.series.data,
      this.root,
    );
  }

  push(xMs, values) {
    this.series.push(xMs, values);
  }

  clear() {
    this.series.clear();
  }

  redraw() {
    if (!this.series.dirty) return;
    this.series.dirty = false;
    this.plot.setData(this.series.data);
  }

  resize(width) {
    this.plot.setSize({ width: Math.max(200, width), height: this.height });
  }
}
