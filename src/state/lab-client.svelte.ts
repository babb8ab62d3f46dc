/**
 * The page's handle on the lab worker: wraps the comlink proxy and keeps what the UI shows about the
 * device, the models and the stored episodes as reactive state.
 */
import * as Comlink from 'comlink';
import type { CachedGguf } from '../engines/wllama/gguf-cache';
import type { ModelOption, ModelRecordLike } from '../engines/webllm/model-catalog';
import type { PreflightReport } from '../engines/preflight';
import type { LoadProgress } from '../engines/types';
import type { GgufLoadOptions, LabApi, SavedServer, ServerOptions } from '../lab/lab-api';
import type { EpisodeRecord } from '../store';
import { errorText } from '../core/error-text';
import { downloadErrorText } from '../core/download-error';
import { LabWorkerGoneError, connectLabWorker, type LabConnection } from './lab-connection';

export class LabClient {
  #connection: LabConnection;
  readonly #connect: () => LabConnection;
  preflight = $state.raw<PreflightReport | null>(null);
  models = $state.raw<ModelOption[]>([]);
  /** False until the model list has been read (it loads web-llm in the worker). */
  modelsReady = $state(false);
  loadedModels = $state.raw<string[]>([]);
  loading = $state.raw<LoadProgress | null>(null);
  loadError = $state<string | null>(null);
  interrupted = $state(0);
  episodes = $state.raw<EpisodeRecord[]>([]);
  storeError = $state<string | null>(null);
  /** What the worker says about the store as a whole (an upgrade waiting, another tab's upgrade). */
  storeNotice = $state<string | null>(null);
  customError = $state<string | null>(null);
  serverError = $state<string | null>(null);
  /** Why the lab worker is gone (see `restart`); null while it lives. */
  gone = $state<string | null>(null);
  /** Counts restarts, so pages holding what the old worker told them read it again. */
  generation = $state(0);

  /** @param connect starts a worker (tests pass one over an in-page LabApi wrapped the same way). */
  constructor(connect: () => LabConnection) {
    this.#connect = connect;
    this.#connection = this.#watch(connect());
  }

  /** Start the real lab worker. */
  static start(): LabClient {
    return new LabClient(connectLabWorker);
  }

  /** The worker's API; calls reject with LabWorkerGoneError once it is gone. */
  get api(): Comlink.Remote<LabApi> {
    return this.#connection.api;
  }

  #watch(connection: LabConnection): LabConnection {
    void connection.gone.then((error) => {
      if (this.#connection !== connection) return;
      this.gone = error.message;
      // What the dead worker was doing will not report back.
      this.loading = null;
    });
    return connection;
  }

  /**
   * Replace a dead worker with a new one and read everything again. Models it had loaded are gone
   * with it; its running episode's lock went with it too, so the new worker reads that episode as
   * interrupted (`stranded.ts`) with the turns that were saved.
   */
  async restart(): Promise<void> {
    this.#connection.close();
    this.#connection = this.#watch(this.#connect());
    this.gone = null;
    this.loadedModels = [];
    this.loading = null;
    this.loadError = null;
    this.storeError = null;
    this.storeNotice = null;
    this.modelsReady = false;
    this.generation++;
    await this.init();
  }

  /** Preflight, model list, interrupted-episode count and history; each failure is shown, none fatal. */
  async init(): Promise<void> {
    // First: a store upgrade that waits for other tabs is said while the calls below wait for it.
    await this.api
      .onStoreNotice(Comlink.proxy((notice: string | null) => (this.storeNotice = notice)))
      .catch((e: unknown) => (this.storeError = errorText(e)));
    const [report] = await Promise.all([
      this.api.preflight().then(
        (r) => (this.preflight = r),
        (e) => (this.loadError = errorText(e)),
      ),
      this.refreshEpisodes(),
      // Cached GGUF files appear in every model picker after a reload, with no form to open.
      this.refreshCachedGgufs(),
    ]);
    void report;
    try {
      this.models = await this.api.models();
    } catch (e) {
      this.loadError = errorText(e);
    } finally {
      this.modelsReady = true;
    }
    try {
      this.interrupted = await this.api.interruptedAtStartup();
      await this.api.onInterrupted(
        Comlink.proxy((total: number) => {
          this.interrupted = total;
          void this.refreshEpisodes();
        }),
      );
    } catch (e) {
      this.storeError = errorText(e);
    }
  }

  /** Models this device can run. */
  get runnableModels(): ModelOption[] {
    return this.models.filter((m) => m.fits);
  }

  /** GGUF files kept in this browser that are not loaded now: the picker offers them like any model. */
  get cachedGgufIds(): string[] {
    return this.cachedGgufs.map((g) => g.name).filter((name) => !this.loadedModels.includes(name));
  }

  /** Loaded models that are not in web-llm's list (a local server, a GGUF file). */
  get otherLoadedModels(): string[] {
    return this.loadedModels.filter((id) => !this.models.some((m) => m.id === id));
  }

