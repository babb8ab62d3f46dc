/**
 * Issue 11's parallel-experiment figures, shared by the wllama (browser) and llama-server (Node)
 * benchmarks. The same design runs twice through the real `ExperimentRunner` and store, once with the
 * engine limited to one request at a time and once with its full concurrency, on the same loaded model,
 * in one run. Figures:
 * - episodes per minute, parallel ÷ sequential (wall time of each whole run; goal ≥ 2×);
 * - prompt tokens processed per student turn ÷ the turn's new tokens (goal ≤ 1.1): for each student
 *   attempt t ≥ 2, processed = promptTokens − cachedPromptTokens and new = promptTokens(t) −
 *   promptTokens(t − 1) − completionTokens(t − 1) (the feedback and template tokens the model has not
 *   seen; its own previous reply it generated into the cache). Summed over all such turns, then divided.
 */
import type { Engine } from '../../src/core/engine';
import { defaultDesign, type ExperimentDesign } from '../../src/core/experiment';
import type { TurnRecord } from '../../src/core/protocol/types';
import { ExperimentRunner } from '../../src/lab/experiment-runner';
import { serialised } from '../../src/engines/serial-queue';
import type { LabStore } from '../../src/store';
import type { BenchRow } from '../browser/bench-row';

export interface ParallelBenchOptions {
  /** Row id prefix and words: e.g. 'parallel.wllama', 'wllama slots'. */
  id: string;
  label: string;
  store: LabStore;
  /** The loaded model, with its full concurrency. */
  engine: Engine;
  tasks: number;
  turnBudget: number;
  maxTokens: number;
  clock: () => number;
  log?: (line: string) => void;
}

/** The design both runs share: arithmetic at "starter", retry and the rule teacher, no early solve help. */
export function parallelDesign(modelId: string, options: ParallelBenchOptions): ExperimentDesign {
  return defaultDesign({
    name: `parallel bench ${options.id}`,
    envIds: ['arithmetic'],
    presets: ['starter'],
    conditions: [{ kind: 'retry' }, { kind: 'rule-teacher', level: 1 }],
    studentModels: [modelId],
    tasks: options.tasks,
    turnBudget: options.turnBudget,
    maxTokens: options.maxTokens,
    temperature: 0.7,
    // Without the solved example the first prompt is ~3× shorter: a CPU prefill of minutes otherwise.
    demonstration: false,
  });
}

interface RunFigures {
  episodes: number;
  ms: number;
  perMinute: number;
  turns: TurnRecord[][];
}

async function runOnce(
  options: ParallelBenchOptions,
  experimentId: string,
  engine: Engine,
): Promise<RunFigures> {
  const { store, clock } = options;
  const design = parallelDesign(options.engine.modelId, options);
  await store.putExperiment({
    id: experimentId,
    name: design.name,
    createdAt: clock(),
    appVersion: 'bench',
    design,
  });
  const runner = new ExperimentRunner({
    store,
    appVersion: 'bench',
    clock,
    engines: () => ({ studentEngine: engine }),
    liveEpisodeIds: async () => [],
  });
  const started = performance.now();
  const final = await runner.run(experimentId, (p) =>
    options.log?.(`[bench] ${options.id} ${experimentId}: ${p.done}/${p.total}, ${p.running.length} at once`),
  );
  const ms = performance.now() - started;
  if (final.state !== 'done') throw new Error(`${experimentId} ended ${final.state}: ${final.error ?? ''}`);
  const list = await store.listEpisodes({ experimentId });
  const stored = await store.getEpisodes(list.map((e) => e.id));
  return {
    episodes: final.total,
    ms,
    perMinute: final.total / (ms / 60_000),
    turns: stored.map((s) => s.turns),
  };
}

/** Σ processed ÷ Σ new prompt tokens over student attempts 2.. of every episode; null without any. */
export function reprocessRatio(episodes: readonly TurnRecord[][]): {
  ratio: number | null;
  processed: number;
  fresh: number;
  turns: number;
} {
  let processed = 0;
  let fresh = 0;
  let turns = 0;
  for (const list of episodes) {
    for (let i = 1; i < list.length; i++) {
      const now = list[i]!.studentUsage;
      const before = list[i - 1]!.studentUsage;
      if (
        now?.promptTokens === undefined ||
        now.cachedPromptTokens === undefined ||
        before?.promptTokens === undefined ||
        before.completionTokens === undefined
      )
        continue;
      processed += now.promptTokens - now.cachedPromptTokens;
      fresh += Math.max(1, now.promptTokens - before.promptTokens - before.completionTokens);
      turns++;
    }
  }
  return { ratio: turns > 0 ? processed / fresh : null, processed, fresh, turns };
}

/** Run the design sequentially, then in parallel, and report the figures as bench rows. */
export async function parallelEpisodesBench(options: ParallelBenchOptions): Promise<BenchRow[]> {
  const concurrency = options.engine.concurrency ?? 1;
  const sequential = await runOnce(options, `${options.id}-sequential`, serialised(options.engine));
  const parallel = await runOnce(options, `${options.id}-parallel`, options.engine);
  const cache = reprocessRatio([...sequential.turns, ...parallel.turns]);
  const detail =
    `${parallel.episodes} episodes (arithmetic starter, retry + rule teacher 1, ${options.turnBudget} turns, ` +
    `${options.maxTokens} tokens a turn) through ExperimentRunner, one request at a time vs ${concurrency} at once, same model`;
  return [
    {
      id: `${options.id}.speedup`,
      figure: `Episodes per minute, ${options.label}: parallel ÷ sequential`,
      value: parallel.perMinute / sequential.perMinute,
      unit: '×',
      target: { op: '>=', value: 2 },
      detail,
      data: {
        concurrency,
        sequentialPerMinute: sequential.perMinute,
        parallelPerMinute: parallel.perMinute,
        sequentialMs: sequential.ms,
        parallelMs: parallel.ms,
        episodes: parallel.episodes,
      },
    },
    {
      id: `${options.id}.reprocess`,
      figure: `Prompt tokens processed per student turn ÷ new tokens, ${options.label}`,
      value: cache.ratio ?? Number.NaN,
      unit: '×',
      target: { op: '<=', value: 1.1 },
      detail: `student attempts 2+ of both runs (${cache.turns} turns): processed = prompt − cached; new = prompt − previous prompt − previous reply`,
      data: cache,
    },
  ];
}
