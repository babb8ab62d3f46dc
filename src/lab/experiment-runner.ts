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
  progressRates,
  type ExperimentProgress,
  type ExperimentRunState,
  type PendingEpisode,
  type RunningEpisode,
} from '../core/experiment';
import { conditionLabel, isCompletedStatus, resumeProblem } from '../core/protocol';
import type { EpisodeConfig, TurnRecord } from '../core/protocol/types';
import type { LabStore } from '../store';
import { newId } from '../store/ids';
import { errorText } from '../core/error-text';
import { heldEpisodeIds, holdEpisodeLock, tryHoldExperimentLock } from './locks';
import { continueAndStore, runAndStore } from './episode-runner';
import { ExperimentRunError } from './errors';
import { planExperiment, readExperiment } from './experiment-query';
import type { EpisodeRunResult, LabEvent } from './lab-api';

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

/** Tokens generated in a turn: the student's and the teacher's. */
function turnTokens(record: TurnRecord): number {
  return (record.studentUsage?.completionTokens ?? 0) + (record.feedback?.usage?.completionTokens ?? 0);
}

/** Whether stored finished turns can be continued by the protocol (`resumeProblem` finds none). */
function continuable(config: EpisodeConfig, turns: readonly TurnRecord[]): boolean {
  return turns.length > 0 && resumeProblem(config, turns) === null;
}

interface ActiveRun {
  controller: AbortController;
  stopAs: 'paused' | 'cancelled' | null;
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

      const settle = (summary: EpisodeRunResult) => {
        if (isCompletedStatus(summary.outcome)) {
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
  ): Promise<EpisodeRunResult> {
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
  ): Promise<EpisodeRunResult> {
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
      const onEvent = (event: LabEvent) => {
        if (event.type === 'turn-start') {
          entry.episodeId = episodeId;
          entry.turn = event.turn;
          emit();
        } else if (event.type === 'turn-end' && event.record.turn >= next) {
          // Replayed turns of a continued episode were generated (and counted) before.
          progress.tokens += turnTokens(event.record);
          emit();
        }
      };
      const release = await holdEpisodeLock(episodeId);
      try {
        const deps = { env, ...engines, clock, signal };
        const ctx = { store, appVersion: this.deps.appVersion, experimentId, episodeId, onEvent };
        if (old && resumeTurns) {
          return (await continueAndStore(config, deps, ctx, { episodeId: old.id, turns: resumeTurns }))
            .summary;
        }
        return await runAndStore(config, deps, ctx);
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
        error: errorText(error),
      };
    }
  }
}
