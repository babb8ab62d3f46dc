/**
 * The lab worker's models: the records it offers (web-llm's list and the custom records, which are
 * kept in the store's `customModels` so they survive a reload), the device probe that decides which
 * fit, loading and unloading (web-llm, GGUF on wllama, OpenAI-compatible servers), their caches, and
 * the loaded engines an episode asks for.
 */
import type { Engine } from '../core/engine';
import { checkGgufSlots, DEFAULT_GGUF_SLOTS } from '../core/gguf-slots';
import type { EpisodeConfig } from '../core/protocol/types';
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
import { errorText } from '../core/error-text';
import type { CustomModelRecord, LabStore } from '../store';
import { CustomModelNotSavedError, ModelNotLoadedError, UnknownModelError } from './errors';
import type { GgufLoadOptions, SavedServer, ServerOptions } from './lab-api';

/** Requests sent at once to an OpenAI-compatible server unless the form says otherwise. */
export const DEFAULT_SERVER_CONCURRENCY = 4;
/** More than this is a typo, not a server: browsers open about six connections per host anyway. */
const MAX_SERVER_CONCURRENCY = 64;

/** A loaded model: its engine and how to free it. */
export interface LoadedEngine {
  engine: Engine;
  unload: () => Promise<void>;
}

export interface ModelsDeps {
  /** The store, where custom model records are kept (its failure costs only their persistence). */
  store: () => Promise<LabStore>;
  /** The store for reads, when it can be read before `store` resolves (the startup sweep); else `store`. */
  reader?: () => Promise<LabStore>;
  /** Model records the lab offers (web-llm's prebuilt list). */
  records: () => Promise<ModelRecordLike[]>;
  loadEngine: (
    record: ModelRecordLike,
    all: ModelRecordLike[],
    onProgress: (p: LoadProgress) => void,
    signal?: AbortSignal,
  ) => Promise<LoadedEngine>;
  /** web-llm's model cache (the worker passes src/engines/webllm-cache.ts). */
  webllmCache?: {
    has: (modelId: string, records: ModelRecordLike[]) => Promise<boolean>;
    delete: (modelId: string, records: ModelRecordLike[]) => Promise<void>;
  };
  /** Loads a GGUF model with wllama (the worker passes `loadWllamaEngine`); absent: no CPU engine. */
  loadGguf?: (
    source: GgufSource,
    onProgress: (p: LoadProgress) => void,
    options: { modelId: string; source: string; parallel?: number },
  ) => Promise<LoadedEngine>;
  preflight?: () => Promise<PreflightReport>;
}

/** The `settings` key of the server last connected. */
const SERVER_SETTING = 'server';

/** A stored `SavedServer`, or null for anything else (another build's value, a hand-edited one). */
function savedServerOf(value: unknown): SavedServer | null {
  if (value === null || typeof value !== 'object') return null;
  const { baseUrl, model, concurrency } = value as Record<string, unknown>;
  if (typeof baseUrl !== 'string' || typeof model !== 'string') return null;
  if (!Number.isInteger(concurrency) || (concurrency as number) < 1) return null;
  if ((concurrency as number) > MAX_SERVER_CONCURRENCY) return null;
  return { baseUrl, model, concurrency: concurrency as number };
}

/** How a web-llm custom record is kept in the store's `customModels` (key: its model id). */
interface StoredWebLlmRecord extends CustomModelRecord {
  kind: 'webllm';
  record: ModelRecordLike;
}

/**
 * The custom records a store holds that still pass validation. One that does not (written by another
 * build, or by hand) is left out of the list and left in the store: nothing is deleted behind the
 * person's back.
 */
function readCustomRecords(stored: readonly CustomModelRecord[]): ModelRecordLike[] {
  const valid: ModelRecordLike[] = [];
  for (const entry of stored) {
    if (entry.kind !== 'webllm' || typeof entry.record !== 'object' || entry.record === null) continue;
    try {
      const record = validateCustomRecord(entry.record as ModelRecordLike);
      if (record.model_id === entry.id) valid.push(record);
    } catch {
      // Not a record this build can load: it stays stored, unlisted.
    }
  }
  return valid;
}

export class Models {
  private preflightReport: Promise<PreflightReport> | null = null;
  private readonly engines = new Map<string, LoadedEngine>();
  private readonly loads = new Map<string, AbortController>();
  /** The custom records: read from the store once, then kept here as they are added. */
  private custom: Promise<ModelRecordLike[]> | null = null;

  constructor(private readonly deps: ModelsDeps) {}

