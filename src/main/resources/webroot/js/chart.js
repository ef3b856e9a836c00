// Two small SVG charts drawn by hand: tasks by state over time (one line per state) and horizontal bars by rule.
import { s } from './common.js';

export const STATE_COLOURS = {
  queued: '#5fb3c9', pending: '#7a8699', deferred: '#d19a00', sending: '#6f42c1', sent: '#1f5fbf',
  delivered: '#1e7a3c', failed: '#b3261e', blocked: '#e8590c', unknown: '#333333',
};

/**
 * Draws samples [{t: ms, counts: {state: n}}] into svg (viewBox 640x220) as one polyline per state that was ever
 * non-zero; returns the states drawn.
 */
export function drawStateChart(svg, samples) {
  const W = 640, H = 220, L = 44, R = 10, T = 10, B = 24;
  svg.replaceChildren();
  const states = Object.keys(STATE_COLOURS).filter(st => samples.some(x => (x.counts[st] || 0) > 0));
  const max = Math.max(1, ...samples.flatMap(x => states.map(st => x.counts[st] || 0)));
  const t0 = samples.length ? samples[0].t : 0;
  const t1 = samples.length ? samples[samples.length - 1].t : 1;
  const span = Math.max(1, t1 - t0);
  const x = t => L + (samples.length < 2 ? (W - L - R) : (t - t0) / span * (W - L - R));
  const y = n => T + (H - T - B) * (1 - n / max);
  svg.append(s('line', { x1: L, y1: y(0), x2: W - R, y2: y(0), stroke: '#c5ccd8' }));
  svg.append(s('line', { x1: L, y1: T, x2: L, y2: y(0), stroke: '#c5ccd8' }));
  svg.append(s('text', { x: L - 6, y: y(max) + 4, 'text-anchor': 'end' }, String(max)));
  svg.append(s('text', { x: L - 6, y: y(0) + 4, 'text-anchor': 'end' }, '0'));
  svg.append(s('text', { x: W - R, y: H - 6, 'text-anchor': 'end' }, 'now'));
  svg.append(s('text', { x: L, y: H - 6 }, samples.length < 2 ? '' : '−' + Math.round(span / 1000) + ' s'));
  for (const st of states) {
    const points = samples.map(p => x(p.t).toFixed(1) + ',' + y(p.counts[st] || 0).toFixed(1)).join(' ');
    svg.append(s('polyline', { points, fill: 'none', stroke: STATE_COLOURS[st], 'stroke-width': 2, 'data-state': st },
      s('title', null, st)));
    const last = samples[samples.length - 1];
    svg.append(s('circle', { cx: x(last.t), cy: y(last.counts[st] || 0), r: 3, fill: STATE_COLOURS[st] }));
  }
  return states;
}

/** Draws bars [{label, n, colour}] into svg, one 22-px row each; the viewBox grows with the rows. */
export function drawBars(svg, bars) {
  const W = 640, row = 22, labelW = 230;
  const height = Math.max(1, bars.length) * row + 8;
  svg.setAttribute('viewBox', '0 0 ' + W + ' ' + height);
  svg.replaceChildren();
  if (bars.length === 0) {
    svg.append(s('text', { x: 4, y: 18 }, 'nothing blocked or deferred'));
    return;
  }
  const max = Math.max(1, ...bars.map(b => b.n));
  bars.forEach((b, i) => {
    const yTop = 4 + i * row;
    svg.append(s('text', { x: labelW - 6, y: yTop + 15, 'text-anchor': 'end' }, b.label));
    const w = Math.max(2, (W - labelW - 50) * b.n / max);
    svg.append(s('rect', { x: labelW, y: yTop + 3, width: w.toFixed(1), height: row - 8, fill: b.colour, 'data-rule': b.label },
      s('title', null, b.label + ': ' + b.n)));
    svg.append(s('text', { x: labelW + w + 6, y: yTop + 15 }, String(b.n)));
  });
}