  /**
   * Connect a model on an OpenAI-compatible server; returns its id, or null with `serverError` set.
   */
  async connectServer(options: ServerOptions): Promise<string | null> {
    this.serverError = null;
    try {
      const id = await this.api.connectServer(options);
      this.loadedModels = await this.api.loadedModels();
      return id;
    } catch (e) {
      this.serverError = errorText(e);
      return null;
    }
  }

  /** The server last connected in this browser (never its key), or null. */
  async savedServer(): Promise<SavedServer | null> {
    try {
      return await this.api.savedServer();
    } catch {
      return null; // the form then starts empty, as it always did
    }
  }

  async refreshEpisodes(): Promise<void> {
    try {
      this.episodes = (await this.api.queryHistory({ sort: 'newest', limit: 20 })).rows;
      this.storeError = null;
    } catch (e) {
      // A gone worker is said once, with the way out (`gone`), not under every list.
      if (!(e instanceof LabWorkerGoneError)) this.storeError = errorText(e);
    }
  }

  /**
   * Add a custom web-llm model record; returns its id, or null with `customError` set when the
   * record is refused.
   */
  async addCustomModel(record: ModelRecordLike): Promise<string | null> {
    this.customError = null;
    try {
      const option = await this.api.addCustomModel(record);
      this.models = await this.api.models();
      return option.id;
    } catch (e) {
      this.customError = errorText(e);
      return null;
    }
  }

  /** web-llm models whose files are all cached in this browser. */
  cachedModels = $state.raw<string[]>([]);
  cacheError = $state<string | null>(null);

  async refreshCachedModels(): Promise<void> {
    try {
      this.cachedModels = await this.api.cachedModels();
      this.cacheError = null;
    } catch (e) {
      this.cacheError = errorText(e);
    }
  }

  /** Cancel the download or load in progress. */
  async cancelLoad(): Promise<void> {
    if (this.loading) await this.api.cancelLoad(this.loading.modelId);
  }

  async unload(modelId: string): Promise<void> {
    await this.api.unloadModel(modelId);
    this.loadedModels = await this.api.loadedModels();
  }

  /** Delete a cached web-llm model or GGUF file. */
  async deleteCached(kind: 'webllm' | 'gguf', id: string): Promise<void> {
    this.cacheError = null;
    try {
      if (kind === 'webllm') await this.api.deleteCachedModel(id);
      else await this.api.deleteCachedGguf(id);
      this.loadedModels = await this.api.loadedModels();
      await Promise.all([this.refreshCachedModels(), this.refreshCachedGgufs()]);
    } catch (e) {
      this.cacheError = errorText(e);
    }
  }

  /** GGUF models cached in this browser. */
  cachedGgufs = $state.raw<CachedGguf[]>([]);
  ggufError = $state<string | null>(null);

  async refreshCachedGgufs(): Promise<void> {
    try {
      this.cachedGgufs = await this.api.cachedGgufs();
    } catch {
      this.cachedGgufs = [];
    }
  }

  /** Load a GGUF model on the CPU; returns its id, or null with `ggufError` set. */
  async loadGguf(
    source: { file: Blob; name: string } | { url: string } | { cached: string },
    options?: GgufLoadOptions,
  ): Promise<string | null> {
    this.ggufError = null;
    const label = 'cached' in source ? source.cached : 'name' in source ? source.name : source.url;
    this.loading = { modelId: label, progress: 0, text: 'Starting…', elapsed: 0 };
    try {
      const id = await this.api.loadGguf(
        source,
        Comlink.proxy((p: LoadProgress) => (this.loading = p)),
        options,
      );
      this.loadedModels = await this.api.loadedModels();
      await this.refreshCachedGgufs();
      return id;
    } catch (e) {
      this.ggufError = downloadErrorText(e, { online: globalThis.navigator?.onLine ?? true, modelId: label });
      return null;
    } finally {
      this.loading = null;
    }
  }

  /** Load a model, showing progress; returns false (with `loadError` set) when it fails. */
  async load(modelId: string): Promise<boolean> {
    this.loadError = null;
    if (this.cachedGgufIds.includes(modelId) && !this.models.some((m) => m.id === modelId)) {
      const id = await this.loadGguf({ cached: modelId });
      if (id === null) this.loadError = this.ggufError;
      return id !== null;
    }
    this.loading = { modelId, progress: 0, text: 'Starting…', elapsed: 0 };
    try {
      await this.api.loadModel(
        modelId,
        Comlink.proxy((p: LoadProgress) => (this.loading = p)),
      );
      this.loadedModels = await this.api.loadedModels();
      void this.refreshCachedModels();
      return true;
    } catch (e) {
      this.loadError = downloadErrorText(e, { online: globalThis.navigator?.onLine ?? true, modelId });
      return false;
    } finally {
      this.loading = null;
    }
  }
}
