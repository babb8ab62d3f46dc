/**
 * The lab worker's implementation of `LabApi`: the comlink-exposed facade over the lab's services, the
 * store connection (`store-connection.ts`), the models (`models.ts`), the episodes
 * (`episode-runner.ts`), the experiments (`experiment-runner.ts`, `experiment-query.ts`,
 * `experiment-records.ts`), and the history (below, with `history-query.ts`). Its dependencies are
 * injected so browser tests can run it in the page with a test-double engine loader; the shipped
 * worker passes the real ones.
 */
import type { EpisodeConfig, HumanInput } from '../core/protocol/types';
import type { ModelOption, ModelRecordLike } from '../engines/webllm/model-catalog';
import type { CachedGguf } from '../engines/wllama/gguf-cache';
import type { PreflightReport } from '../engines/preflight';
import type { LoadProgress } from '../engines/types';
import {
  checkEstimate,
  estimateStorage,
  exportHistory,
  exportTrainingData,
  importHistory,
  type EpisodeFacets,
  type EpisodeWithTurns,
  type ImportHistoryResult,
  type LabStore,
  type StorageEstimateResult,
  type TrainingExport,
} from '../store';
import type { TrainingOptions } from '../core/training-data';
import type { ExperimentDesign, ExperimentProgress } from '../core/experiment';
import type { EpisodeQuery } from '../core/episode-query';
import { HistoryIndex } from './history-query';
import { settledItem, settledRows } from './stranded';
import { EpisodeRunner } from './episode-runner';
import { EpisodesRunningError } from './errors';
import { createExperiment, deleteExperiment } from './experiment-records';
import { experimentResults, listExperimentOverviews, measuredSpeed } from './experiment-query';
import { ExperimentRunner } from './experiment-runner';
import { ExperimentReadCache } from './experiment-read-cache';
import { Models, type ModelsDeps } from './models';
import { StoreConnection, type StoreEvents } from './store-connection';
import type {
  EpisodeRunResult,
  ExperimentOverview,
  ExperimentResults,
  GgufLoadOptions,
  LabApi,
  LabEvent,
  ServerOptions,
  SavedServer,
  HistoryPage,
  HistorySelection,
} from './lab-api';

export { DEFAULT_SERVER_CONCURRENCY } from './models';
export type { StoreEvents } from './store-connection';

export interface LabServiceDeps extends Omit<ModelsDeps, 'store'> {
  /** Opens the store; passing `events` on lets the page hear of a blocked upgrade or a newer tab. */
  openStore: (events: StoreEvents) => Promise<LabStore>;
  clock?: () => number;
  appVersion: string;
}

export class LabService implements LabApi {
  private readonly clock: () => number;
  private readonly connection: StoreConnection;
  private readonly modelList: Models;
  private readonly episodes: EpisodeRunner;
  // History page (issue 5): queries, export / import, deletion, storage.
  private readonly history = new HistoryIndex();
  // Experiment results: the turns of a read experiment's finished episodes, kept between its reads.
  private readonly resultsTurns = new ExperimentReadCache();

  constructor(private readonly deps: LabServiceDeps) {
    this.clock = deps.clock ?? (() => Date.now());
    this.connection = new StoreConnection(deps.openStore, (error) => {
      this.episodes.stopAll(error);
      for (const id of this.experimentRunner?.runningIds() ?? []) this.experimentRunner?.pause(id);
    });
    const store = () => this.store();
    this.modelList = new Models({ ...deps, store, reader: () => this.reader() });
    this.episodes = new EpisodeRunner({
      store,
      engines: (config) => this.modelList.enginesFor(config),
      clock: this.clock,
      appVersion: deps.appVersion,
      onDeleted: (id) => {
        this.history.forget([id]);
        this.resultsTurns.clear();
      },
    });
  }

  /** The store for writes (after the startup sweep of episodes cut short). */
  private store(): Promise<LabStore> {
    return this.connection.store();
  }

