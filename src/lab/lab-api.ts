/**
 * The typed surface of the lab worker. The UI talks to the worker through this
 * interface only, over comlink; callbacks cross as `Comlink.proxy` objects. It holds the types that
 * cross that boundary and imports no implementation, so every lab file can depend on it.
 */
import type { EpisodeConfig, EpisodeEvent, EpisodeOutcome, HumanInput } from '../core/protocol/types';
import type { CachedGguf } from '../engines/wllama/gguf-cache';
import type { ModelOption, ModelRecordLike } from '../engines/webllm/model-catalog';
import type { PreflightReport } from '../engines/preflight';
import type { LoadProgress } from '../engines/types';
import type { OpenAiTimeouts } from '../engines/openai/reply-watchdog';
import type { EpisodeQuery } from '../core/episode-query';
import type {
  EpisodeFacets,
  EpisodeRecord,
  EpisodeWithTurns,
  ImportHistoryResult,
  StorageEstimateResult,
  TrainingExport,
} from '../store';
import type { TrainingOptions } from '../core/training-data';
import type { ExperimentDesign, ExperimentProgress, ExperimentRunState } from '../core/experiment';
import type { ExperimentSummary } from '../core/metrics';

/**
 * An episode event, tagged with the stored episode it belongs to. An episode ended by an error also
 * says how many of its turns are stored (`savedTurns`: turns 1..n), since a full disk can keep some.
 */
export type LabEvent = EpisodeEvent & { episodeId: string; savedTurns?: number };

/** How a GGUF model is loaded. */
export interface GgufLoadOptions {
  /** Requests it serves at once (wllama's slots), 1 to MAX_GGUF_SLOTS; default DEFAULT_GGUF_SLOTS. */
  parallel?: number;
}

/**
 * How one run of an episode ended (what `runEpisode` resolves with). Not a metric: an experiment's
 * metrics are `ExperimentSummary` (core/metrics).
 */
export interface EpisodeRunResult {
  episodeId: string;
  outcome: EpisodeOutcome;
  solvedAtTurn: number | null;
  /** Turns the episode finished. */
  turns: number;
  /** Of those, how many are stored (turns 1..savedTurns); fewer only when a write failed. */
  savedTurns: number;
  error?: string;
}

/** One page of the episodes an `EpisodeQuery` matches. */
export interface HistoryPage {
  /** How many episodes match the filters (all pages). */
  total: number;
  offset: number;
  rows: EpisodeRecord[];
}

/** Which episodes an export or a delete acts on: listed ids, or every match of a query (paging ignored). */
export type HistorySelection = { ids: readonly string[] } | { query: EpisodeQuery };

/** An experiment as the list shows it. */
export interface ExperimentOverview {
  id: string;
  name: string;
  createdAt: number;
  appVersion: string;
  /** Null when the stored plan is not a valid design (then `designError` says why). */
  design: ExperimentDesign | null;
  designError?: string;
  /** 'running' only while some tab runs it; a run cut short by a closed tab reads 'paused'. */
  state: ExperimentRunState;
  error?: string;
  /** Planned episodes with a completed stored episode, and all planned episodes. */
  done: number;
  total: number;
}

/** An experiment's results: the metrics over its stored episodes. */
export interface ExperimentResults {
  overview: ExperimentOverview;
  summary: ExperimentSummary;
}

/**
 * The server a person last connected in this browser, kept (in the store's `settings`) so the form
 * offers it again after a reload. Never its API key: that stays in the tab it was typed in.
 */
export interface SavedServer {
  baseUrl: string;
  model: string;
  concurrency: number;
}

/** A model on an OpenAI-compatible server, as the server form describes it. */
export interface ServerOptions {
  baseUrl: string;
  model: string;
  apiKey?: string;
  /** The origin the key was entered for: it is sent nowhere else (`OpenAiEngineOptions.apiKeyOrigin`). */
  apiKeyOrigin?: string;
  /** Requests sent at once (default 4). */
  concurrency?: number;
  timeouts?: Partial<OpenAiTimeouts>;
}

