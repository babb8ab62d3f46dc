/**
 * Train the twins of one recipe (didactic and answers-only) from the same seed on the same budget,
 * and judge them as the lab does: `judgeDesign` run by the lab's `ExperimentRunner` into a store,
 * `experimentSummary` over the stored episodes, `judgeReport` over that. Used by the train benchmark
 * (bench/real/train.real.ts); nothing here is a test double.
 */
import { judgeDesign, judgeReport, type DidacticRecipe, type JudgeReport } from '../../src/core/didactic';
import type { ExperimentDesign } from '../../src/core/experiment';
import { TrainedEngine } from '../../src/engines/trained/engine';
import { experimentSummary } from '../../src/lab/experiment-query';
import { ExperimentRunner } from '../../src/lab/experiment-runner';
import type { LabStore } from '../../src/store';
import { recipeBatches, recipeExamples } from '../../src/train/recipe-batches';
import { learningRateAt } from '../../src/train/schedule';
import { Trainer } from '../../src/train/trainer';
import { VOCAB_SIZE } from '../../src/train/byte-tokens';
import type { TransformerConfig } from '../../src/train/transformer';

/**
 * The model the train benchmark judges: small enough that two of them train in minutes on one CPU
 * thread, with a context (256 bytes) that holds a whole two-attempt arithmetic starter episode.
 */
export const JUDGED_MODEL: TransformerConfig = {
  vocabSize: VOCAB_SIZE,
  context: 256,
  layers: 2,
  dModel: 64,
  heads: 4,
  mlpRatio: 4,
};

export interface TwinTraining {
  model: TransformerConfig;
  /** Seed of the weights and of the batch order (the same for both twins). */
  seed: number;
  steps: number;
  batch: number;
  peak: number;
}

export interface TrainedTwin {
  kind: DidacticRecipe['kind'];
  checkpoint: Uint8Array;
  /** Loss of each step, and the tokens (row positions) and learned bytes trained on. */
  losses: number[];
  tokens: number;
  learnedBytes: number;
  seconds: number;
  examples: number;
}

/**
 * Train one twin: the recipe (with `kind`) rendered and batched from `training.seed`, AdamW with
 * warm-up and cosine decay over `training.steps`; returns its weights-only checkpoint.
 */
export async function trainTwin(
  recipe: DidacticRecipe,
  kind: DidacticRecipe['kind'],
  training: TwinTraining,
  log: (line: string) => void = () => {},
): Promise<TrainedTwin> {
  const examples = recipeExamples({ ...recipe, kind, maxBytes: training.model.context });
  const batches = recipeBatches(examples, {
    batch: training.batch,
    context: training.model.context,
    seed: training.seed,
  });
  const schedule = {
    peak: training.peak,
    warmupSteps: Math.min(30, Math.ceil(training.steps / 10)),
    totalSteps: training.steps,
    floor: 0.1,
  };
  const trainer = Trainer.create({ model: training.model, seed: training.seed });
  const losses: number[] = [];
  let tokens = 0;
  let learnedBytes = 0;
  const started = performance.now();
  for (let step = 0; step < training.steps; step++) {
    const batch = batches.next().value!;
    losses.push((await trainer.trainOn(batch, learningRateAt(step, schedule))).loss);
    tokens += batch.batch * batch.context;
    learnedBytes += batch.maskedBytes;
    if ((step + 1) % 50 === 0) log(`${kind} step ${step + 1}: loss ${losses.at(-1)!.toFixed(3)}`);
  }
  const seconds = (performance.now() - started) / 1000;
  const checkpoint = await trainer.save({ weightsOnly: true });
  trainer.dispose();
  return { kind, checkpoint, losses, tokens, learnedBytes, seconds, examples: examples.length };
}

/** What one judging run returns. */
export interface JudgeRun {
  design: ExperimentDesign;
  report: JudgeReport;
  episodes: number;
  seconds: number;
}

/**
 * Run the judge's design on the trained twins with the lab's experiment runner and store, and
 * read its report from the stored episodes' summary.
 */
export async function judgeTwins(
  store: LabStore,
  recipe: DidacticRecipe,
  twins: { didactic: Uint8Array; answersOnly: Uint8Array },
  options: { tasks: number; experimentId: string; log?: (line: string) => void },
): Promise<JudgeRun> {
  const models = { didactic: 'trained: didactic', answersOnly: 'trained: answers-only' };
  const engines = new Map([
    [models.didactic, TrainedEngine.fromCheckpoint(models.didactic, twins.didactic)],
    [models.answersOnly, TrainedEngine.fromCheckpoint(models.answersOnly, twins.answersOnly)],
  ]);
  const design = judgeDesign(recipe, models, { tasks: options.tasks });
  await store.putExperiment({
    id: options.experimentId,
    name: design.name,
    createdAt: Date.now(),
    appVersion: 'bench',
    design,
  });
  const runner = new ExperimentRunner({
    store,
    appVersion: 'bench',
    clock: () => Date.now(),
    engines: (config) => {
      const id = config.student.kind === 'model' ? config.student.modelId : '';
      const studentEngine = engines.get(id);
      if (!studentEngine) throw new Error(`judge: no engine for ${id}`);
      return { studentEngine };
    },
    liveEpisodeIds: async () => [],
  });
  const started = performance.now();
  let logged = 0;
  const final = await runner.run(options.experimentId, (p) => {
    if (p.done >= logged + 20) options.log?.(`judge: ${(logged = p.done)} / ${p.total} episodes`);
  });
  if (final.state !== 'done') throw new Error(`the judge's run ended ${final.state}: ${final.error ?? ''}`);
  const seconds = (performance.now() - started) / 1000;
  for (const engine of engines.values()) await engine.dispose?.();
  const summary = await experimentSummary(store, options.experimentId);
  return { design, report: judgeReport(summary, design, models), episodes: final.total, seconds };
}
