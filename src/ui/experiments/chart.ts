/**
 * The accuracy-by-turn chart, drawn by Observable Plot as SVG: one line per condition with a 95%
 * Wilson error bar at each attempt (bars, not bands: overlapping bands hid each other), lifted off the
 * axis so a line at 0% shows, in text readable from a classroom (16 px). Every point is a link to the
 * episodes behind it.
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

/** Half the width of an error bar's cap, in turns. */
const CAP = 0.04;

/** Draw the chart (a <figure> with a colour legend and the SVG). */
export function accuracyPlot(points: ChartPoint[], width: number): HTMLElement | SVGSVGElement {
  const turns = [...new Set(points.map((p) => p.turn))].sort((a, b) => a - b);
  const title = (d: ChartPoint) =>
    `${d.series}\nturn ${d.turn}: ${d.successes}/${d.n} solved = ${(d.p * 100).toFixed(1)}%` +
    `\n95% CI ${(d.low * 100).toFixed(1)}–${(d.high * 100).toFixed(1)}%\nClick for the episodes`;
  return Plot.plot({
    width,
    height: 340,
    marginLeft: 60,
    marginBottom: 48,
    style: { fontSize: '16px', background: 'white' },
    x: {
      label: 'Attempt (turn)',
      ticks: turns,
      tickFormat: 'd',
      domain: [Math.min(...turns, 1) - 0.3, Math.max(...turns, 1) + 0.3],
    },
    // A little room below 0% and above 100%: a line at either end is drawn clear of the axis.
    y: {
      label: 'Solved by this attempt',
      domain: [-0.05, 1.05],
      ticks: [0, 0.25, 0.5, 0.75, 1],
      grid: true,
      tickFormat: '.0%',
    },
    color: { legend: true, type: 'categorical' },
    marks: [
      Plot.ruleX(points, {
        x: 'x',
        y1: (d: ChartPoint) => d.low,
        y2: (d: ChartPoint) => d.high,
        stroke: 'series',
        strokeWidth: 2,
        strokeOpacity: 0.7,
        // Bars, caps and lines are drawing, not content: each dot (a link with a title) and the table
        // give the figures in words, and Plot labels every mark's <g> without a role, which is an ARIA
        // error (axe's aria-prohibited-attr) unless the group is hidden from assistive technology.
        ariaHidden: 'true',
      }),
      // The bars' caps, so each interval's ends read at a glance.
      ...(['low', 'high'] as const).map((end) =>
        Plot.link(points, {
          x1: (d: ChartPoint) => d.x - CAP,
          x2: (d: ChartPoint) => d.x + CAP,
          y1: (d: ChartPoint) => d[end],
          y2: (d: ChartPoint) => d[end],
          stroke: 'series',
          strokeWidth: 2,
          strokeOpacity: 0.7,
          ariaHidden: 'true',
        }),
      ),
      Plot.lineY(points, {
        x: 'x',
        y: (d: ChartPoint) => d.p,
        stroke: 'series',
        strokeWidth: 2,
        z: 'series',
        ariaHidden: 'true',
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
    ],
  });
}