export interface LabApi {
  /** Probe WebGPU in the worker (where models run). */
  preflight(): Promise<PreflightReport>;
  /** web-llm's chat models with whether each fits this device and why not. */
  models(): Promise<ModelOption[]>;
  /**
   * Load a model so episodes can use it. Refuses, before any download, a model that does not fit.
   * @throws {ModelDoesNotFitError | ModelLibraryError | ModelLoadError | DeviceLostError}
   */
  loadModel(modelId: string, onProgress?: (p: LoadProgress) => void): Promise<void>;
  /**
   * Add a custom web-llm model record (a self-hosted or air-gapped copy) to the model list, and keep it
   * in this browser (it is listed again after a reload; the same id replaces it).
   * @throws {InvalidModelRecordError} when a URL cannot work (a relative model URL, no model_lib).
   * @throws {CustomModelNotSavedError} when it was added but the store could not keep it.
   */
  addCustomModel(record: ModelRecordLike): Promise<ModelOption>;
  /**
   * Use a model on an OpenAI-compatible server (llama.cpp, Ollama, vLLM). Checks the server answers,
   * then registers the model under the returned id. The key stays in this worker's memory.
   * `concurrency` (default 4) is how many requests are sent at once: an experiment runs that many
   * episodes together (the server queues what it cannot batch). `timeouts` overrides how long a quiet
   * server is waited for (`DEFAULT_OPENAI_TIMEOUTS`).
   * @throws {ServerUnreachableError | ApiKeyRefusedError | EndpointNotFoundError | InvalidBaseUrlError}
   * @throws {ApiKeyOriginError} when the key was entered for another origin than the base URL's.
   * @throws {RedirectRefusedError} when the server redirects a request that carries the key.
   * @throws {InvalidConcurrencyError} when `concurrency` is not a whole number from 1 to 64.
   * @throws {ServerTimeoutError} when the server does not answer in time.
   */
  connectServer(options: ServerOptions): Promise<string>;
  /** The server last connected in this browser (without its key), or null. Never throws. */
  savedServer(): Promise<SavedServer | null>;
  /**
   * Load a GGUF chat model on the CPU (wllama, WebAssembly): from a file, a URL, or the browser's
   * cache of models loaded before. Files and downloads are cached so they work offline later.
   * Resolves with the model id (the file name without .gguf).
   * @throws {NotGgufError | ModelDownloadError | ModelLoadError}, {RangeError} for a slot count out of range
   */
  loadGguf(
    source: { file: Blob; name: string } | { url: string } | { cached: string },
    onProgress?: (p: LoadProgress) => void,
    options?: GgufLoadOptions,
  ): Promise<string>;
  /** GGUF models kept in this browser for offline use. */
  cachedGgufs(): Promise<CachedGguf[]>;
  /**
   * Load a model trained in this browser (issue 17) from its checkpoint or weights-only export
   * (safetensors), as the "trained in this browser" engine. Resolves with its model id,
   * `trained: <name>`; loading another under the same name replaces it.
   * @throws {SafetensorsError} when the file is not a checkpoint this build reads.
   */
  loadTrainedModel(file: Blob, name: string): Promise<string>;
  /**
   * Cancel a web-llm download or load, or a GGUF download from a URL (by its URL or model name), in
   * progress: its promise rejects with LoadCancelledError.
   */
  cancelLoad(modelId: string): Promise<void>;
  /** Free a loaded model's memory. */
  unloadModel(modelId: string): Promise<void>;
  /** Ids of the web-llm models (among those that fit) whose weights are all in the browser's cache. */
  cachedModels(): Promise<string[]>;
  /** Delete a web-llm model's cached files (unloading it first). */
  deleteCachedModel(modelId: string): Promise<void>;
  /** Delete a cached GGUF model; true when there was one. */
  deleteCachedGguf(name: string): Promise<boolean>;
  /** Ids of the models loaded now. */
  loadedModels(): Promise<string[]>;
  /**
   * Run one episode to its end, storing each turn as it ends. Events stream to `onEvent`; a person in
   * the loop answers through `human`. Resolves when the episode ends (solved, failed, stopped, error).
   */
  runEpisode(
    config: EpisodeConfig,
    onEvent: (e: LabEvent) => void,
    human?: HumanInput,
  ): Promise<EpisodeRunResult>;
  /** Stop the running episode; finished turns stay stored. */
  stopEpisode(episodeId: string): Promise<void>;
  /** How many episodes were found cut short (tab closed or reloaded mid-episode) when the worker started. */
  interruptedAtStartup(): Promise<number>;
  /**
   * Be told when an episode another tab was running is found cut short later (that tab closed).
   * `total` is the number found since this worker started.
   */
  onInterrupted(listener: (total: number) => void): Promise<void>;
  /**
   * Be told what stands in the store's way, now and whenever it changes: an upgrade waiting for other
   * tabs to close (it goes on by itself once they do; then `null`), or the store let go because a
   * newer tab upgraded it (running episodes end then, keeping the turns already saved).
   */
  onStoreNotice(listener: (notice: string | null) => void): Promise<void>;
  getEpisode(id: string): Promise<EpisodeWithTurns | undefined>;
  deleteEpisode(id: string): Promise<void>;

