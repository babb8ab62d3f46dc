/**
 * The lab worker's implementation of `LabApi`. Its dependencies are injected so browser tests can run
 * it in the page with a test-double engine loader; the shipped worker passes the real ones.
 */
import type { Engine } from '../core/engine';
import { getEnvironment } from '../core/envs';
import type { EpisodeConfig, HumanInput } from '../core/protocol/types';
import { ModelDoesNotFitError, EngineError } from '../engines/errors';
import { buildCatalog, fitOf, type ModelOption, type ModelRecordLike } from '../engines/model-catalog';
import { validateCustomRecord } from '../engines/model-record';
import { runPreflight, type PreflightReport } from '../engines/preflight';
import type { LoadProgress } from '../engines/webllm-loader';
import type { LabStore } from '../store';
import { holdEpisodeLock, liveEpisodeIds } from './episode-locks';
import { runAndStore } from './episode-runner';
import type { EpisodeFilter, EpisodeSummary, LabApi, LabEvent, StoredEpisode } from './lab-api';

export interface LabServiceDeps {
  openStore: () => Promise<LabStore>;
  /** Model records the lab offers (web-llm's prebuilt list). */
  records: () => Promise<ModelRecordLike[]>;
  loadEngine: (
    record: ModelRecordLike,
    all: ModelRecordLike[],
    onProgress: (p: LoadProgress) => void,
  ) => Promise<{ engine: Engine; unload: () => Promise<void> }>;
  preflight?: () => Promise<PreflightReport>;
  clock?: () => number;
  appVersion: string;
}

export class LabService implements LabApi {
  private storePromise: Promise<LabStore> | null = null;
  private interrupted = 0;
  private preflightReport: Promise<PreflightReport> | null = null;
  private readonly engines = new Map<string, { engine: Engine; unload: () => Promise<void> }>();
  private readonly running = new Map<string, AbortController>();
  private readonly clock: () => number;
  private readonly custom: ModelRecordLike[] = [];

  constructor(private readonly deps: LabServiceDeps) {
    this.clock = deps.clock ?? (() => Date.now());
  }

  /**
   * The store, opened once. Episodes left 'running' by a closed or reloaded tab are marked interrupted
   * before anything is read, so the history never shows a dead episode as running.
   */
  private store(): Promise<LabStore> {
    this.storePromise ??= this.deps.openStore().then(async (store) => {
      this.interrupted = await store.markRunningAsInterrupted({ keep: await liveEpisodeIds() });
      return store;
    });
    return this.storePromise;
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
    const loaded = await this.deps.loadEngine(record, records, (p) => onProgress?.(p));
    this.engines.set(modelId, loaded);
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

  async runEpisode(
    config: EpisodeConfig,
    onEvent: (e: LabEvent) => void,
    human?: HumanInput,
  ): Promise<EpisodeSummary> {
    const store = await this.store();
    const env = getEnvironment(config.envId);
    const studentEngine =
      config.student.kind === 'model' ? this.engineFor(config.student.modelId, 'student') : undefined;
    const teacherEngine =
      config.condition.kind === 'llm-teacher'
        ? this.engineFor(config.teacherModelId, 'teacher')
        : config.condition.kind === 'self-teacher'
          ? studentEngine
          : undefined;
    const controller = new AbortController();
    const episodeId = crypto.randomUUID();
    // Held while the episode runs, so another tab starting up does not mark it interrupted.
    const release = await holdEpisodeLock(episodeId);
    this.running.set(episodeId, controller);
    try {
      return await runAndStore(
        config,
        { env, studentEngine, teacherEngine, human, clock: this.clock, signal: controller.signal },
        { store, appVersion: this.deps.appVersion, onEvent, episodeId },
      );
    } finally {
      this.running.delete(episodeId);
      release();
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
    return (await this.store()).listEpisodes(filter);
  }

  async getEpisode(id: string): Promise<StoredEpisode | undefined> {
    return (await this.store()).getEpisode(id);
  }

  async deleteEpisode(id: string): Promise<void> {
    await (await this.store()).deleteEpisode(id);
  }
}
