/**
 * The Experiments page's state: the stored experiments, the run in progress and results, all through
 * the lab worker's `LabApi`.
 */
import * as Comlink from 'comlink';
import type { ExperimentDesign, ExperimentProgress } from '../core/experiment';
import type { ExperimentOverview, ExperimentResults } from '../lab/lab-api';
import type { LabClient } from './lab-client.svelte';
import { TrailingThrottle } from './trailing-throttle';
import { errorText } from '../core/error-text';

/** The least time between two reads of a running experiment's results. */
export const RESULTS_INTERVAL_MS = 1_000;
/** …and at least this many times as long as the last read took. */
export const RESULTS_SPACING = 4;
export class Experiments {
  list = $state.raw<ExperimentOverview[]>([]);
  /** Live progress of runs started from this page, by experiment id. */
  progress = $state.raw<Record<string, ExperimentProgress>>({});
  results = $state.raw<Record<string, ExperimentResults>>({});
  /** Why an experiment's results could not be read (no such experiment…), by id, until they can. */
  failures = $state.raw<Record<string, string>>({});
  error = $state<string | null>(null);

  constructor(private readonly client: LabClient) {}

  // By own keys only: an id comes from the page's URL, and `results['constructor']` finds Object's
  // constructor (an experiment page that drew it as results threw instead of saying "not here").
  /** The results read for experiment `id`, if any. */
  resultsOf(id: string): ExperimentResults | undefined {
    return Object.hasOwn(this.results, id) ? this.results[id] : undefined;
  }

  /** The live progress of experiment `id`, if a run was started from this page. */
  progressOf(id: string): ExperimentProgress | undefined {
    return Object.hasOwn(this.progress, id) ? this.progress[id] : undefined;
  }

  /** Why experiment `id`'s results could not be read, if they could not. */
  failureOf(id: string): string | undefined {
    return Object.hasOwn(this.failures, id) ? this.failures[id] : undefined;
  }

  private static readonly instances = new WeakMap<LabClient, Experiments>();

  /** One per client, kept while the page lives, so a run started here still reports after navigating away. */
  static for(client: LabClient): Experiments {
    let instance = Experiments.instances.get(client);
    if (!instance) {
      instance = new Experiments(client);
      Experiments.instances.set(client, instance);
    }
    return instance;
  }

  async refresh(): Promise<void> {
    try {
      this.list = await this.client.api.listExperiments();
      this.error = null;
    } catch (e) {
      this.error = errorText(e);
    }
  }

  /** Store a new experiment; its id, or null with `error` set. */
  async create(design: ExperimentDesign): Promise<string | null> {
    try {
      const id = await this.client.api.createExperiment(design);
      this.error = null;
      await this.refresh();
      return id;
    } catch (e) {
      this.error = errorText(e);
      return null;
    }
  }

  isRunning(id: string): boolean {
    return this.progressOf(id)?.state === 'running';
  }

  /** Run (or resume) an experiment; resolves when it stops. Results refresh as episodes finish. */
  async run(id: string): Promise<void> {
    this.error = null;
    let lastDone = -1;
    // At most one read of the results a second while it runs, and reads at most a fifth of the time
    // (each reads every episode so far, so it grows with the run).
    const reads = new TrailingThrottle(
      () => this.loadResults(id),
      RESULTS_INTERVAL_MS,
      undefined,
      undefined,
      RESULTS_SPACING,
    );
    const onProgress = (p: ExperimentProgress) => {
      this.progress = { ...this.progress, [id]: p };
      if (p.done !== lastDone) {
        lastDone = p.done;
        reads.request();
      }
    };
    try {
      const final = await this.client.api.runExperiment(id, Comlink.proxy(onProgress));
      this.progress = { ...this.progress, [id]: final };
      if (final.state === 'error') this.error = final.error ?? 'The experiment stopped with an error.';
    } catch (e) {
      this.error = errorText(e);
    } finally {
      await Promise.all([this.refresh(), reads.flush()]);
      void this.client.refreshEpisodes();
    }
  }

  async pause(id: string): Promise<void> {
    await this.client.api.pauseExperiment(id);
  }

  async cancel(id: string): Promise<void> {
    await this.client.api.cancelExperiment(id);
  }

  async loadResults(id: string): Promise<ExperimentResults | null> {
    try {
      const r = await this.client.api.experimentResults(id);
      this.results = { ...this.results, [id]: r };
      if (Object.hasOwn(this.failures, id)) {
        const { [id]: _gone, ...rest } = this.failures;
        this.failures = rest;
      }
      return r;
    } catch (e) {
      // Shown in place of the results (a link to an experiment that is not here would otherwise say
      // "Reading…" forever); results already shown stay, with the error above them.
      if (this.resultsOf(id)) this.error = errorText(e);
      else this.failures = { ...this.failures, [id]: errorText(e) };
      return null;
    }
  }

  /** Delete an experiment and its episodes; false (with `error` set) when refused. */
  async delete(id: string): Promise<boolean> {
    let error: string | null = null;
    try {
      await this.client.api.deleteExperiment(id);
      const results = { ...this.results };
      const progress = { ...this.progress };
      delete results[id];
      delete progress[id];
      this.results = results;
      this.progress = progress;
    } catch (e) {
      error = errorText(e);
    }
    await this.refresh();
    this.error = error;
    void this.client.refreshEpisodes();
    return error === null;
  }

  /** The episodes of an experiment as JSONL. */
  exportJsonl(id: string): Promise<Blob> {
    return this.client.api.exportExperiment(id);
  }
}