  /**
   * Run a stored interrupted, stopped or failed episode on from its last finished turn: a new episode
   * with the same config, its finished turns copied, continues at the next turn. Once it has begun
   * that turn, the old episode is deleted (so the history holds one copy); if it cannot begin (a model
   * not loaded), the copy is deleted and the old episode stays.
   * @throws {EpisodeNotFoundError} when the episode is not stored.
   * @throws {EpisodeNotResumableError} when it is running, solved or failed.
   * @throws {ResumeFailedError} when it cannot begin its next turn; {ModelNotLoadedError} before it starts.
   */
  resumeEpisode(
    episodeId: string,
    onEvent: (e: LabEvent) => void,
    human?: HumanInput,
  ): Promise<EpisodeRunResult>;
  /**
   * One page of the stored episodes matching `query` (50 rows unless `limit` says, at most 500), with
   * the total count; the recent episodes are `{ sort: 'newest', limit: n }`.
   */
  queryHistory(query?: EpisodeQuery): Promise<HistoryPage>;
  /** The environments, conditions and students present in the store (for the filter menus). */
  historyFacets(): Promise<EpisodeFacets>;
  /** JSONL export (header line + one episode per line) of the selection, or of everything. */
  exportHistory(selection?: HistorySelection): Promise<Blob>;
  /**
   * Training examples (SFT on corrected attempts, critique prediction or preference pairs) from the
   * selection, or from everything, as JSONL in TRL's or OpenAI's format, with what was left out and why.
   */
  exportTrainingData(options: TrainingOptions, selection?: HistorySelection): Promise<TrainingExport>;
  /**
   * Validate a JSONL export and store its episodes all or nothing; an invalid file writes nothing and
   * comes back as `{ ok: false, errors }` with line numbers.
   * @throws {StorageFullError} when the write hits the quota (nothing of it is kept).
   */
  importHistory(file: Blob | string): Promise<ImportHistoryResult>;
  /**
   * Delete the selected episodes with their turns; episodes a live tab runs (their Web Lock held) are
   * left alone. One stored as running that nothing runs (a full disk kept its end from being written)
   * is deleted like any other.
   * @returns how many were deleted.
   */
  deleteEpisodes(selection: HistorySelection): Promise<number>;
  /**
   * Delete every episode, turn and experiment (settings and custom models stay).
   * @throws {EpisodesRunningError} while a live tab runs an episode.
   */
  deleteAll(): Promise<void>;
  /**
   * The origin's storage quota and usage (null when the browser's figure is less than the stored
   * episodes must take: not yet accounted for), with the stored episode count; null where the browser
   * does not tell.
   */
  storageEstimate(): Promise<StorageEstimateResult | null>;

  // Experiments (issue 6): design, run, results, export.
  /**
   * Store a new experiment with this design (not started). Resolves with its id.
   * @throws {DesignLinkError} when the design is invalid; {ExperimentDesignError} listing what cannot run (no student…).
   */
  createExperiment(design: ExperimentDesign): Promise<string>;
  /** Every stored experiment, newest first, with its state and done / total. */
  listExperiments(): Promise<ExperimentOverview[]>;
  /**
   * Run what is left of an experiment (from its stored episodes: nothing completed runs again, an
   * episode cut short is continued). Progress streams to `onProgress`; resolves with the final
   * progress when it is done, paused, cancelled or stopped by an error (its state says which).
   * @throws {ExperimentRunError} when not stored or already running (here or in another tab).
   */
  runExperiment(id: string, onProgress: (p: ExperimentProgress) => void): Promise<ExperimentProgress>;
  /** Pause a running experiment: the episode in flight stops, keeping its finished turns. */
  pauseExperiment(id: string): Promise<void>;
  /** Cancel a running experiment (as pause, but recorded as cancelled). */
  cancelExperiment(id: string): Promise<void>;
  /**
   * An experiment's overview and its metrics (`summarise` over its stored episodes).
   * @throws {ExperimentRunError} when not stored.
   */
  experimentResults(id: string): Promise<ExperimentResults>;
  /**
   * Delete an experiment with its stored episodes and their turns (one transaction).
   * @returns how many episodes were deleted with it.
   * @throws {ExperimentRunError} when not stored, or running here or in another tab.
   */
  deleteExperiment(id: string): Promise<number>;
  /** The experiment's episodes as the store's JSONL export. */
  exportExperiment(id: string): Promise<Blob>;
  /** Median decode speed (tokens/s) of a student model in the stored episodes; null when none. */
  measuredSpeed(modelId: string): Promise<number | null>;
}
