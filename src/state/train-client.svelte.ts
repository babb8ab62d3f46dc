/**
 * The Train page's handle on the training worker: the stored runs, the run shown (live while it
 * trains, from its record otherwise), and the actions (start, the three twins in a row, pause,
 * resume, stop, export, import, use as a student). Every number it holds came from the worker's
 * measurements or a stored record.
 */
import * as Comlink from 'comlink';
import type { TrainBackend } from '../train/backend';
import type { LossPoint, RunRecord, TrainApi, TrainEvent } from '../train/train-api';
import { twinRecipes, type TrainRecipe } from '../core/train-run';
import { errorText } from '../core/error-text';
import { connectTrainWorker, type TrainConnection } from './train-connection';
import type { LabClient } from './lab-client.svelte';

/** Where the shown run stands. */
export type ShownStatus =
  | 'training'
  | 'pausing'
  | 'stopping'
  | 'paused'
  | 'stopped'
  | 'finished'
  | 'interrupted'
  | 'imported'
  | 'failed';

/** The run on show. */
export interface ShownRun {
  runId: string;
  name: string;
  status: ShownStatus;
  step: number;
  totalSteps: number | null;
  losses: number[];
  heldOut: LossPoint[];
  /** Measured over the latest steps; null before a step is timed in this session. */
  tokensPerSecond: number | null;
  msLeft: number | null;
  /** Step of the latest saved checkpoint. */
  savedStep: number;
  recipe: TrainRecipe | null;
}

/** The largest weights file the page reads (the worker checks it again). */
export const MAX_WEIGHTS_FILE_BYTES = 256 * 1024 * 1024;

function shownFrom(record: RunRecord): ShownRun {
  const status: ShownStatus = record.status === 'running' ? 'interrupted' : record.status;
  return {
    runId: record.id,
    name: record.name,
    status,
    step: record.step,
    totalSteps: record.totalSteps,
    losses: record.losses,
    heldOut: record.heldOut,
    tokensPerSecond: null,
    msLeft: null,
    savedStep: record.step,
    recipe: record.recipe,
  };
}

// A module variable, not a static field: Svelte's class-state transform mishandled `static #shared`.
let shared: TrainClient | null = null;

export class TrainClient {
  readonly #connection: TrainConnection;
  backend = $state<TrainBackend | null>(null);
  runs = $state.raw<RunRecord[]>([]);
  shown = $state.raw<ShownRun | null>(null);
  error = $state<string | null>(null);
  /** What the last action did, in words (a model loaded as a student, a file imported). */
  notice = $state<string | null>(null);
  /** Recipes waiting to train after the current run finishes (the twins). */
  queue = $state.raw<TrainRecipe[]>([]);
  /** A request in flight (start, resume, pause…): buttons wait for it. */
  busy = $state(false);

  constructor(connection: TrainConnection) {
    this.#connection = connection;
    void connection.failed.then((message) => (this.error = message));
  }

  /** The page's one training client, its worker started on first use (the Train page's first visit). */
  static shared(): TrainClient {
    return (shared ??= new TrainClient(connectTrainWorker()));
  }

  get api(): Comlink.Remote<TrainApi> {
    return this.#connection.api;
  }

  /** Whether the shown run is training now (or finishing its step before a pause or stop). */
  get training(): boolean {
    const status = this.shown?.status;
    return status === 'training' || status === 'pausing' || status === 'stopping';
  }

