/**
 * The plasticity benchmark's chart page (`node scripts/plasticity-report.mjs` opens it): one
 * accuracy-by-turn chart per environment, drawn by the app's own chart code from the episodes the
 * benchmark stored, so the picture is the one the Experiments page would draw for the same episodes.
 */
import { summarise, type EpisodeOutcomeInput } from '../../../src/core/metrics';
import { accuracyPlot, chartPoints } from '../../../src/ui/experiments/chart';
import { rowLabel } from '../../../src/ui/experiments/format';

/** One environment's stored run (bench-results/plasticity-episodes/<env>.json). */
export interface ReportEnv {
  envId: string;
  name: string;
  model: string;
  measuredAt: string;
  episodes: EpisodeOutcomeInput[];
}

declare global {
  interface Window {
    /** Draws the report; resolves once every chart is in the page. */
    renderReport(envs: ReportEnv[], title: string): void;
  }
}

window.renderReport = (envs, title) => {
  const root = document.getElementById('report')!;
  const h1 = document.createElement('h1');
  h1.textContent = title;
  const grid = document.createElement('div');
  grid.className = 'grid';
  for (const env of envs) {
    const summary = summarise(env.episodes);
    const points = chartPoints(summary, (row) => rowLabel(row, summary.rows));
    const section = document.createElement('section');
    const h2 = document.createElement('h2');
    h2.textContent = env.name;
    const items = new Set(env.episodes.map((e) => e.config.index)).size;
    const caption = document.createElement('p');
    caption.textContent = `${items} items per condition, ${env.model}, measured ${env.measuredAt.slice(0, 10)}`;
    section.append(h2, caption, accuracyPlot(points, 620));
    grid.append(section);
  }
  root.replaceChildren(h1, grid);
};
