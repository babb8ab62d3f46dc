/**
 * A training run's state in one object: weights, optimizer state and step count, the compiled step,
 * and checkpoints. It owns its arrays; the caller hands it host batches and reads plain numbers back.
 */
import { numpy as np, tree } from '@jax-js/jax';
import type { HostBatch } from './batch';
import { loadCheckpoint, saveCheckpoint } from './checkpoint';
import { DEFAULT_ADAMW, initAdamW, type AdamWOptions, type AdamWState } from './optimizer';
import { Sampler } from './sample';
import { makeEvalLoss, makeTrainStep, type EvalLoss, type TrainStep } from './train-step';
import { initParams, validateConfig, type Params, type TransformerConfig } from './transformer';

/** A new run. */
export interface TrainerOptions {
  model: TransformerConfig;
  /** Seed of the initial weights. */
  seed: number;
  optimizer?: Partial<AdamWOptions>;
}

/** What one step reports. */
export interface StepReport {
  /** Steps taken so far, this one included. */
  step: number;
  /** Masked loss of the batch before the update, nats per byte. */
  loss: number;
  /** Global gradient norm before clipping. */
  gradNorm: number;
}

function deviceBatch(batch: HostBatch): [np.Array, np.Array, np.Array] {
  const shape = [batch.batch, batch.context];
  return [
    np.array(batch.inputs, { shape, dtype: np.int32 }),
    np.array(batch.targets, { shape, dtype: np.int32 }),
    np.array(batch.mask, { shape }),
  ];
}

/** Trains one model on the default jax-js device (see `startBackend`). Call `dispose()` when done. */
export class Trainer {
  readonly config: TransformerConfig;
  readonly optimizer: AdamWOptions;
  #params: Params;
  #state: AdamWState;
  #step: number;
  #trainStep: TrainStep | null = null;
  #evalLoss: EvalLoss | null = null;

  private constructor(
    config: TransformerConfig,
    optimizer: AdamWOptions,
    params: Params,
    state: AdamWState,
    step: number,
  ) {
    this.config = config;
    this.optimizer = optimizer;
    this.#params = params;
    this.#state = state;
    this.#step = step;
  }

  /** A fresh run: weights from `seed`, zero optimizer state. @throws {RangeError} on a bad config. */
  static create(options: TrainerOptions): Trainer {
    validateConfig(options.model);
    const params = initParams(options.model, options.seed);
    const optimizer = { ...DEFAULT_ADAMW, ...options.optimizer };
    return new Trainer(options.model, optimizer, params, initAdamW(params), 0);
  }

  /**
   * Resumes from `saveCheckpoint` bytes. A weights-only file starts a fresh optimizer (with
   * `optimizer`'s settings) at its step.
   * @throws {SafetensorsError} when the bytes are not a checkpoint of this model family.
   */
  static fromCheckpoint(bytes: Uint8Array, optimizer?: Partial<AdamWOptions>): Trainer {
    const snapshot = loadCheckpoint(bytes);
    const options = { ...DEFAULT_ADAMW, ...snapshot.optimizer?.options, ...optimizer };
    const state = snapshot.optimizer?.state ?? initAdamW(snapshot.params);
    return new Trainer(snapshot.config, options, snapshot.params, state, snapshot.step);
  }

  /** Optimizer steps taken. */
  get step(): number {
    return this.#step;
  }

  #check(batch: HostBatch): void {
    if (batch.context > this.config.context) {
      throw new RangeError(
        `Batch rows of ${batch.context} tokens exceed the model's context of ${this.config.context}`,
      );
    }
  }

  /** One AdamW step on `batch` at `learningRate`. The first call per batch shape compiles (seconds). */
  async trainOn(batch: HostBatch, learningRate: number): Promise<StepReport> {
    this.#check(batch);
    this.#trainStep ??= makeTrainStep(this.config, this.optimizer);
    const [params, state, loss, gradNorm] = this.#trainStep(
      this.#params,
      this.#state,
      ...deviceBatch(batch),
      np.array(learningRate),
    );
    this.#params = params;
    this.#state = state;
    this.#step++;
    return { step: this.#step, loss: await loss.jsAsync(), gradNorm: await gradNorm.jsAsync() };
  }

  /** Masked loss of `batch` under the current weights, without training. */
  async evaluate(batch: HostBatch): Promise<number> {
    this.#check(batch);
    this.#evalLoss ??= makeEvalLoss(this.config);
    return this.#evalLoss(tree.ref(this.#params), ...deviceBatch(batch)).jsAsync();
  }

  /** A reference to the current weights (a snapshot, like the sampler's): the caller disposes it. */
  weights(): Params {
    return tree.ref(this.#params);
  }

  /** A sampler over the current weights (a snapshot: later steps do not change it). Dispose it. */
  sampler(): Sampler {
    return new Sampler(this.#params, this.config);
  }

  /** The run as safetensors bytes; `weightsOnly` leaves out the optimizer (an export for others). */
  save(options: { weightsOnly?: boolean } = {}): Promise<Uint8Array<ArrayBuffer>> {
    return saveCheckpoint({
      config: this.config,
      params: this.#params,
      optimizer: options.weightsOnly ? null : { state: this.#state, options: this.optimizer },
      step: this.#step,
    });
  }

  /** Frees every array and compiled function; the trainer cannot be used afterwards. */
  dispose(): void {
    tree.dispose(this.#params);
    tree.dispose(this.#state);
    this.#trainStep?.dispose();
    this.#evalLoss?.dispose();
  }
}