  /** Read the stored runs and start the backend (which says where training runs). */
  async init(): Promise<void> {
    await this.#act(async () => {
      this.runs = await this.api.runs();
      this.backend = await this.api.backend();
    });
  }

  async #act(action: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.error = null;
    try {
      await action();
    } catch (error) {
      this.error = errorText(error);
    } finally {
      this.busy = false;
    }
  }

  #onEvent = Comlink.proxy((event: TrainEvent) => this.#apply(event));

  #apply(event: TrainEvent): void {
    const shown = this.shown;
    if (!shown || shown.runId !== event.runId) return;
    if (event.type === 'step') {
      const { progress } = event;
      this.shown = {
        ...shown,
        step: progress.step,
        totalSteps: progress.totalSteps,
        losses: [...shown.losses, progress.loss],
        tokensPerSecond: progress.tokensPerSecond,
        msLeft: progress.msLeft,
      };
    } else if (event.type === 'held-out') {
      const heldOut = [...shown.heldOut.filter((p) => p.step !== event.point.step), event.point];
      this.shown = { ...shown, heldOut };
    } else if (event.type === 'saved') {
      this.shown = { ...shown, savedStep: event.record.step };
      this.runs = [event.record, ...this.runs.filter((r) => r.id !== event.runId)].sort(
        (a, b) => b.createdAt - a.createdAt,
      );
    } else {
      this.shown = { ...shown, status: event.end, msLeft: null };
      if (event.error) this.error = event.error;
      if (event.end === 'finished') void this.#next();
      else this.queue = [];
    }
  }

  /** The next queued twin, once the one before has finished. */
  async #next(): Promise<void> {
    const [recipe, ...rest] = this.queue;
    if (!recipe) return;
    this.queue = rest;
    await this.start(recipe);
  }

  /** Train a new run of `recipe`. */
  async start(recipe: TrainRecipe): Promise<void> {
    await this.#act(async () => {
      const record = await this.api.start(recipe, this.#onEvent);
      this.runs = [record, ...this.runs.filter((r) => r.id !== record.id)];
      this.shown = { ...shownFrom(record), status: 'training' };
    });
  }

  /** Train the three twins of `recipe` (didactic, answers-only, retry) one after another. */
  async startTwins(recipe: TrainRecipe): Promise<void> {
    const [first, ...rest] = twinRecipes(recipe);
    this.queue = rest;
    if (first) await this.start(first);
  }

  /** Go on with a stored run from its latest checkpoint. */
  async resume(runId: string): Promise<void> {
    await this.#act(async () => {
      const record = await this.api.resume(runId, this.#onEvent);
      this.shown = { ...shownFrom(record), status: 'training' };
    });
  }

  /** Pause after the current step (its checkpoint saved). */
  async pause(): Promise<void> {
    if (this.shown) this.shown = { ...this.shown, status: 'pausing' };
    await this.#act(() => this.api.pause());
  }

  /** Stop after the current step (its checkpoint saved), freeing the worker's memory. */
  async stop(): Promise<void> {
    this.queue = [];
    if (this.shown) this.shown = { ...this.shown, status: 'stopping' };
    await this.#act(() => this.api.stop());
  }

  /** Show a stored run's curves. */
  show(runId: string): void {
    const record = this.runs.find((r) => r.id === runId);
    if (record && !this.training) this.shown = shownFrom(record);
  }

  async deleteRun(runId: string): Promise<void> {
    await this.#act(async () => {
      await this.api.deleteRun(runId);
      this.runs = this.runs.filter((r) => r.id !== runId);
      if (this.shown?.runId === runId) this.shown = null;
    });
  }

  /** The weights-only safetensors file of a run's latest checkpoint; null (with `error`) on failure. */
  async weights(runId: string): Promise<Uint8Array<ArrayBuffer> | null> {
    let bytes: Uint8Array<ArrayBuffer> | null = null;
    await this.#act(async () => {
      bytes = await this.api.weights(runId);
    });
    return bytes;
  }

  /** Store a weights file picked by the person as a run; a bad file leaves `error` saying why. */
  async importFile(file: File): Promise<void> {
    await this.#act(async () => {
      if (file.size > MAX_WEIGHTS_FILE_BYTES)
        throw new Error(
          `“${file.name}” is ${Math.round(file.size / 2 ** 20)} MB: far larger than any model trained here.`,
        );
      const bytes = new Uint8Array(await file.arrayBuffer());
      const name = file.name.replace(/\.safetensors$/i, '');
      let record: RunRecord;
      try {
        record = await this.api.importWeights(Comlink.transfer(bytes, [bytes.buffer]), name);
      } catch (error) {
        throw new Error(`“${file.name}” cannot be used: ${errorText(error)}`, { cause: error });
      }
      this.runs = [record, ...this.runs.filter((r) => r.id !== record.id)];
      this.notice = `Imported “${record.name}” (${record.parameters.toLocaleString('en')} parameters).`;
    });
  }

  /**
   * Hand a run's latest weights to the lab as a student model (`trained: <name>`); it then appears
   * in the episode and experiment pickers. Returns the model id, or null with `error` set.
   */
  async useAsStudent(runId: string, lab: LabClient): Promise<string | null> {
    const record = this.runs.find((r) => r.id === runId);
    if (!record) return null;
    const bytes = await this.weights(runId);
    if (!bytes) return null;
    let id: string | null = null;
    await this.#act(async () => {
      id = await lab.api.loadTrainedModel(new Blob([bytes]), `${record.name} @ step ${record.step}`);
      lab.loadedModels = await lab.api.loadedModels();
      this.notice = `Loaded as a student: “${id}”. Choose it on the Episode or Experiments page.`;
    });
    return id;
  }
}
