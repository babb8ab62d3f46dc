/**
 * Runs an experiment's episodes in the lab worker, as many at once as their engines serve (the least
 * `Engine.concurrency` of an episode's engines: wllama slots, an HTTP server's parallel requests; one for
 * web-llm), storing each as it goes (through `runAndStore`, so a turn is stored the moment it ends).
 * Distinct planned episodes are the only ones started, so none runs twice. Pause and cancel stop the
 * episodes in flight (their finished turns stay); a later run, in this tab or after a reload or a crash, plans the rest from
 * the stored episodes with `planRun`: a completed run key is never run again and an episode cut short
 * is continued from its finished turns.
 */
import type { Engine } from '../core/engine';
import { getEnvironment } from '../core/envs';
import {
  expandDesign,
  parseDesign,
  planRun,
  progressRates,
  type ExperimentDesign,
  type ExperimentProgress,
  type ExperimentRunState,
  type PendingEpisode,
  type RunPlan,
  type RunningEpisode,
} from '../core/experiment';
import { conditionLabel } from '../core/protocol';
import type { EpisodeConfig, TurnRecord } from '../core/protocol/types';
import { summarise, type ExperimentSummary } from '../core/metrics';
import type { ExperimentRecord, LabStore } from '../store';
import { newId } from '../store/ids';
import { errorText as errorMessage } from '../core/error-text';
import { heldEpisodeIds, holdEpisodeLock } from './episode-locks';
import { runAndStore } from './episode-runner';
import type { EpisodeSummary, LabEvent } from './lab-api';

export interface ExperimentRunnerDeps {
  store: LabStore;
  appVersion: string;
  clock: () => number;
  /**
   * The engines an episode needs (student, and teacher for llm-teacher / self-teacher).
   * @throws when a model is not loaded (the run then stops with state 'error' and this message).
   */
  engines: (config: EpisodeConfig) => { studentEngine?: Engine; teacherEngine?: Engine };
  /** Ids of the episodes running now in any tab (default: those whose Web Lock is held). */
  liveEpisodeIds?: () => Promise<string[]>;
}

/** Thrown when an experiment cannot start: not stored, or already running here or in another tab. */
export class ExperimentRunError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExperimentRunError';
  }
}

const LOCK_PREFIX = 'plasticity-lab/experiment/';

/** Hold the experiment's Web Lock if nobody holds it; null when another context does. */
export function tryHoldExperimentLock(experimentId: string): Promise<(() => void) | null> {
  const manager = (globalThis.navigator as Navigator | undefined)?.locks;
  if (!manager) return Promise.resolve(() => undefined);
  return new Promise((resolve) => {
    void manager.request(LOCK_PREFIX + experimentId, { ifAvailable: true }, (lock) => {
      if (!lock) {
        resolve(null);
        return undefined;
      }
      return new Promise<void>((release) => resolve(() => release()));
    });
  });
}

/** Ids of the experiments some tab is running now (their lock is held). */
export async function runningExperimentIds(): Promise<string[]> {
  const manager = (globalThis.navigator as Navigator | undefined)?.locks;
  if (!manager) return [];
  const snapshot = await manager.query();
  return (snapshot.held ?? [])
    .map((l) => l.name ?? '')
    .filter((n) => n.startsWith(LOCK_PREFIX))
    .map((n) => n.slice(LOCK_PREFIX.length));
}

/** Tokens generated in a turn: the student's and the teacher's. */
function turnTokens(record: TurnRecord): number {
  return (record.studentUsage?.completionTokens ?? 0) + (record.feedback?.usage?.completionTokens ?? 0);
}

/** Whether stored finished turns can be continued by the protocol (none solved it, budget not used up). */
function continuable(config: EpisodeConfig, turns: readonly TurnRecord[]): boolean {
  const budget = config.condition.kind === 'single' ? 1 : config.turnBudget;
  return turns.length > 0 && turns.length < budget && !turns.some((t) => t.diagnosis.correct);
}

interface ActiveRun {
  controller: AbortController;
  stopAs: 'paused' | 'cancelled' | null;
}

/** The stored design of an experiment. @throws {ExperimentRunError} when not stored. @throws {DesignLinkError} when invalid. */
export async function readExperiment(
  store: LabStore,
  experimentId: string,
): Promise<{ record: ExperimentRecord; design: ExperimentDesign }> {
  const record = await store.getExperiment(experimentId);
  if (!record) throw new ExperimentRunError(`There is no experiment ${experimentId} in this browser.`);
  return { record, design: parseDesign(record.plan) };
}

/** Plan what is left of an experiment from its stored episodes. */
export async function planExperiment(
  store: LabStore,
  design: ExperimentDesign,
  experimentId: string,
  live: ReadonlySet<string>,
): Promise<RunPlan> {
  const stored = await store.listEpisodes({ experimentId, order: 'oldest' });
  return planRun(expandDesign(design), stored, live);
}

export class ExperimentRunner {
  private readonly active = new Map<string, ActiveRun>();

