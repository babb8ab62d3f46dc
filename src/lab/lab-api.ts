/**
 * The typed surface of the lab worker (DESIGN.md §3). The UI talks to the worker through this
 * interface only, over comlink; callbacks cross as `Comlink.proxy` objects.
 */
import type {
  EpisodeConfig,
  EpisodeEvent,
  EpisodeOutcome,
  HumanInput,
  TurnRecord,
} from '../core/protocol/types';
import type { ModelOption, ModelRecordLike } from '../engines/model-catalog';
import type { PreflightReport } from '../engines/preflight';
import type { LoadProgress } from '../engines/webllm-loader';
import type { EpisodeRecord } from '../store';

/** An episode event, tagged with the stored episode it belongs to. */
export type LabEvent = EpisodeEvent & { episodeId: string };

export interface EpisodeSummary {
  episodeId: string;
  outcome: EpisodeOutcome;
  solvedAtTurn: number | null;
  turns: number;
  error?: string;
}

export interface StoredEpisode {
  episode: EpisodeRecord;
  turns: TurnRecord[];
}

export interface EpisodeFilter {
  envId?: string;
  conditionKind?: string;
  limit?: number;
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
   * Add a custom web-llm model record (a self-hosted or air-gapped copy) to the model list.
   * @throws {InvalidModelRecordError} when a URL cannot work (a relative model URL, no model_lib).
   */
  addCustomModel(record: ModelRecordLike): Promise<ModelOption>;
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
  ): Promise<EpisodeSummary>;
  /** Stop the running episode; finished turns stay stored. */
  stopEpisode(episodeId: string): Promise<void>;
  /** How many episodes were found cut short (tab closed or reloaded mid-episode) when the worker started. */
  interruptedAtStartup(): Promise<number>;
  listEpisodes(filter?: EpisodeFilter): Promise<EpisodeRecord[]>;
  getEpisode(id: string): Promise<StoredEpisode | undefined>;
  deleteEpisode(id: string): Promise<void>;
}
