/**
 * The training worker's service (`TrainApi`): builds a run's data from its recipe, trains it with
 * the run driver (run.ts), saves checkpoints to the runs' own database (run-db.ts) and reports each
 * step. At most one run is in memory: training, or paused and ready to go on at once.
 */
import { tree } from '@jax-js/jax';
import { errorText } from '../core/error-text';
import { recipeName, recipeProblems, type TrainRecipe } from '../core/train-run';
import { startBackend, type TrainBackend } from './backend';
import { loadCheckpoint } from './checkpoint';
import { TrainRequestError } from './errors';
import { TrainingRun, type RunHooks, type SaveReason } from './run';
import { buildRunData } from './run-data';
import type { RunDb } from './run-db';
import type { RunRecord, RunStatus, TrainApi, TrainEvent } from './train-api';
import { Trainer } from './trainer';
import { MODEL_PRESETS, parameterCount } from './transformer';
import { weightsOnly } from './weights-file';

/** Held-out transcripts per environment in the held-out loss (each is evaluated every few steps). */
export const HELD_OUT_LOSS_ITEMS = 24;
/** The largest weights file imported (a medium model's weights are about 13 MB). */
export const MAX_IMPORT_BYTES = 256 * 1024 * 1024;

/** What the service needs from its host (tests pass their own). */
export interface TrainServiceDeps {
  openDb(): Promise<RunDb>;
  /** Monotonic milliseconds, for step timing. */
  now(): number;
  /** Wall-clock milliseconds, for the records' dates. */
  wallClock(): number;
  newId(): string;
}

/** The run in memory. */
interface Active {
  record: RunRecord;
  run: TrainingRun;
  onEvent: (event: TrainEvent) => void;
  /** The training loop in flight; null while paused. */
  loop: Promise<void> | null;
}

const STATUS_OF: Record<SaveReason, RunStatus> = {
  periodic: 'running',
  pause: 'paused',
  stop: 'stopped',
  finish: 'finished',
};

/** See `TrainApi`. */
export class TrainService implements TrainApi {
  readonly #deps: TrainServiceDeps;
  #db: Promise<RunDb> | null = null;
  #backend: Promise<TrainBackend> | null = null;
  #active: Active | null = null;

  constructor(deps: TrainServiceDeps) {
    this.#deps = deps;
  }

  #store(): Promise<RunDb> {
    return (this.#db ??= this.#deps.openDb());
  }

  backend(): Promise<TrainBackend> {
    return (this.#backend ??= startBackend('auto'));
  }

  #refuseWhileTraining(): void {
    if (this.#active?.loop)
      throw new TrainRequestError('A run is training: pause or stop it before starting another.');
  }

  /** Frees the run held in memory (paused), if any. */
  #release(): void {
    this.#active?.run.trainer.dispose();
    this.#active = null;
  }

  async start(recipe: TrainRecipe, onEvent: (event: TrainEvent) => void): Promise<RunRecord> {
    this.#refuseWhileTraining();
    const problems = recipeProblems(recipe);
    if (problems.length > 0) throw new TrainRequestError(`The recipe is not valid: ${problems.join('; ')}.`);
    const backend = await this.backend();
    const model = MODEL_PRESETS[recipe.model];
    const built = buildRunData(recipe, model.context, HELD_OUT_LOSS_ITEMS);
    this.#release();
    const trainer = Trainer.create({ model, seed: recipe.seed });
    const now = this.#deps.wallClock();
    const record: RunRecord = {
      id: this.#deps.newId(),
      name: recipeName(recipe),
      recipe,
      model,
      parameters: parameterCount(model),
      status: 'running',
      step: 0,
      totalSteps: 0,
      losses: [],
      heldOut: [],
      dataset: built.dataset,
      backend,
      tokensPerSecond: null,
      checkpointBytes: 0,
      createdAt: now,
      updatedAt: now,
    };
    const active = this.#hold(record, trainer, built, onEvent);
    record.totalSteps = active.run.totalSteps;
    // Saved before the first step, so the run is listed (and resumable) from the start.
    await this.#save(active, 'periodic');
    this.#launch(active);
    return structuredClone(record);
  }

  async resume(runId: string, onEvent: (event: TrainEvent) => void): Promise<RunRecord> {
    this.#refuseWhileTraining();
    let active = this.#active?.record.id === runId ? this.#active : null;
    if (!active) {
      const db = await this.#store();
      const [stored, bytes] = await Promise.all([db.run(runId), db.checkpoint(runId)]);
      if (!stored || !bytes) throw new TrainRequestError('This run is not stored any more.');
      if (!stored.recipe)
        throw new TrainRequestError('Imported weights have no recipe to train on: start a new run instead.');
      const backend = await this.backend();
      const built = buildRunData(stored.recipe, stored.model.context, HELD_OUT_LOSS_ITEMS);
      this.#release();
      const trainer = Trainer.fromCheckpoint(bytes);
      // The history as far as the checkpoint: later steps (before a reload) are trained again.
      const record: RunRecord = {
        ...stored,
        backend,
        losses: stored.losses.slice(0, trainer.step),
        heldOut: stored.heldOut.filter((p) => p.step <= trainer.step),
      };
      active = this.#hold(record, trainer, built, onEvent);
    }
    active.onEvent = onEvent;
    active.record.status = 'running';
    this.#launch(active);
    return structuredClone(active.record);
  }