  constructor(private readonly deps: ExperimentRunnerDeps) {}

  /** Whether this worker is running the experiment now. */
  isRunning(experimentId: string): boolean {
    return this.active.has(experimentId);
  }

  /** Ids of the experiments this worker is running now. */
  runningIds(): string[] {
    return [...this.active.keys()];
  }

  /** Stop after the episode in flight is cut (its finished turns stay; a later run continues it). */
  pause(experimentId: string): void {
    this.stop(experimentId, 'paused');
  }

  /** Stop, and record the experiment as cancelled (its stored episodes stay; it can be run on later). */
  cancel(experimentId: string): void {
    this.stop(experimentId, 'cancelled');
  }

  private stop(experimentId: string, as: 'paused' | 'cancelled'): void {
    const run = this.active.get(experimentId);
    if (!run) return;
    run.stopAs = as;
    run.controller.abort();
  }

  /**
   * Run what is left of a stored experiment, reporting progress, until it is done, paused, cancelled
   * or an episode fails with an error (a model not loaded, an engine failure). Resolves with the
   * final progress; its state says which.
   * @throws {ExperimentRunError} when the experiment is not stored or is running already (here or in
   *   another tab). @throws {DesignLinkError} when its stored design is invalid.
   */
  async run(experimentId: string, onProgress: (p: ExperimentProgress) => void = () => undefined) {
    const { store, clock } = this.deps;
    const { record, design } = await readExperiment(store, experimentId);
    if (this.active.has(experimentId)) {
      throw new ExperimentRunError('This experiment is already running.');
    }
    const release = await tryHoldExperimentLock(experimentId);
    if (!release) throw new ExperimentRunError('This experiment is running in another tab: follow it there.');
    const run: ActiveRun = { controller: new AbortController(), stopAs: null };
    this.active.set(experimentId, run);
    try {
      const live = new Set(await (this.deps.liveEpisodeIds ?? heldEpisodeIds)());
      const plan = await planExperiment(store, design, experimentId, live);
      if (plan.busy.length > 0) {
        throw new ExperimentRunError('Another tab is running episodes of this experiment: follow it there.');
      }
      for (const e of plan.discard) await store.deleteEpisode(e.id);
      const progress: ExperimentProgress = {
        experimentId,
        state: 'running',
        done: plan.done.length,
        total: plan.done.length + plan.pending.length,
        running: [],
        concurrency: plan.pending[0] ? this.concurrencyFor(plan.pending[0].planned.config) : 1,
        tokens: 0,
        activeMs: 0,
        tokensPerSec: null,
        etaMs: null,
      };
      const sessionStart = clock();
      const timing = { finished: 0, finishedMs: 0 };
      const emit = () => {
        progress.activeMs = clock() - sessionStart;
        Object.assign(
          progress,
          progressRates({
            tokens: progress.tokens,
            activeMs: progress.activeMs,
            finishedThisSession: timing.finished,
            finishedMs: timing.finishedMs,
            remaining: progress.total - progress.done,
          }),
        );
        onProgress(structuredClone(progress));
      };
      const save = (state: ExperimentRunState, error?: string) =>
        store.putExperiment({ ...record, state, updatedAt: clock(), error });
      await save('running');
      emit();

      const settle = (summary: EpisodeSummary) => {
        if (summary.outcome === 'solved' || summary.outcome === 'failed') {
          progress.done++;
          timing.finished++;
          timing.finishedMs = clock() - sessionStart;
        } else if (!run.stopAs && progress.state !== 'error') {
          // The first failure stops the run: the others in flight are cut (their finished turns stay).
          progress.state = 'error';
          progress.error = summary.error ?? `An episode ended ${summary.outcome}.`;
          run.controller.abort();
        }
        emit();
      };
      const inFlight = new Set<Promise<void>>();
      const queue = [...plan.pending];
      while (queue.length > 0 && !run.stopAs && progress.state !== 'error') {
        const next = queue[0]!;
        const limit = this.concurrencyFor(next.planned.config);
        if (inFlight.size >= limit) {
          await Promise.race(inFlight);
          continue;
        }
        queue.shift();
        progress.concurrency = limit;
        const job: Promise<void> = this.runOne(next, experimentId, run.controller.signal, progress, emit)
          .then(settle)
          .finally(() => inFlight.delete(job));
        inFlight.add(job);
      }
      await Promise.all(inFlight);
      if (progress.state !== 'error') {
        progress.state = progress.done === progress.total ? 'done' : (run.stopAs ?? 'paused');
      }
      progress.running = [];
      await save(progress.state, progress.error);
      emit();
      return progress;
    } finally {
      this.active.delete(experimentId);
      release();
    }
  }

  /**
   * How many episodes like this one can run at once: the least `concurrency` of its engines (1 when
   * an engine does not say, or is not loaded; the episode itself then reports why).
   */
  private concurrencyFor(config: EpisodeConfig): number {
    try {
      const { studentEngine, teacherEngine } = this.deps.engines(config);
      const limits = [studentEngine, teacherEngine]
        .filter((e): e is Engine => e !== undefined)
        .map((e) => e.concurrency ?? 1);
      return Math.max(1, Math.min(...limits, Number.MAX_SAFE_INTEGER) || 1);
    } catch {
      return 1;
    }
  }

