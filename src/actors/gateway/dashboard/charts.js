// Live line charts on uPlot (served from node_modules, no CDN): a rolling window of points per chart, redrawn at
// most once per animation tick by the caller, never per message, so a busy feed cannot starve the page.
import uPlot from '/vendor/uplot/uPlot.esm.js';

const MAX_POINTS = 600;
const COLORS = ['#4aa3ff', '#f0b429', '#2fbf71', '#e5534b', '#e5534b'];

export class LiveChart {
  constructor(container, title, seriesNames) {
    this.root = document.createElement('div');
    this.root.className = 'chart';
    const label = document.createElement('div');
    label.className = 'title';
    label.textContent = title;
    this.root.append(label);
    container.append(this.root);
    this.data = [[], ...seriesNames.map(() => [])];
    this.dirty = false;
    const width = Math.max(200, container.clientWidth / 2 - 8);
    this.plot = new uPlot(
      {
        width,
        height: 110,
        legend: { show: false },
        cursor: { show: false },
        scales: { x: { time: true } },
        axes: [
          { stroke: '#7d8794', grid: { stroke: '#222831' }, size: 24 },
          { stroke: '#7d8794', grid: { stroke: '#222831' }, size: 56 },
        ],
        series: [{}, ...seriesNames.map((name, i) => ({ label: name, stroke: COLORS[i % COLORS.length], width: 1 }))],
      },
      this.data,
      this.root,
    );
  }

  /** x in ms; values in series order (null for a gap). */
  push(xMs, values) {
    const xs = this.data[0];
    const x = xMs / 1000;
    // uPlot wants increasing x: an out-of-order point (a replay, a restart) restarts the window.
    if (xs.length && x < xs[xs.length - 1]) for (const col of this.data) col.length = 0;
    xs.push(x);
    for (let i = 0; i < values.length; i++) this.data[i + 1].push(typeof values[i] === 'number' ? values[i] : null);
    if (xs.length > MAX_POINTS) for (const col of this.data) col.splice(0, col.length - MAX_POINTS);
    this.dirty = true;
  }

  redraw() {
    if (!this.dirty) return;
    this.dirty = false;
    this.plot.setData(this.data);
  }

  resize(width) {
    this.plot.setSize({ width: Math.max(200, width), height: 110 });
  }
}