  preflight(): Promise<PreflightReport> {
    this.preflightReport ??= (this.deps.preflight ?? runPreflight)();
    return this.preflightReport;
  }

  /** The stored custom records; none when the store cannot be read (the list still works without). */
  private customRecords(): Promise<ModelRecordLike[]> {
    this.custom ??= (this.deps.reader ?? this.deps.store)()
      .then((store) => store.listCustomModels())
      .then(readCustomRecords, () => []);
    return this.custom;
  }

  private async allRecords(): Promise<ModelRecordLike[]> {
    const [prebuilt, custom] = await Promise.all([this.deps.records(), this.customRecords()]);
    return [...prebuilt, ...custom];
  }

  async models(): Promise<ModelOption[]> {
    return buildCatalog(await this.allRecords(), await this.preflight());
  }

  /**
   * Add (or replace) a custom web-llm record and keep it in the store.
   * @throws {InvalidModelRecordError} when a URL cannot work.
   * @throws {EngineError} when it is not a chat model.
   * @throws {CustomModelNotSavedError} when it was added but could not be stored (gone after a reload).
   */
  async addCustomModel(record: ModelRecordLike): Promise<ModelOption> {
    const valid = validateCustomRecord(record);
    const custom = await this.customRecords();
    const index = custom.findIndex((r) => r.model_id === valid.model_id);
    if (index >= 0) custom.splice(index, 1, valid);
    else custom.push(valid);
    const option = buildCatalog([valid], await this.preflight())[0];
    if (!option) throw new EngineError(`${valid.model_id} is not a chat model (model_type must be LLM).`);
    const stored: StoredWebLlmRecord = { id: valid.model_id, kind: 'webllm', record: valid };
    try {
      await (await this.deps.store()).putCustomModel(stored);
    } catch (error) {
      throw new CustomModelNotSavedError(valid.model_id, errorText(error));
    }
    return option;
  }

  async loadModel(modelId: string, onProgress?: (p: LoadProgress) => void): Promise<void> {
    if (this.engines.has(modelId)) return;
    const records = await this.allRecords();
    const record = records.find((r) => r.model_id === modelId);
    if (!record) throw new UnknownModelError(modelId);
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

  cancelLoad(modelId: string): void {
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

  deleteCachedGguf(name: string): Promise<boolean> {
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
    // Offered again after a reload; a store that cannot keep it costs only that.
    const saved: SavedServer = { baseUrl: options.baseUrl, model: options.model, concurrency };
    await this.deps
      .store()
      .then((store) => store.putSetting(SERVER_SETTING, saved))
      .catch(() => undefined);
    return id;
  }

  /** The server last connected in this browser, read back as untrusted data; null if none. */
  async savedServer(): Promise<SavedServer | null> {
    const value = await (this.deps.reader ?? this.deps.store)()
      .then((store) => store.getSetting(SERVER_SETTING))
      .catch(() => undefined);
    return savedServerOf(value);
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

  /** See `LabApi.loadTrainedModel`. */
  async loadTrained(file: Blob, name: string): Promise<string> {
    const id = `trained: ${name.trim() || 'model'}`;
    const bytes = new Uint8Array(await file.arrayBuffer());
    // jax-js is loaded only when a trained model is (the worker starts without it).
    const [{ TrainedEngine }, { startBackend }] = await Promise.all([
      import('../engines/trained/engine'),
      import('../train/backend'),
    ]);
    // Its backend: WebGPU on a hardware adapter, else WebAssembly.
    await startBackend('auto');
    const engine = TrainedEngine.fromCheckpoint(id, bytes);
    await this.unloadModel(id);
    this.engines.set(id, { engine, unload: async () => engine.dispose() });
    return id;
  }

  cachedGgufs(): Promise<CachedGguf[]> {
    return listCachedGgufs();
  }

  loadedModels(): string[] {
    return [...this.engines.keys()];
  }

  private engineFor(modelId: string | undefined, role: string): Engine | undefined {
    if (modelId === undefined) return undefined;
    const loaded = this.engines.get(modelId);
    if (!loaded) throw new ModelNotLoadedError(modelId, role);
    return loaded.engine;
  }

  /**
   * The loaded engines an episode of `config` needs: the student's, and the teacher's (the llm-teacher
   * model, or the student's own for the self-teacher).
   * @throws {ModelNotLoadedError} when a needed model is not loaded.
   */
  enginesFor(config: EpisodeConfig): { studentEngine?: Engine; teacherEngine?: Engine } {
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
}
