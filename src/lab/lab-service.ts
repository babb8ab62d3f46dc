/**
 * The lab worker's implementation of `LabApi`. Its dependencies are injected so browser tests can run
 * it in the page with a test-double engine loader; the shipped worker passes the real ones.
 */
import type { Engine } from '../core/engine';
import { getEnvironment } from '../core/envs';
import { checkGgufSlots, DEFAULT_GGUF_SLOTS } from '../core/gguf-slots';
import type { EpisodeConfig, HumanInput } from '../core/protocol/types';
import {
  EndpointNotFoundError,
  EngineError,
  InvalidConcurrencyError,
  ModelDoesNotFitError,
} from '../engines/errors';
import { buildCatalog, fitOf, type ModelOption, type ModelRecordLike } from '../engines/webllm/model-catalog';
import {
  cacheGguf,
  cachedGgufFile,
  deleteCachedGguf,
  ggufName,
  listCachedGgufs,
  type CachedGguf,
} from '../engines/wllama/gguf-cache';
import { assertGguf, downloadGguf, type GgufSource } from '../engines/wllama/loader';
import { validateCustomRecord } from '../engines/webllm/model-record';
import { OpenAiEngine } from '../engines/openai/engine';
import { bounded } from '../engines/serial-queue';
import { runPreflight, type PreflightReport } from '../engines/preflight';
import type { LoadProgress } from '../engines/types';
import {
  EpisodeNotFoundError,
  StoreClosedError,
  checkEstimate,
  type StoreBlockedError,
  estimateStorage,
  exportHistory,
  importHistory,
  type ImportHistoryResult,
  type LabStore,
  type StorageEstimateResult,
} from '../store';
import type { TurnRecord } from '../core/protocol/types';
import {
  HistoryIndex,
  type HistoryFacets,
  type HistoryPage,
  type HistoryQuery,
  type HistorySelection,
} from './history-query';
import { heldEpisodeIds, holdEpisodeLock, liveEpisodeIds, whenEpisodeReleased } from './episode-locks';
import { runAndStore } from './episode-runner';
import { settledItem, settledRows } from './stranded';
import {
  designProblems,
  parseDesign,
  type ExperimentDesign,
  type ExperimentProgress,
} from '../core/experiment';
import { newId } from '../store/ids';
import {
  ExperimentRunError,
  ExperimentRunner,
  experimentOverview,
  experimentSummary,
  runningExperimentIds,
  type ExperimentOverview,
  type ExperimentResults,
} from './experiment-runner';
import type {
  EpisodeFilter,
  EpisodeSummary,
  LabApi,
  LabEvent,
  ServerOptions,
  StoredEpisode,
  GgufLoadOptions,
} from './lab-api';

/** Requests sent at once to an OpenAI-compatible server unless the form says otherwise. */
export const DEFAULT_SERVER_CONCURRENCY = 4;
/** More than this is a typo, not a server: browsers open about six connections per host anyway. */
const MAX_SERVER_CONCURRENCY = 64;

/** What the service wants to hear from the store it opens (`openLabStore` takes these as they are). */
export interface StoreEvents {
  onBlocked: (error: StoreBlockedError) => void;
  onClosedByOtherTab: () => void;
  onTerminated: () => void;
}

export interface LabServiceDeps {
  /** Opens the store; passing `events` on lets the page hear of a blocked upgrade or a newer tab. */
  openStore: (events: StoreEvents) => Promise<LabStore>;
  /** Model records the lab offers (web-llm's prebuilt list). */
  records: () => Promise<ModelRecordLike[]>;
  loadEngine: (
    record: ModelRecordLike,
    all: ModelRecordLike[],
    onProgress: (p: LoadProgress) => void,
    signal?: AbortSignal,
  ) => Promise<{ engine: Engine; unload: () => Promise<void> }>;
  /** web-llm's model cache (the worker passes src/engines/webllm/cache.ts). */
  webllmCache?: {
    has: (modelId: string, records: ModelRecordLike[]) => Promise<boolean>;
    delete: (modelId: string, records: ModelRecordLike[]) => Promise<void>;
  };
  /** Loads a GGUF model with wllama (the worker passes `loadWllamaEngine`); absent: no CPU engine. */
  loadGguf?: (
    source: GgufSource,
    onProgress: (p: LoadProgress) => void,
    options: { modelId: string; source: string; parallel?: number },
  ) => Promise<{ engine: Engine; unload: () => Promise<void> }>;
  preflight?: () => Promise<PreflightReport>;
  clock?: () => number;
  appVersion: string;
}

