/**
 * The training-run driver on a real didactic recipe with a very small model (jax-js wasm in Node):
 * a run paused and rebuilt from its checkpoint trains on to the same losses as one that never
 * stopped; held-out losses come at step 0, every few steps and at the end; batch plans and the
 * measured throughput are pure functions.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { heldOutTranscripts } from '../../src/core/didactic';
import { batchIndices, durationText, msLeft, throughput, totalSteps } from '../../src/core/train-run';
import { startBackend } from '../../src/train/backend';
import { TrainingRun, type RunHooks, type StepProgress } from '../../src/train/run';
import { buildRunData } from '../../src/train/run-data';
import { Trainer } from '../../src/train/trainer';
import { VOCAB_SIZE } from '../../src/train/byte-tokens';
import { DEFAULT_TRAIN_RECIPE, didacticRecipeOf, type TrainRecipe } from '../../src/core/train-run';
import { buildDataset, renderTraining } from '../../src/core/didactic';

const model = { vocabSize: VOCAB_SIZE, context: 256, layers: 1, dModel: 32, heads: 2, mlpRatio: 2 };
const recipe: TrainRecipe = { ...DEFAULT_TRAIN_RECIPE, budget: 2_500, batch: 4, epochs: 2, evalEvery: 4 };
const schedule = { peak: 3e-3, warmupSteps: 2, totalSteps: 100, floor: 0.1 };

/** A driver over `trainer` whose hooks record what it reports; `pauseAt` asks for a pause there. */
function driver(trainer: Trainer, pauseAt?: number) {
  const built = buildRunData(recipe, model.context, 4);
  const steps: StepProgress[] = [];
  const heldOut: { step: number; loss: number }[] = [];
  const saves: { reason: string; step: number; bytes: Uint8Array }[] = [];
  let clock = 0;
  const hooks: RunHooks = {
    now: () => (clock += 50),
    onStep: (p) => {
      steps.push(p);
      if (p.step === pauseAt) run.request('pause');
    },
    onHeldOut: (p) => heldOut.push(p),
    save: async (reason) => {
      saves.push({ reason, step: trainer.step, bytes: await trainer.save() });
    },
  };
  const run = new TrainingRun(
    trainer,
    built.data,
    { plan: built.plan, schedule, evalEvery: recipe.evalEvery, checkpointEvery: recipe.evalEvery },
    hooks,
  );
  return { run, steps, heldOut, saves, built };
}

beforeAll(async () => {
  await startBackend('wasm');
});

describe('the training-run driver', () => {
  it('pauses with a checkpoint and resumes from it to the losses of an unbroken run', async () => {
    const whole = driver(Trainer.create({ model, seed: 3 }));
    expect(await whole.run.run()).toBe('finished');
    const total = whole.run.totalSteps;
    expect(total).toBeGreaterThan(6);
    expect(whole.steps.map((s) => s.step)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    // Held-out loss at 0, every evalEvery steps, and at the end.
    const evalSteps = [0, ...Array.from({ length: total }, (_, i) => i + 1).filter((s) => s % 4 === 0)];
    if (total % 4 !== 0) evalSteps.push(total);
    expect(whole.heldOut.map((p) => p.step)).toEqual(evalSteps);
    expect(whole.saves.at(-1)).toMatchObject({ reason: 'finish', step: total });
    // Measured, not made up: the fake clock ticks 50 ms per reading, so every step took 50 ms.
    expect(whole.steps[0]!.ms).toBe(50);
    expect(whole.steps.at(-1)!.msLeft).toBe(0);

    const first = driver(Trainer.create({ model, seed: 3 }), 5);
    expect(await first.run.run()).toBe('paused');
    const pause = first.saves.at(-1)!;
    expect(pause).toMatchObject({ reason: 'pause', step: 5 });
    first.run.trainer.dispose();

    const second = driver(Trainer.fromCheckpoint(pause.bytes));
    expect(await second.run.run()).toBe('finished');
    const resumed = [...first.steps, ...second.steps].map((s) => s.loss);
    expect(resumed).toEqual(whole.steps.map((s) => s.loss));
    expect(second.heldOut.at(-1)).toEqual(whole.heldOut.at(-1));
    whole.run.trainer.dispose();
    second.run.trainer.dispose();
  }, 120_000);

  it('builds held-out transcripts of the run kind on items training never holds', () => {
    const didactic = didacticRecipeOf(recipe, model.context);
    const held = heldOutTranscripts(didactic, 10);
    expect(held.length).toBeGreaterThan(5);
    const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
    // The task as the model reads it: the rendered bytes up to the end of the first message.
    const taskOf = (bytes: Uint8Array) => text(bytes).split('\x04')[0]!;
    const trainTasks = new Set(
      buildDataset({ ...didactic, budget: 40_000 }).examples.map((e) =>
        taskOf(renderTraining(e.messages, e.trained).bytes),
      ),
    );
    expect(trainTasks.size).toBeGreaterThan(50);
    for (const example of held) {
      expect(example.bytes.length).toBeLessThanOrEqual(model.context);
      expect(example.mask.some((b) => b === 1)).toBe(true);
      expect(trainTasks.has(taskOf(example.bytes))).toBe(false);
    }
  });
});

describe('batch plans and throughput', () => {
  const plan = { examples: 10, batch: 4, epochs: 3, seed: 7 };

  it('walks every example once per pass, in a seeded order that differs between passes', () => {
    expect(totalSteps(plan)).toBe(9);
    const passes = [0, 1, 2].map((e) => [0, 1, 2].flatMap((s) => batchIndices(plan, e * 3 + s)));
    for (const pass of passes) expect([...pass].sort((a, b) => a - b)).toEqual([...Array(10).keys()]);
    expect(passes[0]).not.toEqual(passes[1]);
    expect(batchIndices(plan, 4)).toEqual(batchIndices({ ...plan }, 4));
    expect(() => batchIndices(plan, 9)).toThrow(RangeError);
  });

  it('says nothing before a step is timed, then averages the latest steps', () => {
    expect(throughput([])).toEqual({ tokensPerSecond: null, msPerStep: null });
    expect(msLeft(throughput([]), 10)).toBeNull();
    const measured = throughput([
      { tokens: 1000, ms: 500 },
      { tokens: 3000, ms: 1500 },
    ]);
    expect(measured).toEqual({ tokensPerSecond: 2000, msPerStep: 1000 });
    expect(msLeft(measured, 90)).toBe(90_000);
    expect(durationText(90_000)).toBe('1 min 30 s');
    expect(durationText(3_723_000)).toBe('1 h 02 min');
  });
});
