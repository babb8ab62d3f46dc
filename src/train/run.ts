/**
 * The training-run driver: steps a `Trainer` through a run's batch plan, with the learning-rate
 * schedule, held-out losses every few steps and checkpoints through a hook, and stops between steps
 * when asked to pause or stop. It holds no storage and no worker: the service (train-service.ts)
 * gives it hooks, and tests drive it directly in Node.
 */
import {
  batchIndices,
  msLeft,
  throughput,
  totalSteps,
  type BatchPlan,
  type TimedStep,
} from '../core/train-run';
import { fitContext, packBatch, type Example } from './batch';
import { learningRateAt, type LearningRateSchedule } from './schedule';
import type { Trainer } from './trainer';

/** The data of a run: the training examples, and transcripts on held-out items (never trained on). */
export interface RunData {
  train: readonly Example[];
  heldOut: readonly Example[];
}

/** How a run steps. */
export interface RunSettings {
  plan: BatchPlan;
  schedule: LearningRateSchedule;
  /** Steps between held-out losses (also taken at step 0 and at the end). */
  evalEvery: number;
  /** Steps between checkpoints (also taken on pause, stop and at the end). */
  checkpointEvery: number;
}

/** What one step measured. */
export interface StepProgress {
  /** Steps taken, this one included. */
  step: number;
  totalSteps: number;
  loss: number;
  /** Transcript bytes the step read (padding excluded) and its wall-clock time. */
  tokens: number;
  ms: number;
  /** Over the latest measured steps; null before one is timed. */
  tokensPerSecond: number | null;
  msLeft: number | null;
}

/** Why a checkpoint is taken. */
export type SaveReason = 'periodic' | 'pause' | 'stop' | 'finish';

/** What the driver calls out to. */
export interface RunHooks {
  /** Milliseconds from any fixed origin (performance.now in a worker). */
  now(): number;
  onStep(progress: StepProgress): void;
  onHeldOut(point: { step: number; loss: number }): void;
  /** Saves a checkpoint of `trainer`; training waits for it, and a throw ends `run()` with it. */
  save(reason: SaveReason): Promise<void>;
}

/** How `run()` ended. */
export type RunEnd = 'finished' | 'paused' | 'stopped';

/** Bytes a batch of `examples` reads in rows of `context`. */
function tokensOf(examples: readonly Example[], context: number): number {
  return examples.reduce((n, e) => n + Math.min(e.bytes.length, context), 0);
}

/** Steps a `Trainer` through a run; `run()` may be called again after a pause. */
export class TrainingRun {
  readonly totalSteps: number;
  #request: 'pause' | 'stop' | null = null;
  readonly #timed: TimedStep[] = [];

  constructor(
    readonly trainer: Trainer,
    readonly data: RunData,
    readonly settings: RunSettings,
    readonly hooks: RunHooks,
  ) {
    if (data.train.length !== settings.plan.examples)
      throw new RangeError(`The plan has ${settings.plan.examples} examples, the data ${data.train.length}`);
    this.totalSteps = totalSteps(settings.plan);
  }

  /** Ask the run to pause (or stop) after the step in progress; `run()` then saves and resolves. */
  request(control: 'pause' | 'stop'): void {
    this.#request = control;
  }

  /** Whether every step has been taken. */
  get finished(): boolean {
    return this.trainer.step >= this.totalSteps;
  }

  /** Mean masked loss over the held-out transcripts (weighted by their trained bytes). */
  async heldOutLoss(): Promise<number> {
    const { context } = this.trainer.config;
    const { batch } = this.settings.plan;
    let sum = 0;
    let weight = 0;
    for (let at = 0; at < this.data.heldOut.length; at += batch) {
      const chunk = this.data.heldOut.slice(at, at + batch);
      const packed = packBatch(chunk, fitContext(chunk, context));
      if (packed.maskedBytes === 0) continue;
      sum += (await this.trainer.evaluate(packed)) * packed.maskedBytes;
      weight += packed.maskedBytes;
    }
    return weight === 0 ? Number.NaN : sum / weight;
  }

  async #reportHeldOut(): Promise<void> {
    if (this.data.heldOut.length > 0)
      this.hooks.onHeldOut({ step: this.trainer.step, loss: await this.heldOutLoss() });
  }

  /**
   * Trains from the trainer's step to the end of the plan, or until a pause or stop is requested
   * (then it saves a checkpoint first). A throw from a step or a save ends it with that error; the
   * trainer is left as it was after its last step, so the run can go on.
   */
  async run(): Promise<RunEnd> {
    this.#request = null;
    const { plan, schedule, evalEvery, checkpointEvery } = this.settings;
    const { context } = this.trainer.config;
    if (this.trainer.step === 0) await this.#reportHeldOut();
    while (!this.finished) {
      const control = this.#request;
      if (control !== null) {
        await this.hooks.save(control);
        return control === 'pause' ? 'paused' : 'stopped';
      }
      const examples = batchIndices(plan, this.trainer.step).map((i) => this.data.train[i]!);
      const batch = packBatch(examples, fitContext(examples, context));
      const started = this.hooks.now();
      const report = await this.trainer.trainOn(batch, learningRateAt(this.trainer.step, schedule));
      const ms = this.hooks.now() - started;
      const tokens = tokensOf(examples, context);
      this.#timed.push({ tokens, ms });
      if (this.#timed.length > 100) this.#timed.splice(0, 50);
      const measured = throughput(this.#timed);
      this.hooks.onStep({
        step: report.step,
        totalSteps: this.totalSteps,
        loss: report.loss,
        tokens,
        ms,
        tokensPerSecond: measured.tokensPerSecond,
        msLeft: msLeft(measured, this.totalSteps - report.step),
      });
      if (report.step % evalEvery === 0 || this.finished) await this.#reportHeldOut();
      if (report.step % checkpointEvery === 0 && !this.finished) await this.hooks.save('periodic');
    }
    await this.hooks.save('finish');
    return 'finished';
  }
}