export class LabService implements LabApi {
  private storePromise: Promise<LabStore> | null = null;
  private interrupted = 0;
  private readonly interruptionListeners: ((total: number) => void)[] = [];
  private preflightReport: Promise<PreflightReport> | null = null;
  private readonly engines = new Map<string, { engine: Engine; unload: () => Promise<void> }>();
  private readonly running = new Map<string, AbortController>();
  private readonly loads = new Map<string, AbortController>();
  private readonly clock: () => number;
  private readonly custom: ModelRecordLike[] = [];

  constructor(private readonly deps: LabServiceDeps) {
    this.clock = deps.clock ?? (() => Date.now());
  }

  /**
   * The store, opened once. Episodes left 'running' by a closed or reloaded tab are marked interrupted
   * before anything is read. On a full disk that write fails too; the history does not depend on it,
   * since every read settles an episode no live tab runs (`stranded.ts`), so such episodes are counted
   * as interrupted all the same.
   */
  private store(): Promise<LabStore> {
    this.storePromise ??= this.openStore().then(async (store) => {
      const live = await liveEpisodeIds();
      this.interrupted = await store.markRunningAsInterrupted({ keep: live }).catch(async () => {
        const running = await store.listEpisodeIds({ status: 'running' }).catch(() => []);
        return running.filter((id) => !live.includes(id)).length;
      });
      for (const id of live) void this.markWhenReleased(store, id);
      return store;
    });
    return this.storePromise;
  }

  /** Open the store, saying (`onStoreNotice`) while an upgrade waits for other tabs, and when it ends. */
  private async openStore(): Promise<LabStore> {
    try {
      return await this.deps.openStore({
        onBlocked: (error) => this.setStoreNotice(error.message),
        onClosedByOtherTab: () => this.storeLost(new StoreClosedError('other-tab')),
        onTerminated: () => this.storeLost(new StoreClosedError('terminated')),
      });
    } finally {
      // Opened or failed, the wait is over (a failure reaches every caller as its own error).
      if (this.storeNotice !== null) this.setStoreNotice(null);
    }
  }

  private storeNotice: string | null = null;
  private readonly storeNoticeListeners: ((notice: string | null) => void)[] = [];

  private setStoreNotice(notice: string | null): void {
    this.storeNotice = notice;
    for (const listener of this.storeNoticeListeners) listener(notice);
  }

  async onStoreNotice(listener: (notice: string | null) => void): Promise<void> {
    this.storeNoticeListeners.push(listener);
    listener(this.storeNotice);
  }

  /**
   * The connection is gone (a newer tab upgraded the store, or the browser closed it): nothing more
   * can be written, so running episodes end now, with the turns already saved, instead of going on to
   * turns that could never be kept. Their end cannot be written either; their lock goes with them, so
   * they read as interrupted (`stranded.ts`).
   */
  private storeLost(error: StoreClosedError): void {
    this.setStoreNotice(error.message);
    for (const controller of this.running.values()) controller.abort(error);
    for (const id of this.experimentRunner?.runningIds() ?? []) this.experimentRunner?.pause(id);
  }

  /** Ids of the episodes some context runs now: this worker's, and those whose Web Lock is held. */
  private async live(): Promise<Set<string>> {
    return new Set([...(await heldEpisodeIds()), ...this.running.keys()]);
  }