  #hold(
    record: RunRecord,
    trainer: Trainer,
    built: ReturnType<typeof buildRunData>,
    onEvent: (event: TrainEvent) => void,
  ): Active {
    const recipe = record.recipe as TrainRecipe;
    const hooks: RunHooks = {
      now: () => this.#deps.now(),
      onStep: (progress) => {
        record.losses.push(progress.loss);
        record.tokensPerSecond = progress.tokensPerSecond;
        active.onEvent({ type: 'step', runId: record.id, progress });
      },
      onHeldOut: (point) => {
        record.heldOut = [...record.heldOut.filter((p) => p.step !== point.step), point];
        active.onEvent({ type: 'held-out', runId: record.id, point });
      },
      save: (reason) => this.#save(active, reason),
    };
    const steps = built.plan.epochs * Math.ceil(built.plan.examples / built.plan.batch);
    const run = new TrainingRun(
      trainer,
      built.data,
      {
        plan: built.plan,
        schedule: {
          peak: recipe.learningRate,
          warmupSteps: Math.max(1, Math.min(20, Math.floor(steps / 10))),
          totalSteps: steps,
          floor: 0.1,
        },
        evalEvery: recipe.evalEvery,
        checkpointEvery: recipe.evalEvery,
      },
      hooks,
    );
    const active: Active = { record, run, onEvent, loop: null };
    this.#active = active;
    return active;
  }

  async #save(active: Active, reason: SaveReason): Promise<void> {
    const { record, run } = active;
    const bytes = await run.trainer.save();
    const saved: RunRecord = {
      ...structuredClone(record),
      status: STATUS_OF[reason],
      step: run.trainer.step,
      checkpointBytes: bytes.length,
      updatedAt: this.#deps.wallClock(),
    };
    await (await this.#store()).save(saved, bytes);
    Object.assign(record, { status: saved.status, checkpointBytes: saved.checkpointBytes, step: saved.step });
    active.onEvent({ type: 'saved', runId: record.id, record: saved });
  }

  #launch(active: Active): void {
    active.loop = (async () => {
      const { id } = active.record;
      try {
        const end = await active.run.run();
        active.loop = null;
        if (end === 'stopped' || end === 'finished') this.#release();
        active.onEvent({ type: 'ended', runId: id, end });
      } catch (error) {
        // The trainer is as its last step left it: Resume goes on from there in this worker.
        active.loop = null;
        active.record.status = 'paused';
        active.onEvent({ type: 'ended', runId: id, end: 'failed', error: errorText(error) });
      }
    })();
  }

  async #control(control: 'pause' | 'stop'): Promise<void> {
    const active = this.#active;
    if (!active) return;
    if (!active.loop) {
      // Paused in memory: a stop frees it (its checkpoint is saved already).
      if (control === 'stop') {
        await this.#save(active, 'stop');
        this.#release();
      }
      return;
    }
    active.run.request(control);
    await active.loop;
  }

  pause(): Promise<void> {
    return this.#control('pause');
  }

  stop(): Promise<void> {
    return this.#control('stop');
  }

  async runs(): Promise<RunRecord[]> {
    return (await this.#store()).runs();
  }

  async deleteRun(runId: string): Promise<void> {
    if (this.#active?.record.id === runId) {
      if (this.#active.loop) throw new TrainRequestError('This run is training: stop it before deleting it.');
      this.#release();
    }
    await (await this.#store()).delete(runId);
  }

  async weights(runId: string): Promise<Uint8Array<ArrayBuffer>> {
    const bytes = await (await this.#store()).checkpoint(runId);
    if (!bytes) throw new TrainRequestError('This run has no saved checkpoint.');
    return weightsOnly(bytes);
  }

  async importWeights(bytes: Uint8Array<ArrayBuffer>, name: string): Promise<RunRecord> {
    if (bytes.length > MAX_IMPORT_BYTES)
      throw new TrainRequestError(
        `This file is ${Math.round(bytes.length / 2 ** 20)} MB: far larger than any model trained here (at most ${MAX_IMPORT_BYTES / 2 ** 20} MB).`,
      );
    await this.backend();
    // Read as the engine would: every tensor named, shaped and float32, or a reason in words.
    const snapshot = loadCheckpoint(bytes);
    tree.dispose(snapshot.params);
    tree.dispose(snapshot.optimizer?.state);
    const weights = weightsOnly(bytes);
    const now = this.#deps.wallClock();
    const record: RunRecord = {
      id: this.#deps.newId(),
      name: name.trim().slice(0, 120) || 'imported model',
      recipe: null,
      model: snapshot.config,
      parameters: parameterCount(snapshot.config),
      status: 'imported',
      step: snapshot.step,
      totalSteps: null,
      losses: [],
      heldOut: [],
      dataset: null,
      backend: null,
      tokensPerSecond: null,
      checkpointBytes: weights.length,
      createdAt: now,
      updatedAt: now,
    };
    await (await this.#store()).save(record, weights);
    return record;
  }
}