  /** Run (or continue) one planned episode; never throws (failures come back as an 'error' summary). */
  private async runOne(
    pending: PendingEpisode,
    experimentId: string,
    signal: AbortSignal,
    progress: ExperimentProgress,
    emit: () => void,
  ): Promise<EpisodeSummary> {
    const { config, order } = pending.planned;
    const label = `${conditionLabel(config.condition)} · ${config.envId} ${config.preset} #${config.index + 1}`;
    const entry: RunningEpisode = { episodeId: null, order, label, turn: 0 };
    progress.running = [...progress.running, entry].sort((a, b) => a.order - b.order);
    emit();
    try {
      return await this.runEpisode(pending, experimentId, signal, progress, emit, entry);
    } finally {
      progress.running = progress.running.filter((e) => e !== entry);
    }
  }

  private async runEpisode(
    pending: PendingEpisode,
    experimentId: string,
    signal: AbortSignal,
    progress: ExperimentProgress,
    emit: () => void,
    entry: RunningEpisode,
  ): Promise<EpisodeSummary> {
    const { store, clock } = this.deps;
    const { config } = pending.planned;
    let resumeTurns: TurnRecord[] | undefined;
    const old = pending.continueFrom;
    try {
      if (old) {
        const stored = await store.getEpisode(old.id);
        if (stored && continuable(config, stored.turns)) resumeTurns = stored.turns;
        else await store.deleteEpisode(old.id);
      }
      const env = getEnvironment(config.envId);
      await env.prepare?.();
      const engines = this.deps.engines(config);
      const episodeId = newId();
      const next = (resumeTurns?.length ?? 0) + 1;
      let oldDeleted: Promise<unknown> | null = null;
      const onEvent = (event: LabEvent) => {
        if (event.type === 'turn-start') {
          entry.episodeId = episodeId;
          entry.turn = event.turn;
          // The copy holds every finished turn once it begins the next one: only then let the old go.
          if (old && resumeTurns && oldDeleted === null && event.turn === next) {
            oldDeleted = store.deleteEpisode(old.id);
          }
          emit();
        } else if (event.type === 'turn-end' && event.record.turn >= next) {
          // Replayed turns of a continued episode were generated (and counted) before.
          progress.tokens += turnTokens(event.record);
          emit();
        }
      };
      const release = await holdEpisodeLock(episodeId);
      try {
        const summary = await runAndStore(
          config,
          {
            env,
            ...engines,
            clock,
            signal,
            ...(resumeTurns ? { resume: { turns: resumeTurns } } : {}),
          },
          { store, appVersion: this.deps.appVersion, experimentId, episodeId, onEvent },
        );
        if (old && resumeTurns) {
          if (oldDeleted !== null) await (oldDeleted as Promise<unknown>).catch(() => undefined);
          // It stopped before its first new turn: it holds only copies, so the old episode stays.
          else if (summary.episodeId) await store.deleteEpisode(summary.episodeId).catch(() => false);
        }
        return summary;
      } finally {
        await release();
      }
    } catch (error) {
      return {
        episodeId: '',
        outcome: 'error',
        solvedAtTurn: null,
        turns: 0,
        savedTurns: 0,
        error: errorMessage(error),
      };
    }
  }
}

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

/** The list entry of one stored experiment. `running` holds the ids of experiments some tab runs now. */
export async function experimentOverview(
  store: LabStore,
  record: ExperimentRecord,
  running: ReadonlySet<string>,
): Promise<ExperimentOverview> {
  const base = {
    id: record.id,
    name: record.name,
    createdAt: record.createdAt,
    appVersion: record.appVersion,
  };
  const isRunning = running.has(record.id);
  const stored = record.state ?? 'idle';
  const state: ExperimentRunState = isRunning ? 'running' : stored === 'running' ? 'paused' : stored;
  try {
    const design = parseDesign(record.plan);
    const plan = await planExperiment(store, design, record.id, new Set());
    const done = plan.done.length;
    return {
      ...base,
      design,
      state,
      done,
      total: done + plan.pending.length,
      ...(record.error && state === 'error' ? { error: record.error } : {}),
    };
  } catch (error) {
    return { ...base, design: null, designError: errorMessage(error), state, done: 0, total: 0 };
  }
}

/**
 * The metrics of an experiment, computed by `summarise` (default options) over every stored episode
 * of it with its turns.
 */
export async function experimentSummary(store: LabStore, experimentId: string): Promise<ExperimentSummary> {
  const list = await store.listEpisodes({ experimentId, order: 'oldest' });
  const episodes = await store.getEpisodes(list.map((e) => e.id));
  return summarise(episodes.map(({ episode, turns }) => ({ ...episode, turns })));
}
