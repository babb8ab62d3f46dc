/**
 * The loss curve of a training run, drawn by Observable Plot as SVG like the experiment charts:
 * the train loss of every step (thin) and its moving average, and the held-out loss at the steps it
 * was measured (dots), in nats per trained byte, with text readable from a classroom (16 px).
 */
import * as Plot from '@observablehq/plot';
import type { LossPoint } from '../../train/train-api';

/** One drawn point: a series, a step and a loss. */
export interface LossChartPoint {
  series: 'train' | 'train (average of 20 steps)' | 'held-out';
  step: number;
  loss: number;
}

/** Steps in the train loss's moving average. */
const WINDOW = 20;

/** Steps drawn at most per series (longer runs are thinned evenly; the last step is always kept). */
const MAX_POINTS = 2000;

function thinned<T>(points: T[]): T[] {
  if (points.length <= MAX_POINTS) return points;
  const every = Math.ceil(points.length / MAX_POINTS);
  return points.filter((_, i) => i % every === 0 || i === points.length - 1);
}

/** The points of a run: `losses[i]` is step i + 1's train loss. Non-finite losses are left out. */
export function lossPoints(losses: readonly number[], heldOut: readonly LossPoint[]): LossChartPoint[] {
  const train: LossChartPoint[] = [];
  const average: LossChartPoint[] = [];
  let sum = 0;
  losses.forEach((loss, i) => {
    sum += loss;
    if (i >= WINDOW) sum -= losses[i - WINDOW]!;
    if (!Number.isFinite(loss)) return;
    train.push({ series: 'train', step: i + 1, loss });
    if (Number.isFinite(sum))
      average.push({
        series: 'train (average of 20 steps)',
        step: i + 1,
        loss: sum / Math.min(WINDOW, i + 1),
      });
  });
  const held = [...heldOut]
    .filter((p) => Number.isFinite(p.loss))
    .sort((a, b) => a.step - b.step)
    .map((p) => ({ series: 'held-out' as const, step: p.step, loss: p.loss }));
  return [...thinned(train), ...thinned(average), ...held];
}

/** Draw the chart (a <figure> with a legend and the SVG). */
export function lossPlot(points: LossChartPoint[], width: number): HTMLElement | SVGSVGElement {
  const line = (series: LossChartPoint['series'], strokeWidth: number, opacity: number) =>
    Plot.lineY(
      points.filter((p) => p.series === series),
      { x: 'step', y: 'loss', stroke: 'series', strokeWidth, strokeOpacity: opacity, ariaHidden: 'true' },
    );
  return Plot.plot({
    width,
    height: 320,
    marginLeft: 60,
    marginBottom: 48,
    style: { fontSize: '16px', background: 'white' },
    x: { label: 'Step', tickFormat: 'd', grid: true },
    y: { label: 'Loss (nats per trained byte)', grid: true, zero: true },
    color: {
      legend: true,
      domain: ['train', 'train (average of 20 steps)', 'held-out'],
      range: ['#9bb7e8', '#2357c6', '#c0392b'],
    },
    marks: [
      line('train', 1, 0.8),
      line('train (average of 20 steps)', 2.5, 1),
      line('held-out', 2, 0.8),
      Plot.dot(
        points.filter((p) => p.series === 'held-out'),
        {
          x: 'step',
          y: 'loss',
          fill: 'series',
          r: 4,
          stroke: 'white',
          title: (d: LossChartPoint) => `held-out loss at step ${d.step}: ${d.loss.toFixed(3)}`,
        },
      ),
    ],
  });
}
