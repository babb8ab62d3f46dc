/**
 * Issue 17's CI test of training on the lab's own didactic data (Node, jax-js on WebAssembly, one
 * thread, well under three minutes of training): a small byte model trained from nothing on an
 * arithmetic recipe brings its loss below a bar set by measurement, a checkpoint taken mid-run
 * resumes to the same losses on the recipe's batches, the trained model answers the recipe's
 * held-out items (never trained on) in the environment's format, and as the lab's engine it plays a
 * whole rule-teacher episode on one of them. The model is trained here, in this file: nothing is
 * cached between runs, so a change that breaks learning fails it.
 * (Loading through the lab and running episodes and the judge's experiment there: the browser
 * tests trained-model.test.ts and judge-panel.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { heldOutItems, type DidacticRecipe } from '../../src/core/didactic';
import { getEnvironment } from '../../src/core/envs';
import {
  buildStudentMessages,
  defaultEpisodeConfig,
  runEpisode,
  type EpisodeEvent,
} from '../../src/core/protocol';
import { TrainedEngine } from '../../src/engines/trained/engine';
import { startBackend } from '../../src/train/backend';
import { recipeBatches, recipeExamples } from '../../src/train/recipe-batches';
import { learningRateAt } from '../../src/train/schedule';
import { Trainer } from '../../src/train/trainer';
import type { TransformerConfig } from '../../src/train/transformer';

const RECIPE: DidacticRecipe = {
  kind: 'didactic',
  envs: ['arithmetic'],
  preset: 'starter',
  levels: [1, 2],
  seed: 17,
  budget: 60_000,
  heldOut: 20,
  answersShare: 0.5,
};
const MODEL: TransformerConfig = {
  vocabSize: 258,
  context: 256,
  layers: 2,
  dModel: 64,
  heads: 4,
  mlpRatio: 4,
};
const STEPS = 160;
const BATCH = 8;
const SCHEDULE = { peak: 3e-3, warmupSteps: 16, totalSteps: STEPS, floor: 0.1 };
/**
 * Mean loss of the last 20 steps must fall below this (nats per learned byte; untrained ≈ ln 258 =
 * 5.55). Measured on this 2-core machine: 5.59 → 0.323 in 160 steps (97 s, seed 5); the bar leaves
 * room for another machine's float order.
 */
const LEARNED = 0.5;
/** Held-out items answered with no format issue: measured 20 / 20; the bar leaves room. */
const FORMAT_SHARE = 0.8;

let trainer: Trainer;
const losses: number[] = [];
let resumeCheck: { straight: number[]; resumed: number[] };

beforeAll(async () => {
  await startBackend('wasm');
  const examples = recipeExamples({ ...RECIPE, maxBytes: MODEL.context });
  const batches = recipeBatches(examples, { batch: BATCH, context: MODEL.context, seed: 5 });
  trainer = Trainer.create({ model: MODEL, seed: 5 });
  const started = performance.now();
  for (let step = 0; step < STEPS; step++) {
    if (step === STEPS / 2) {
      // Mid-run: a checkpoint resumed takes the next two steps to exactly the run's own losses.
      const snapshot = Trainer.fromCheckpoint(await trainer.save());
      const next = [batches.next().value!, batches.next().value!];
      const lr = (i: number) => learningRateAt(step + i, SCHEDULE);
      const resumed = [
        (await snapshot.trainOn(next[0]!, lr(0))).loss,
        (await snapshot.trainOn(next[1]!, lr(1))).loss,
      ];
      snapshot.dispose();
      const straight = [
        (await trainer.trainOn(next[0]!, lr(0))).loss,
        (await trainer.trainOn(next[1]!, lr(1))).loss,
      ];
      losses.push(...straight);
      resumeCheck = { straight, resumed };
      step += 1;
      continue;
    }
    losses.push((await trainer.trainOn(batches.next().value!, learningRateAt(step, SCHEDULE))).loss);
  }
  const seconds = (performance.now() - started) / 1000;
  const tail = losses.slice(-20).reduce((s, x) => s + x, 0) / 20;
  console.info(
    `didactic training: ${STEPS} steps in ${seconds.toFixed(0)} s, loss ${losses[0]!.toFixed(2)} → ${tail.toFixed(3)}`,
  );
}, 240_000);

afterAll(() => trainer?.dispose());

describe('a model trained on the lab’s didactic data', () => {
  it(`brings its loss from ln 258 to below ${LEARNED} in ${STEPS} steps`, () => {
    expect(losses).toHaveLength(STEPS);
    expect(losses[0]).toBeGreaterThan(5);
    expect(losses.slice(-20).reduce((s, x) => s + x, 0) / 20).toBeLessThan(LEARNED);
  });

  it('resumes from a checkpoint taken mid-run to the same losses', () => {
    expect(resumeCheck.resumed).toEqual(resumeCheck.straight);
  });

  it(`answers at least ${FORMAT_SHARE * 100}% of the held-out items in the environment's format`, async () => {
    const env = getEnvironment('arithmetic');
    const engine = TrainedEngine.fromCheckpoint('trained: ci', await trainer.save({ weightsOnly: true }));
    const items = heldOutItems('arithmetic', 'starter', RECIPE.seed, RECIPE.heldOut!);
    let formatted = 0;
    for (const task of items) {
      const reply = await engine.chat(buildStudentMessages(task, [], 'full'), {
        temperature: 0,
        seed: 1,
        maxTokens: 64,
      });
      const diagnosis = env.verify(task, reply.text);
      if (!diagnosis.issues.some((i) => i.code.startsWith('format.'))) formatted++;
    }
    engine.dispose();
    console.info(`held-out answers in format: ${formatted} / ${items.length}`);
    expect(formatted / items.length).toBeGreaterThanOrEqual(FORMAT_SHARE);
  }, 60_000);

  it('plays a whole rule-teacher episode on a held-out item as the lab’s engine', async () => {
    const engine = TrainedEngine.fromCheckpoint('trained: ci', await trainer.save({ weightsOnly: true }));
    const config = defaultEpisodeConfig('arithmetic', {
      preset: 'starter',
      params: getEnvironment('arithmetic').presets.starter,
      taskSeed: RECIPE.seed,
      index: 0,
      condition: { kind: 'rule-teacher', level: 2 },
      student: { kind: 'model', modelId: engine.modelId },
      turnBudget: 2,
      studentSampling: { temperature: 0, seed: 1, maxTokens: 64 },
    });
    const env = getEnvironment('arithmetic');
    const events: EpisodeEvent[] = [];
    let now = 0;
    for await (const e of runEpisode(config, { env, clock: () => ++now, studentEngine: engine }))
      events.push(e);
    engine.dispose();
    const end = events.at(-1)!;
    const attempts = events.filter(
      (e): e is Extract<EpisodeEvent, { type: 'attempt' }> => e.type === 'attempt',
    );
    expect(end.type).toBe('episode-end');
    const outcome = end.type === 'episode-end' ? end.outcome : null;
    expect(['solved', 'failed']).toContain(outcome);
    // Failed: it read the rule teacher's feedback and tried again.
    expect(attempts).toHaveLength(outcome === 'failed' ? 2 : (end as { solvedAtTurn: number }).solvedAtTurn);
    if (outcome === 'failed') expect(events.some((e) => e.type === 'feedback')).toBe(true);
    expect(attempts[0]!.text).toMatch(/<answer>/);
  }, 60_000);
});
