/**
 * The train benchmark (`npm run bench -- --only train`, issue 17's Measure), in Node on jax-js's
 * WebAssembly backend (one thread):
 * 1. training tokens/s of each model preset at its full context (batch 8, the step compiled first);
 * 2. the didactic model and its answers-only twin trained from the same seed on the same budget of
 *    steps, judged on the recipe's held-out items under retry and the rule teacher by the lab's own
 *    experiment runner and metrics (`bench/shared/judge-twins.ts`): each twin's feedback-specific
 *    gain and the headline, didactic's gain minus answers-only's, with its paired interval, at every
 *    budget in TRAIN_STEPS (default one budget; several give the curve of gain against budget).
 * Overrides for a curve or another recipe: TRAIN_STEPS (a list), TRAIN_ENVS, TRAIN_CONTEXT,
 * TRAIN_DATA_BYTES, TRAIN_JUDGE_TASKS, TRAIN_THROUGHPUT=0 (skip part 1), TRAIN_OUT (file name).
 * Writes bench-results/train.json. The Chromium worker's tokens/s come from the browser bench
 * `train-throughput` (scripts/bench.mjs runs both).
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DidacticRecipe } from '../../src/core/didactic';
import { openLabStore } from '../../src/store';
import { startBackend } from '../../src/train/backend';
import { packBatch } from '../../src/train/batch';
import { recipeExamples } from '../../src/train/recipe-batches';
import { Trainer } from '../../src/train/trainer';
import { MODEL_PRESETS, parameterCount, type TransformerConfig } from '../../src/train/transformer';
import { JUDGED_MODEL, judgeTwins, trainTwin, type TwinTraining } from '../shared/judge-twins';

const OUT = join(import.meta.dirname, '../../bench-results');
const log = (line: string) => console.log(`[train] ${line}`);

/** Timed steps per preset after the compiling one. */
const THROUGHPUT_STEPS = Number(process.env.TRAIN_THROUGHPUT_STEPS ?? 3);
// Batch 8 of the medium preset at context 512 runs out of the 4 GiB a wasm32 memory can hold.
const THROUGHPUT_BATCH = 4;

/**
 * The recipe both twins train on: arithmetic at starter (the shortest transcripts, so a 256-byte
 * context holds a whole two-attempt episode), half the budget answers-only examples so a model from
 * nothing learns to answer at all, rule-teacher levels 1–2, one wrong attempt per transcript.
 */
const RECIPE: DidacticRecipe = {
  kind: 'didactic',
  envs: (process.env.TRAIN_ENVS ?? 'arithmetic').split(','),
  preset: 'starter',
  levels: [1, 2],
  seed: 17,
  budget: Number(process.env.TRAIN_DATA_BYTES ?? 150_000),
  heldOut: 40,
  answersShare: 0.5,
};

/** The judged model, at a longer context when TRAIN_CONTEXT asks (maze transcripts need 512). */
const JUDGED = { ...JUDGED_MODEL, context: Number(process.env.TRAIN_CONTEXT ?? JUDGED_MODEL.context) };
const STEPS = (process.env.TRAIN_STEPS ?? '800').split(',').map(Number);
const TASKS = Number(process.env.TRAIN_JUDGE_TASKS ?? 40);

async function throughput(name: string, model: TransformerConfig) {
  const examples = recipeExamples({ ...RECIPE, maxBytes: model.context });
  const batchAt = (i: number) =>
    packBatch(
      Array.from(
        { length: THROUGHPUT_BATCH },
        (_, r) => examples[(i * THROUGHPUT_BATCH + r) % examples.length]!,
      ),
      model.context,
    );
  const trainer = Trainer.create({ model, seed: 1 });
  const compileStarted = performance.now();
  await trainer.trainOn(batchAt(0), 1e-3);
  const compileMs = performance.now() - compileStarted;
  const started = performance.now();
  for (let i = 1; i <= THROUGHPUT_STEPS; i++) await trainer.trainOn(batchAt(i), 1e-3);
  const seconds = (performance.now() - started) / 1000;
  trainer.dispose();
  const tokens = THROUGHPUT_STEPS * THROUGHPUT_BATCH * model.context;
  const row = {
    preset: name,
    parameters: parameterCount(model),
    context: model.context,
    batch: THROUGHPUT_BATCH,
    steps: THROUGHPUT_STEPS,
    tokensPerSec: tokens / seconds,
    msPerStep: (seconds * 1000) / THROUGHPUT_STEPS,
    firstStepMs: compileMs,
  };
  log(`${name}: ${row.tokensPerSec.toFixed(0)} tokens/s (${row.msPerStep.toFixed(0)} ms/step)`);
  return row;
}

describe('train benchmark', () => {
  it('measures training throughput and the judged gain of didactic over answers-only', async () => {
    await startBackend('wasm');
    const presets: Record<string, TransformerConfig> =
      process.env.TRAIN_THROUGHPUT === '0' ? {} : { ...MODEL_PRESETS, judged: JUDGED_MODEL };
    const rows = [];
    for (const [name, model] of Object.entries(presets)) rows.push(await throughput(name, model));

    const store = await openLabStore({ name: 'bench-train', factory: new IDBFactory() });
    const curve = [];
    for (const steps of STEPS) {
      const training: TwinTraining = { model: JUDGED, seed: 5, steps, batch: 8, peak: 3e-3 };
      const didactic = await trainTwin(RECIPE, 'didactic', training, log);
      const answers = await trainTwin(RECIPE, 'answers-only', training, log);
      const judged = await judgeTwins(
        store,
        RECIPE,
        { didactic: didactic.checkpoint, answersOnly: answers.checkpoint },
        { tasks: TASKS, experimentId: `judge-${steps}`, log },
      );
      const tail = (losses: number[]) =>
        losses.slice(-20).reduce((s, x) => s + x, 0) / Math.min(20, losses.length);
      const point = {
        steps,
        tokens: didactic.tokens,
        trainSeconds: didactic.seconds + answers.seconds,
        judgeSeconds: judged.seconds,
        episodes: judged.episodes,
        finalLoss: { didactic: tail(didactic.losses), answersOnly: tail(answers.losses) },
        examples: { didactic: didactic.examples, answersOnly: answers.examples },
        models: judged.report.models.map((m) => ({
          role: m.role,
          gain: m.gain && {
            estimate: m.gain.estimate,
            low: m.gain.low,
            high: m.gain.high,
            accRule: m.gain.accK,
            accRetry: m.gain.baselineAccK,
            items: m.gain.items,
            pValue: m.gain.pValue,
          },
        })),
        headline: judged.report.headline,
      };
      log(
        `budget ${steps} steps: ${JSON.stringify(point.models)} headline ${JSON.stringify(point.headline)}`,
      );
      curve.push(point);
    }
    store.close();
    mkdirSync(OUT, { recursive: true });
    const report = {
      recipe: RECIPE,
      judgedModel: { ...JUDGED, parameters: parameterCount(JUDGED) },
      tasks: TASKS,
      throughput: rows,
      curve,
    };
    writeFileSync(join(OUT, process.env.TRAIN_OUT ?? 'train.json'), `${JSON.stringify(report, null, 2)}\n`);
    expect(curve.every((p) => p.headline !== null)).toBe(true);
  });
});
