/**
 * Issue 16: an experiment driven by the page against the runner alone, with an instant engine, so
 * what is measured is the lab's own cost. Three runs of the same design (500 maze episodes, retry
 * and rule teacher, two turns), each into its own real IndexedDB:
 *  (a) the runner alone: `LabService.runExperiment` with no one reading results;
 *  (b) the page as shipped: the Experiments state (`state/experiments.svelte.ts`) runs it and reads
 *      the results as it goes (at most once a second, `TrailingThrottle`);
 *  (c) the page as it was: the results read after every finished episode (for comparison).
 * The page and the lab share this thread here as the page's reads and the worker's runner share the
 * worker in the app (the results are computed in the worker). Figure: (a)'s time ÷ (b)'s time, the
 * page's speed as a share of the runner's; goal ≥ 0.9.
 */
import { defaultDesign } from '../../src/core/experiment/design';
import type { LabService } from '../../src/lab/lab-service';
import type { LabClient } from '../../src/state/lab-client.svelte';
import { Experiments } from '../../src/state/experiments.svelte';
import { openLabStore, type LabStore } from '../../src/store';
import type { BenchRow } from './bench-row';
import { InstantEngine } from './engines';
import { instantLab } from './instant-lab';

const MODEL_ID = 'instant-q4f32_1-MLC';

async function freshLab(stores: LabStore[], names: string[]): Promise<LabService> {
  const name = `bench-experiment-page-${crypto.randomUUID()}`;
  names.push(name);
  const engine = new InstantEngine(MODEL_ID);
  // Never right: every episode runs its whole budget.
  engine.reply = 'I am not sure. <answer>U U U U</answer>';
  return instantLab(MODEL_ID, engine, async () => {
    const store = await openLabStore({ name });
    stores.push(store);
    return store;
  });
}

export async function run(params: URLSearchParams): Promise<BenchRow[]> {
  const tasks = Number(params.get('tasks') ?? 250);
  const design = defaultDesign({
    name: 'page vs runner',
    envIds: ['maze'],
    presets: ['easy'],
    conditions: [{ kind: 'retry' }, { kind: 'rule-teacher', level: 2 }],
    studentModels: [MODEL_ID],
    tasks,
    turnBudget: 2,
    maxTokens: 32,
  });
  const episodes = tasks * design.conditions.length;
  const stores: LabStore[] = [];
  const names: string[] = [];
  try {
    // (a) the runner alone.
    const alone = await freshLab(stores, names);
    const aloneId = await alone.createExperiment(design);
    let started = performance.now();
    const a = await alone.runExperiment(aloneId, () => undefined);
    const aloneMs = performance.now() - started;
    if (a.done !== episodes) throw new Error(`runner alone finished ${a.done} of ${episodes}`);

    // (b) through the page's state, as shipped.
    const paged = await freshLab(stores, names);
    const client = { api: paged, refreshEpisodes: async () => undefined } as unknown as LabClient;
    const experiments = new Experiments(client);
    const pagedId = await paged.createExperiment(design);
    let reads = 0;
    const read = paged.experimentResults.bind(paged);
    paged.experimentResults = (id: string) => (reads++, read(id));
    started = performance.now();
    await experiments.run(pagedId);
    const pageMs = performance.now() - started;
    const shown = experiments.resultsOf(pagedId);
    if (experiments.progressOf(pagedId)?.done !== episodes || !shown)
      throw new Error(`the page finished ${experiments.progressOf(pagedId)?.done} of ${episodes}`);

    // (c) the page as it was: every finished episode read the results again.
    const eager = await freshLab(stores, names);
    const eagerId = await eager.createExperiment(design);
    let lastDone = -1;
    const pendingReads: Promise<unknown>[] = [];
    started = performance.now();
    await eager.runExperiment(eagerId, (p) => {
      if (p.done === lastDone) return;
      lastDone = p.done;
      pendingReads.push(eager.experimentResults(eagerId));
    });
    await Promise.all(pendingReads);
    const eagerMs = performance.now() - started;

    const how = `${episodes} maze episodes × 2 turns (retry, rule teacher), instant engine, real IndexedDB`;
    return [
      {
        id: 'experiment-page.ratio',
        figure: 'Experiment through the page ÷ runner alone (speed)',
        value: Number((aloneMs / pageMs).toFixed(3)),
        unit: '×',
        target: { op: '>=', value: 0.9 },
        detail: `${how}: runner alone ${(aloneMs / 1000).toFixed(2)} s, through the page ${(pageMs / 1000).toFixed(2)} s with ${reads} reads of the results`,
        data: { episodes, aloneMs, pageMs, reads },
      },
      {
        id: 'experiment-page.eager',
        figure: 'Same, results read after every episode (the old page) ÷ runner alone',
        value: Number((aloneMs / eagerMs).toFixed(3)),
        unit: '×',
        detail: `${how}: ${(eagerMs / 1000).toFixed(2)} s with ${pendingReads.length} reads`,
        data: { episodes, eagerMs, reads: pendingReads.length },
      },
    ];
  } finally {
    for (const s of stores) s.close();
    for (const name of names) indexedDB.deleteDatabase(name);
  }
}
