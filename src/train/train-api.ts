/**
 * The typed surface of the training worker (workers/train.worker.ts), as `LabApi` is the lab
 * worker's: the Train page talks to it over comlink only; events cross as a `Comlink.proxy`
 * callback. Types only, so the page may import this file.
 */
import type { TrainRecipe } from '../core/train-run';
import type { TrainBackend } from './backend';
import type { StepProgress } from './run';
import type { TransformerConfig } from './transformer';

/** Where a stored run stands. `running`: it was training when last saved (a reload interrupted it). */
export type RunStatus = 'running' | 'paused' | 'stopped' | 'finished' | 'imported';

/** One point of the held-out loss curve. */
export interface LossPoint {
  step: number;
  loss: number;
}

/** What the training set of a run holds. */
export interface RunDataset {
  examples: number;
  /** Rendered bytes, and the bytes the loss is taken on (corrected attempts). */
  bytes: number;
  trainedBytes: number;
  /** Transcripts on held-out items that give the held-out loss. */
  heldOutExamples: number;
}

/** A stored run as its latest checkpoint left it. */
export interface RunRecord {
  id: string;
  name: string;
  /** Null for imported weights, which have no recipe. */
  recipe: TrainRecipe | null;
  model: TransformerConfig;
  parameters: number;
  status: RunStatus;
  /** Optimizer steps in the saved checkpoint. */
  step: number;
  /** Steps of the whole run; null for imported weights. */
  totalSteps: number | null;
  /** Train loss of steps 1..step (index i is step i + 1), nats per trained byte. */
  losses: number[];
  heldOut: LossPoint[];
  dataset: RunDataset | null;
  /** Where it trained last; null for imported weights. */
  backend: TrainBackend | null;
  /** The last measured training speed; null before a step was timed. */
  tokensPerSecond: number | null;
  /** Size of the stored checkpoint. */
  checkpointBytes: number;
  createdAt: number;
  updatedAt: number;
}

/** What a training run reports while it runs. */
export type TrainEvent =
  | { type: 'step'; runId: string; progress: StepProgress }
  | { type: 'held-out'; runId: string; point: LossPoint }
  /** A checkpoint was saved: `record` is what a reload now finds. */
  | { type: 'saved'; runId: string; record: RunRecord }
  /** Training stopped: finished, paused, stopped, or failed (`error`: why, in words). */
  | { type: 'ended'; runId: string; end: 'finished' | 'paused' | 'stopped' | 'failed'; error?: string };

/** The training worker. One run trains at a time. */
export interface TrainApi {
  /** Starts jax-js (first call) and says where it trains: WebGPU on a hardware adapter, else wasm. */
  backend(): Promise<TrainBackend>;
  /**
   * Builds the data of `recipe`, saves the new run and starts training it (not awaited: events
   * report it). Resolves with the saved record once training has begun.
   * @throws {Error} when a run is training already, or the recipe is invalid (in words).
   */
  start(recipe: TrainRecipe, onEvent: (event: TrainEvent) => void): Promise<RunRecord>;
  /** Goes on with a stored run from its latest checkpoint (after a pause, a stop or a reload). */
  resume(runId: string, onEvent: (event: TrainEvent) => void): Promise<RunRecord>;
  /** Pauses the training run after its current step; resolves once its checkpoint is saved. */
  pause(): Promise<void>;
  /** Stops it the same way (it stays stored and can be resumed later). */
  stop(): Promise<void>;
  /** Every stored run, newest first. */
  runs(): Promise<RunRecord[]>;
  /** Deletes a stored run and its checkpoint (not the one training). */
  deleteRun(runId: string): Promise<void>;
  /** The weights of a run's latest checkpoint as a weights-only safetensors file. */
  weights(runId: string): Promise<Uint8Array<ArrayBuffer>>;
  /**
   * Stores a safetensors file of this lab's byte model as a run (status `imported`).
   * @throws {Error} saying what is wrong with the file.
   */
  importWeights(bytes: Uint8Array<ArrayBuffer>, name: string): Promise<RunRecord>;
}