  /** An episode another tab is running is marked interrupted if that tab goes away before it ends. */
  private async markWhenReleased(store: LabStore, episodeId: string): Promise<void> {
    await whenEpisodeReleased(episodeId);
    const marked = await store.markRunningAsInterrupted({ keep: await heldEpisodeIds() }).catch(() => 0);
    if (marked === 0) return;
    this.interrupted += marked;
    for (const listener of this.interruptionListeners) listener(this.interrupted);
  }

  async onInterrupted(listener: (total: number) => void): Promise<void> {
    this.interruptionListeners.push(listener);
  }

  preflight(): Promise<PreflightReport> {
    this.preflightReport ??= (this.deps.preflight ?? runPreflight)();
    return this.preflightReport;
  }

  private async allRecords(): Promise<ModelRecordLike[]> {
    return [...(await this.deps.records()), ...this.custom];
  }

  async models(): Promise<ModelOption[]> {
    return buildCatalog(await this.allRecords(), await this.preflight());
  }

  async addCustomModel(record: ModelRecordLike): Promise<ModelOption> {
    const valid = validateCustomRecord(record);
    const index = this.custom.findIndex((r) => r.model_id === valid.model_id);
    if (index >= 0) this.custom.splice(index, 1, valid);
    else this.custom.push(valid);
    const option = buildCatalog([valid], await this.preflight())[0];
    if (!option) throw new EngineError(`${valid.model_id} is not a chat model (model_type must be LLM).`);
    return option;
  }

  async loadModel(modelId: string, onProgress?: (p: LoadProgress) => void): Promise<void> {
    if (this.engines.has(modelId)) return;
    const records = await this.allRecords();
    const record = records.find((r) => r.model_id === modelId);
    if (!record) throw new EngineError(`There is no model called ${modelId} in the model list.`);
    const device = await this.preflight();
    const reason = fitOf(record, device, new Set(records.map((r) => r.model_id)));
    if (reason) throw new ModelDoesNotFitError(modelId, reason);
    const controller = new AbortController();
    this.loads.set(modelId, controller);
    try {
      const loaded = await this.deps.loadEngine(record, records, (p) => onProgress?.(p), controller.signal);
      this.engines.set(modelId, loaded);
    } finally {
      this.loads.delete(modelId);
    }
  }

  async cancelLoad(modelId: string): Promise<void> {
    this.loads.get(modelId)?.abort();
  }

  async unloadModel(modelId: string): Promise<void> {
    const loaded = this.engines.get(modelId);
    this.engines.delete(modelId);
    await loaded?.unload();
  }

  async cachedModels(): Promise<string[]> {
    const cache = this.deps.webllmCache;
    if (!cache) return [];
    const records = await this.allRecords();
    const catalog = await this.models();
    const fitting = catalog.filter((m) => m.fits).map((m) => m.id);
    const cached = await Promise.all(fitting.map((id) => cache.has(id, records)));
    return fitting.filter((_, i) => cached[i]);
  }

  async deleteCachedModel(modelId: string): Promise<void> {
    if (this.engines.has(modelId)) await this.unloadModel(modelId);
    await this.deps.webllmCache?.delete(modelId, await this.allRecords());
  }

  async deleteCachedGguf(name: string): Promise<boolean> {
    return deleteCachedGguf(name);
  }