  /** The store for reads, as soon as it is open: a second tab reads while another runs an episode. */
  private reader(): Promise<LabStore> {
    return this.connection.opened();
  }

  async onStoreNotice(listener: (notice: string | null) => void): Promise<void> {
    this.connection.onStoreNotice(listener);
  }

  async onInterrupted(listener: (total: number) => void): Promise<void> {
    this.connection.onInterrupted(listener);
  }

  interruptedAtStartup(): Promise<number> {
    return this.connection.interruptedAtStartup();
  }

  /** Ids of the episodes some context runs now: this worker's, and those whose Web Lock is held. */
  private live(): Promise<Set<string>> {
    return this.episodes.live();
  }

  // Models: records, loading, caches (models.ts).
  preflight(): Promise<PreflightReport> {
    return this.modelList.preflight();
  }

  models(): Promise<ModelOption[]> {
    return this.modelList.models();
  }

  addCustomModel(record: ModelRecordLike): Promise<ModelOption> {
    return this.modelList.addCustomModel(record);
  }

  loadModel(modelId: string, onProgress?: (p: LoadProgress) => void): Promise<void> {
    return this.modelList.loadModel(modelId, onProgress);
  }

  async cancelLoad(modelId: string): Promise<void> {
    this.modelList.cancelLoad(modelId);
  }

  unloadModel(modelId: string): Promise<void> {
    return this.modelList.unloadModel(modelId);
  }

  cachedModels(): Promise<string[]> {
    return this.modelList.cachedModels();
  }

  deleteCachedModel(modelId: string): Promise<void> {
    return this.modelList.deleteCachedModel(modelId);
  }

  deleteCachedGguf(name: string): Promise<boolean> {
    return this.modelList.deleteCachedGguf(name);
  }

  connectServer(options: ServerOptions): Promise<string> {
    return this.modelList.connectServer(options);
  }

  savedServer(): Promise<SavedServer | null> {
    return this.modelList.savedServer();
  }

  loadGguf(
    source: { file: Blob; name: string } | { url: string } | { cached: string },
    onProgress?: (p: LoadProgress) => void,
    options?: GgufLoadOptions,
  ): Promise<string> {
    return this.modelList.loadGguf(source, onProgress, options);
  }

  cachedGgufs(): Promise<CachedGguf[]> {
    return this.modelList.cachedGgufs();
  }

  loadTrainedModel(file: Blob, name: string): Promise<string> {
    return this.modelList.loadTrained(file, name);
  }

  async loadedModels(): Promise<string[]> {
    return this.modelList.loadedModels();
  }

  // Episodes: run, stop, resume (episode-runner.ts).
  runEpisode(
    config: EpisodeConfig,
    onEvent: (e: LabEvent) => void,
    human?: HumanInput,
  ): Promise<EpisodeRunResult> {
    return this.episodes.run(config, onEvent, human);
  }

  async stopEpisode(episodeId: string): Promise<void> {
    this.episodes.stop(episodeId);
  }

  resumeEpisode(
    episodeId: string,
    onEvent: (e: LabEvent) => void,
    human?: HumanInput,
  ): Promise<EpisodeRunResult> {
    return this.episodes.resume(episodeId, onEvent, human);
  }

  // History: the stored episodes, their export, import and deletion.
  async getEpisode(id: string): Promise<EpisodeWithTurns | undefined> {
    const item = await (await this.reader()).getEpisode(id);
    return item && settledItem(item, await this.live());
  }

  async deleteEpisode(id: string): Promise<void> {
    await (await this.store()).deleteEpisode(id);
    this.history.forget([id]);
  }

  async queryHistory(query: EpisodeQuery = {}): Promise<HistoryPage> {
    const store = await this.reader();
    const live = await this.live();
    const page = await this.history.page(store, query, live);
    return { ...page, rows: await settledRows(store, page.rows, live) };
  }

