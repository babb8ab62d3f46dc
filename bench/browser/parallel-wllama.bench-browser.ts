/**
 * Issue 11: episodes per minute with wllama's slots (4 requests at once on one loaded model) ÷ one at a
 * time, and prompt tokens re-processed per student turn ÷ new tokens, with the real model
 * (SmolLM2-135M-Instruct; `scripts/bench.mjs` passes its dev-server URL as `?realModel=`, or why it is
 * missing as `?realModelError=`). Definitions in bench/shared/parallel-episodes.ts. Real IndexedDB.
 */
import { loadWllamaEngine } from '../../src/engines/wllama/loader';
import { openLabStore } from '../../src/store';
import { parallelEpisodesBench } from '../shared/parallel-episodes';
import { preciseClock, type BenchRow } from './bench-row';

/** Runs the design sequentially and with 4 slots. @throws when the real model is missing (how to get it). */
export async function run(params: URLSearchParams): Promise<BenchRow[]> {
  const url = params.get('realModel');
  if (!url) throw new Error(params.get('realModelError') ?? 'No real model was given (?realModel=).');
  const quick = params.has('episodes');
  const loaded = await loadWllamaEngine({ url }, () => undefined, { nCtx: 2048, parallel: 4 });
  const store = await openLabStore({ name: `bench-parallel-wllama-${Date.now()}` });
  try {
    return await parallelEpisodesBench({
      id: 'parallel.wllama',
      label: 'wllama, 4 slots',
      store,
      engine: loaded.engine,
      tasks: quick ? 1 : 2,
      turnBudget: 3,
      maxTokens: 32,
      clock: preciseClock,
      log: (line) => console.log(line),
    });
  } finally {
    store.close();
    await loaded.unload();
  }
}
