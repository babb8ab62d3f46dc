/**
 * The accuracy-by-turn chart, drawn by Observable Plot as SVG: one line per condition with its 95%
 * Wilson band and error bars. Every point is a link to the episodes behind it.
 */
import * as Plot from '@observablehq/plot';
import { routeHash } from '../../state/route-path';
import type { ConditionSummary, ExperimentSummary } from '../../core/metrics';

export interface ChartPoint {
  series: string;
  /** Row index in the summary. */
  row: number;
  turn: number;
  /** The turn nudged sideways per series, so lines that coincide stay visible. */
  x: number;
  p: number;
  low: number;
  high: number;
  n: number;
  successes: number;
  episodeIds: string[];
  solvedIds: string[];
}

/** The points of every row with at least one completed episode. */
export function chartPoints(
  summary: ExperimentSummary,
  label: (row: ConditionSummary) => string,
): ChartPoint[] {
  const rows = summary.rows.filter((r) => r.completedIds.length > 0);
  const spread = rows.length > 1 ? 0.12 : 0;
  return rows.flatMap((row, i) => {
    const nudge = rows.length > 1 ? -spread / 2 + (spread * i) / (rows.length - 1) : 0;
    return row.cumulative.flatMap((point) =>
      point.p === null || point.low === null || point.high === null
        ? []
        : [
            {
              series: label(row),
              row: summary.rows.indexOf(row),
              turn: point.turn,
              x: point.turn + nudge,
              p: point.p,
              low: point.low,
              high: point.high,
              n: point.n,
              successes: point.successes,
              episodeIds: point.episodeIds,
              solvedIds: point.solvedIds,
            },
          ],
    );
  });
}

/** The href of a point: the episode itself when there is one, else a marker the chart's click handler reads. */
export function pointHref(point: ChartPoint): string {
  return point.episodeIds.length === 1
    ? routeHash('history', point.episodeIds[0] ?? '')
    : `#point/${point.row}/${point.turn}`;
}

/** Draw the chart (a <figure> with a colour legend and the SVG). */
export function accuracyPlot(points: ChartPoint[], width: number): HTMLElement | SVGSVGElement {
  const turns = [...new Set(points.map((p) => p.turn))].sort((a, b) => a - b);
  const title = (d: ChartPoint) =>
    `${d.series}\nturn ${d.turn}: ${d.successes}/${d.n} solved = ${(d.p * 100).toFixed(1)}%` +
    `\n95% CI ${(d.low * 100).toFixed(1)}–${(d.high * 100).toFixed(1)}%\nClick for the episodes`;
  return Plot.plot({
    width,
    height: 320,
    marginLeft: 50,
    marginBottom: 40,
    style: { fontSize: '13px', background: 'white' },
    x: {
      label: 'Attempt (turn)',
      ticks: turns,
      tickFormat: 'd',
      domain: [Math.min(...turns, 1) - 0.3, Math.max(...turns, 1) + 0.3],
    },
    y: { label: 'Solved by this attempt', domain: [0, 1], grid: true, tickFormat: '.0%' },
    color: { legend: true, type: 'categorical' },
    marks: [
      Plot.areaY(points, {
        x: 'x',
        y1: (d: ChartPoint) => d.low,
        y2: (d: ChartPoint) => d.high,
        fill: 'series',
        fillOpacity: 0.12,
        z: 'series',
      }),
      Plot.ruleX(points, {
        x: 'x',
        y1: (d: ChartPoint) => d.low,
        y2: (d: ChartPoint) => d.high,
        stroke: 'series',
        strokeOpacity: 0.5,
      }),
      Plot.lineY(points, {
        x: 'x',
        y: (d: ChartPoint) => d.p,
        stroke: 'series',
        strokeWidth: 2,
        z: 'series',
      }),
      Plot.dot(points, {
        x: 'x',
        y: (d: ChartPoint) => d.p,
        fill: 'series',
        r: 5,
        stroke: 'white',
        title,
        href: pointHref,
      }),
      Plot.ruleY([0]),
    ],
  });
}