  async historyFacets(): Promise<EpisodeFacets> {
    return (await this.reader()).facets();
  }

  async exportHistory(selection?: HistorySelection): Promise<Blob> {
    const store = await this.reader();
    const ids = selection ? await this.history.ids(store, selection, await this.live()) : undefined;
    return exportHistory(store, {
      appVersion: this.deps.appVersion,
      exportedAt: this.clock(),
      ...(ids ? { ids } : {}),
    });
  }

  async exportTrainingData(options: TrainingOptions, selection?: HistorySelection): Promise<TrainingExport> {
    const store = await this.reader();
    const ids = selection ? await this.history.ids(store, selection, await this.live()) : undefined;
    return exportTrainingData(store, options, ids);
  }

  async importHistory(file: Blob | string): Promise<ImportHistoryResult> {
    this.resultsTurns.clear();
    return importHistory(await this.store(), file);
  }

  async deleteEpisodes(selection: HistorySelection): Promise<number> {
    const store = await this.store();
    const live = await this.live();
    const ids = await this.history.ids(store, selection, live);
    // Only what a live context runs is kept: an episode left 'running' by a full disk has no lock.
    const deleted = await store.deleteEpisodes(ids, { keep: live });
    this.history.forget(deleted);
    this.resultsTurns.clear();
    return deleted.length;
  }

  async deleteAll(): Promise<void> {
    const store = await this.store();
    const live = await this.live();
    if ((await store.listEpisodeIds({ status: 'running' })).some((id) => live.has(id))) {
      throw new EpisodesRunningError();
    }
    await store.deleteAll();
    this.history.forget();
    this.resultsTurns.clear();
  }

  async storageEstimate(): Promise<StorageEstimateResult | null> {
    const [browser, episodes] = await Promise.all([
      estimateStorage(),
      this.reader().then((store) => store.episodeCount()),
    ]);
    return browser && checkEstimate(browser, episodes);
  }

  // Experiments (issue 6): design, run, results, export.
  private experimentRunner: ExperimentRunner | null = null;

  private async experiments(): Promise<ExperimentRunner> {
    const store = await this.store();
    this.experimentRunner ??= new ExperimentRunner({
      store,
      appVersion: this.deps.appVersion,
      clock: this.clock,
      engines: (config) => this.modelList.enginesFor(config),
    });
    return this.experimentRunner;
  }

  async createExperiment(design: ExperimentDesign): Promise<string> {
    return createExperiment(await this.store(), design, {
      appVersion: this.deps.appVersion,
      clock: this.clock,
    });
  }

  async listExperiments(): Promise<ExperimentOverview[]> {
    return listExperimentOverviews(await this.reader());
  }

  async runExperiment(id: string, onProgress: (p: ExperimentProgress) => void): Promise<ExperimentProgress> {
    const runner = await this.experiments();
    try {
      return await runner.run(id, onProgress);
    } finally {
      this.history.forget();
    }
  }

  async pauseExperiment(id: string): Promise<void> {
    (await this.experiments()).pause(id);
  }

  async cancelExperiment(id: string): Promise<void> {
    (await this.experiments()).cancel(id);
  }

  async deleteExperiment(id: string): Promise<number> {
    const deleted = await deleteExperiment(await this.store(), id);
    this.history.forget();
    this.resultsTurns.clear();
    return deleted;
  }

  async experimentResults(id: string): Promise<ExperimentResults> {
    return experimentResults(await this.reader(), id, this.resultsTurns);
  }

  async exportExperiment(id: string): Promise<Blob> {
    return exportHistory(await this.reader(), {
      appVersion: this.deps.appVersion,
      exportedAt: this.clock(),
      query: { experimentId: id },
    });
  }

  async measuredSpeed(modelId: string): Promise<number | null> {
    return measuredSpeed(await this.reader(), modelId);
  }
}