  async connectServer(options: ServerOptions): Promise<string> {
    const concurrency = options.concurrency ?? DEFAULT_SERVER_CONCURRENCY;
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_SERVER_CONCURRENCY) {
      throw new InvalidConcurrencyError(concurrency, MAX_SERVER_CONCURRENCY);
    }
    const engine = new OpenAiEngine(options);
    // Some servers have no /models route; only an unreachable server or a refused key stops us here.
    const models = await engine.listModels().catch((error: unknown) => {
      if (error instanceof EndpointNotFoundError) return [] as string[];
      throw error;
    });
    if (models.length > 0 && !models.includes(options.model)) {
      throw new EngineError(
        `The server at ${engine.baseUrl} has no model called "${options.model}". It offers: ` +
          `${models.slice(0, 12).join(', ')}${models.length > 12 ? ', …' : ''}.`,
      );
    }
    // The id names the server too, so stored episodes say where their model ran.
    const id = `${options.model} @ ${engine.baseUrl}`;
    this.engines.set(id, { engine: bounded(engine, concurrency), unload: async () => undefined });
    return id;
  }

  async loadGguf(
    source: { file: Blob; name: string } | { url: string } | { cached: string },
    onProgress?: (p: LoadProgress) => void,
    options: GgufLoadOptions = {},
  ): Promise<string> {
    const parallel = checkGgufSlots(options.parallel ?? DEFAULT_GGUF_SLOTS);
    let file: Blob;
    let name: string;
    // What the user chose, for messages: the file's name, the URL, or the copy kept in this browser.
    let chosen: string;
    if ('cached' in source) {
      const cached = await cachedGgufFile(source.cached);
      if (!cached)
        throw new EngineError(`No cached model called ${source.cached}: load it from its file again.`);
      [file, name, chosen] = [cached, source.cached, `${source.cached} (kept in this browser)`];
    } else if ('file' in source) {
      [file, name, chosen] = [source.file, ggufName(source.name), source.name];
    } else {
      chosen = source.url;
      name = ggufName(new URL(source.url, globalThis.location.href).pathname.split('/').pop() ?? 'model');
      // The page cancels by the id it shows: the URL until the first progress report names the model.
      const controller = new AbortController();
      this.loads.set(source.url, controller);
      this.loads.set(name, controller);
      try {
        file = await downloadGguf(
          source.url,
          (progress, text) => onProgress?.({ modelId: name, progress, text, elapsed: 0 }),
          controller.signal,
        );
      } finally {
        this.loads.delete(source.url);
        this.loads.delete(name);
      }
      // Checked here, where the URL is known: the loader only sees bytes ("the chosen file").
      await assertGguf(file, source.url);
    }
    if (!this.deps.loadGguf) throw new EngineError('This lab was started without the CPU (wllama) engine.');
    const loaded = await this.deps.loadGguf({ file }, (p) => onProgress?.(p), {
      modelId: name,
      source: chosen,
      parallel,
    });
    this.engines.get(name)?.unload();
    this.engines.set(name, { engine: loaded.engine, unload: loaded.unload });
    // Keep a copy for offline use; a full disk only costs the copy, not the loaded model.
    if (!('cached' in source)) await cacheGguf(name, file).catch(() => undefined);
    return name;
  }

  async cachedGgufs(): Promise<CachedGguf[]> {
    return listCachedGgufs();
  }

  async loadedModels(): Promise<string[]> {
    return [...this.engines.keys()];
  }

  private engineFor(modelId: string | undefined, role: string): Engine | undefined {
    if (modelId === undefined) return undefined;
    const loaded = this.engines.get(modelId);
    if (!loaded) throw new EngineError(`The ${role} model ${modelId} is not loaded: load it first.`);
    return loaded.engine;
  }

  /**
   * The loaded engines an episode of `config` needs: the student's, and the teacher's (the llm-teacher
   * model, or the student's own for the self-teacher).
   * @throws {EngineError} when a needed model is not loaded.
   */
  private enginesFor(config: EpisodeConfig): { studentEngine?: Engine; teacherEngine?: Engine } {
    const studentEngine =
      config.student.kind === 'model' ? this.engineFor(config.student.modelId, 'student') : undefined;
    const teacherEngine =
      config.condition.kind === 'llm-teacher'
        ? this.engineFor(config.teacherModelId, 'teacher')
        : config.condition.kind === 'self-teacher'
          ? studentEngine
          : undefined;
    return { studentEngine, teacherEngine };
  }

  async runEpisode(
    config: EpisodeConfig,
    onEvent: (e: LabEvent) => void,
    human?: HumanInput,
    resume?: readonly TurnRecord[],
  ): Promise<EpisodeSummary> {
    const store = await this.store();
    const env = getEnvironment(config.envId);
    const { studentEngine, teacherEngine } = this.enginesFor(config);
    const controller = new AbortController();
    const episodeId = crypto.randomUUID();
    // Held while the episode runs, so another tab starting up does not mark it interrupted.
    const release = await holdEpisodeLock(episodeId);
    this.running.set(episodeId, controller);
    try {
      return await runAndStore(
        config,
        {
          env,
          studentEngine,
          teacherEngine,
          human,
          clock: this.clock,
          signal: controller.signal,
          ...(resume ? { resume: { turns: resume } } : {}),
        },
        { store, appVersion: this.deps.appVersion, onEvent, episodeId },
      );
    } finally {
      this.running.delete(episodeId);
      await release();
    }
  }

  async stopEpisode(episodeId: string): Promise<void> {
    this.running.get(episodeId)?.abort();
  }

  async interruptedAtStartup(): Promise<number> {
    await this.store();
    return this.interrupted;
  }

  async listEpisodes(filter: EpisodeFilter = {}) {
    const store = await this.store();
    return settledRows(store, await store.listEpisodes(filter), await this.live());
  }

  async getEpisode(id: string): Promise<StoredEpisode | undefined> {
    const item = await (await this.store()).getEpisode(id);
    return item && settledItem(item, await this.live());
  }

  async deleteEpisode(id: string): Promise<void> {
    await (await this.store()).deleteEpisode(id);
    this.history.forget([id]);
  }

  // History page (issue 5): queries, export / import, deletion, storage, resume.
  private readonly history = new HistoryIndex();

  async resumeEpisode(
    episodeId: string,
    onEvent: (e: LabEvent) => void,
    human?: HumanInput,
  ): Promise<EpisodeSummary> {
    const store = await this.store();
    const found = await store.getEpisode(episodeId);
    if (!found) throw new EpisodeNotFoundError(episodeId);
    const stored = settledItem(found, await this.live());
    const { status } = stored.episode;
    if (status !== 'interrupted' && status !== 'aborted' && status !== 'error') {
      throw new Error(
        `Only an interrupted, stopped or failed-by-error episode can be resumed (this one is ${status}).`,
      );
    }
    const next = stored.turns.length + 1;
    let discard: Promise<unknown> | null = null;
    const forward = (event: LabEvent) => {
      // The copy holds every finished turn once turn n + 1 begins: only then let the old one go.
      if (discard === null && event.type === 'turn-start' && event.turn === next) {
        discard = store.deleteEpisode(episodeId).then(() => this.history.forget([episodeId]));
      }
      onEvent(event);
    };
    const summary = await this.runEpisode(stored.episode.config, forward, human, stored.turns);
    if (discard !== null) {
      await (discard as Promise<unknown>).catch(() => undefined);
      return summary;
    }
    if (summary.episodeId !== '') await store.deleteEpisode(summary.episodeId).catch(() => false);
    throw new Error(summary.error ?? 'The episode could not be resumed.');
  }

  async queryHistory(query: HistoryQuery = {}): Promise<HistoryPage> {
    const store = await this.store();
    const live = await this.live();
    const page = await this.history.page(store, query, live);
    return { ...page, rows: await settledRows(store, page.rows, live) };
  }

  async historyFacets(): Promise<HistoryFacets> {
    return (await this.store()).facets();
  }

  async exportHistory(selection?: HistorySelection): Promise<Blob> {
    const store = await this.store();
    const ids = selection ? await this.history.ids(store, selection, await this.live()) : undefined;
    return exportHistory(store, {
      appVersion: this.deps.appVersion,
      exportedAt: this.clock(),
      ...(ids ? { ids } : {}),
    });
  }

  async importHistory(file: Blob | string): Promise<ImportHistoryResult> {
    return importHistory(await this.store(), file);
  }

  async deleteEpisodes(selection: HistorySelection): Promise<number> {
    const store = await this.store();
    const live = await this.live();
    const ids = await this.history.ids(store, selection, live);
    // Only what a live context runs is kept: an episode left 'running' by a full disk has no lock.
    const deleted = await store.deleteEpisodes(ids, { keep: live });
    this.history.forget(deleted);
    return deleted.length;
  }

  async deleteAll(): Promise<void> {
    const store = await this.store();
    const live = await this.live();
    if ((await store.listEpisodeIds({ status: 'running' })).some((id) => live.has(id))) {
      throw new Error(
        'An episode is running (here or in another tab): stop it before deleting the whole history.',
      );
    }
    await store.deleteAll();
    this.history.forget();
  }

  async storageEstimate(): Promise<StorageEstimateResult | null> {
    const [browser, episodes] = await Promise.all([
      estimateStorage(),
      this.store().then((store) => store.episodeCount()),
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
      engines: (config) => this.enginesFor(config),
    });
    return this.experimentRunner;
  }

  async createExperiment(design: ExperimentDesign): Promise<string> {
    const valid = parseDesign(design);
    const problems = designProblems(valid);
    if (problems.length > 0) throw new Error(problems.join(' '));
    const id = newId();
    await (
      await this.store()
    ).putExperiment({
      id,
      name: valid.name.trim() || 'Experiment',
      createdAt: this.clock(),
      appVersion: this.deps.appVersion,
      plan: valid,
      state: 'idle',
      updatedAt: this.clock(),
    });
    return id;
  }

  async listExperiments(): Promise<ExperimentOverview[]> {
    const store = await this.store();
    const running = new Set(await runningExperimentIds());
    const records = await store.listExperiments();
    records.sort((a, b) => b.createdAt - a.createdAt);
    return Promise.all(records.map((r) => experimentOverview(store, r, running)));
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
    if ((await runningExperimentIds()).includes(id)) {
      throw new ExperimentRunError(
        'This experiment is running (here or in another tab): pause or cancel it first.',
      );
    }
    const deleted = await (await this.store()).deleteExperiment(id);
    if (deleted === null) throw new ExperimentRunError(`There is no experiment ${id} in this browser.`);
    this.history.forget();
    return deleted;
  }

  async experimentResults(id: string): Promise<ExperimentResults> {
    const store = await this.store();
    const record = await store.getExperiment(id);
    if (!record) {
      const shown = id.length > 60 ? `${id.slice(0, 60)}…` : id;
      throw new ExperimentRunError(
        `There is no experiment “${shown}” in this browser: it was deleted, or the link comes from ` +
          "another browser (experiments are stored where they ran; import the episodes' export to see them here).",
      );
    }
    const running = new Set(await runningExperimentIds());
    const [overview, summary] = await Promise.all([
      experimentOverview(store, record, running),
      experimentSummary(store, id),
    ]);
    return { overview, summary };
  }

  async exportExperiment(id: string): Promise<Blob> {
    return exportHistory(await this.store(), {
      appVersion: this.deps.appVersion,
      exportedAt: this.clock(),
      query: { experimentId: id },
    });
  }

  async measuredSpeed(modelId: string): Promise<number | null> {
    const store = await this.store();
    const recent = await store.listEpisodes({ studentModel: modelId, limit: 20 });
    const speeds = (await store.getEpisodes(recent.map((e) => e.id)))
      .flatMap((e) => e.turns.map((t) => t.studentUsage?.decodeTokensPerSec))
      .filter((x): x is number => typeof x === 'number' && x > 0)
      .sort((a, b) => a - b);
    return speeds.length === 0 ? null : (speeds[Math.floor(speeds.length / 2)] ?? null);
  }
}
