/**
 * Runs the pure protocol and persists it: the episode record is created at the start, each turn is
 * written the moment it ends, and the outcome when the episode ends. A reload therefore loses at most
 * the generation in flight. A write that fails (a full disk) stops the episode at once, and its end
 * says how many turns were saved. A stored episode is continued as a copy that takes its place
 * (`continueAndStore`), for a resume and for an experiment alike.
 */
import type { Engine } from '../core/engine';
import { getEnvironment } from '../core/envs';
import { runEpisode } from '../core/protocol';
import { isResumableStatus } from '../core/protocol/resume';
import type { EpisodeConfig, EpisodeDeps, HumanInput, TurnRecord } from '../core/protocol/types';
import { EpisodeNotFoundError, type LabStore } from '../store';
import { errorText } from '../core/error-text';
import { EpisodeNotResumableError, ProtocolOrderError, ResumeFailedError } from './errors';
import type { EpisodeRunResult, LabEvent } from './lab-api';
import { heldEpisodeIds, holdEpisodeLock } from './locks';
import { settledItem } from './stranded';

export interface RunnerContext {
  store: LabStore;
  appVersion: string;
  experimentId?: string | null;
  /** The id to store the episode under (a fresh one when absent). */
  episodeId?: string;
  onEvent: (event: LabEvent) => void;
}

/**
 * Run `config` with `deps` to the end and store it. Never throws for engine or protocol failures.
 * The summary's (and the error end's) `savedTurns` says how many turns are stored.
 */
export async function runAndStore(
  config: EpisodeConfig,
  deps: EpisodeDeps,
  ctx: RunnerContext,
): Promise<EpisodeRunResult> {
  let episodeId: string | null = null;
  let turns = 0;
  let savedTurns = 0;
  // Turn writes run behind the protocol: the next turn starts while the last one is committed (in
  // order, one transaction each), so the store's latency is hidden behind generation. A failed write
  // aborts the protocol at once (a person is not left typing attempts that cannot be kept, a model
  // not left generating them); the end is written only after every turn has been.
  let writes: Promise<void> = Promise.resolve();
  let writeError: unknown = null;
  const controller = new AbortController();
  const outer = deps.signal;
  const forward = () => controller.abort();
  if (outer?.aborted) controller.abort();
  else outer?.addEventListener('abort', forward, { once: true });
  const generator = runEpisode(config, { ...deps, signal: controller.signal });
  try {
    for await (const event of generator) {
      if (writeError !== null) throw writeError;
      if (event.type === 'episode-start') {
        const record = await ctx.store.createEpisode({
          id: ctx.episodeId,
          config,
          task: event.task,
          startedAt: event.at,
          experimentId: ctx.experimentId ?? null,
          appVersion: ctx.appVersion,
        });
        episodeId = record.id;
      }
      if (episodeId === null)
        throw new ProtocolOrderError('The protocol yielded an event before episode-start.');
      if (event.type === 'turn-end') {
        const id = episodeId;
        const record = event.record;
        writes = writes.then(async () => {
          if (writeError !== null) return;
          try {
            await ctx.store.appendTurn(id, record);
            savedTurns = record.turn;
          } catch (error) {
            writeError = error;
            controller.abort();
          }
        });
        turns = event.record.turn;
      }
      if (event.type === 'episode-end') {
        await writes;
        if (writeError !== null) throw writeError;
        const status = event.outcome;
        await ctx.store.finishEpisode(episodeId, {
          status,
          solvedAtTurn: event.solvedAtTurn,
          endedAt: event.at,
          error: event.error,
          ...(event.endReason !== undefined ? { endReason: event.endReason } : {}),
        });
        ctx.onEvent({ ...event, episodeId });
        return {
          episodeId,
          outcome: event.outcome,
          solvedAtTurn: event.solvedAtTurn,
          turns,
          savedTurns,
          error: event.error,
        };
      }
      ctx.onEvent({ ...event, episodeId });
    }
    throw new ProtocolOrderError('The protocol ended without an episode-end event.');
  } catch (error) {
    // A store failure (disk full) or a protocol bug: keep what was stored, record the error. On a full
    // disk this last write fails too and the record stays 'running'; nothing holds its lock once this
    // returns, so it reads as settled (lab/stranded.ts) and can be deleted.
    await writes;
    await generator.return(undefined).catch(() => undefined);
    const message = errorText(error);
    if (episodeId !== null) {
      await ctx.store
        .finishEpisode(episodeId, {
          status: 'error',
          solvedAtTurn: null,
          endedAt: deps.clock(),
          error: message,
        })
        .catch(() => undefined);
      ctx.onEvent({
        type: 'episode-end',
        outcome: 'error',
        solvedAtTurn: null,
        at: deps.clock(),
        error: message,
        episodeId,
        savedTurns,
      });
    }
    return {
      episodeId: episodeId ?? '',
      outcome: 'error',
      solvedAtTurn: null,
      turns,
      savedTurns,
      error: message,
    };
  } finally {
    outer?.removeEventListener('abort', forward);
  }
}

/** A stored episode to continue: its id and its finished turns. */
export interface ContinueFrom {
  episodeId: string;
  turns: readonly TurnRecord[];
}

/**
 * Run a stored episode on from its finished turns, keeping one copy of it in the history: a new
 * episode with the finished turns copied continues at the next turn. Once it begins that turn it
 * holds every finished turn, so only then is the old episode deleted (`onOldDeleted` hears of it). If
 * it ends before that (a model not loaded, stopped at once) it holds only copies: the copy is deleted
 * and the old episode stays. `tookOver` says which happened. Never throws for engine or protocol
 * failures (as `runAndStore`).
 */
export async function continueAndStore(
  config: EpisodeConfig,
  deps: Omit<EpisodeDeps, 'resume'>,
  ctx: RunnerContext,
  from: ContinueFrom,
  onOldDeleted?: (episodeId: string) => void,
): Promise<{ summary: EpisodeRunResult; tookOver: boolean }> {
  const next = from.turns.length + 1;
  let discard: Promise<unknown> | null = null;
  const onEvent = (event: LabEvent) => {
    if (discard === null && event.type === 'turn-start' && event.turn === next) {
      discard = ctx.store.deleteEpisode(from.episodeId).then(() => onOldDeleted?.(from.episodeId));
    }
    ctx.onEvent(event);
  };
  const summary = await runAndStore(config, { ...deps, resume: { turns: from.turns } }, { ...ctx, onEvent });
  if (discard !== null) {
    await (discard as Promise<unknown>).catch(() => undefined);
    return { summary, tookOver: true };
  }
  if (summary.episodeId !== '') await ctx.store.deleteEpisode(summary.episodeId).catch(() => false);
  return { summary, tookOver: false };
}

export interface EpisodeRunnerDeps {
  store: () => Promise<LabStore>;
  /** The loaded engines an episode needs. @throws when a needed model is not loaded. */
  engines: (config: EpisodeConfig) => { studentEngine?: Engine; teacherEngine?: Engine };
  clock: () => number;
  appVersion: string;
  /** Told of an episode deleted because its continuation took its place (the history forgets it). */
  onDeleted: (episodeId: string) => void;
}

/** The page's episodes in this worker: run, stop and resume, each under its episode's Web Lock. */
export class EpisodeRunner {
  private readonly running = new Map<string, AbortController>();

  constructor(private readonly deps: EpisodeRunnerDeps) {}

  /** Ids of the episodes some context runs now: this worker's, and those whose Web Lock is held. */
  async live(): Promise<Set<string>> {
    return new Set([...(await heldEpisodeIds()), ...this.running.keys()]);
  }

  /** Stop the running episode; finished turns stay stored. */
  stop(episodeId: string, reason?: unknown): void {
    this.running.get(episodeId)?.abort(reason);
  }

  /** Stop every running episode (the store is gone: nothing more can be kept). */
  stopAll(reason: unknown): void {
    for (const controller of this.running.values()) controller.abort(reason);
  }

  /**
   * Run one episode to its end, storing each turn as it ends.
   * @throws {ModelNotLoadedError} when a model it needs is not loaded (nothing is stored then).
   */
  async run(
    config: EpisodeConfig,
    onEvent: (e: LabEvent) => void,
    human?: HumanInput,
  ): Promise<EpisodeRunResult> {
    return (await this.start(config, onEvent, human)).summary;
  }

  /**
   * Run a stored interrupted, stopped or failed episode on from its last finished turn, as a copy that
   * takes its place once it begins the next turn (`continueAndStore`).
   * @throws {EpisodeNotFoundError} when it is not stored.
   * @throws {EpisodeNotResumableError} when it is running, solved or failed.
   * @throws {ResumeFailedError} when it ended before its next turn began (the old episode stays).
   */
  async resume(
    episodeId: string,
    onEvent: (e: LabEvent) => void,
    human?: HumanInput,
  ): Promise<EpisodeRunResult> {
    const store = await this.deps.store();
    const found = await store.getEpisode(episodeId);
    if (!found) throw new EpisodeNotFoundError(episodeId);
    const stored = settledItem(found, await this.live());
    const { status } = stored.episode;
    if (!isResumableStatus(status)) {
      throw new EpisodeNotResumableError(status);
    }
    const from = { episodeId, turns: stored.turns };
    const { summary, tookOver } = await this.start(stored.episode.config, onEvent, human, from);
    if (!tookOver) throw new ResumeFailedError(summary.error);
    return summary;
  }

  private async start(
    config: EpisodeConfig,
    onEvent: (e: LabEvent) => void,
    human: HumanInput | undefined,
    from?: ContinueFrom,
  ): Promise<{ summary: EpisodeRunResult; tookOver: boolean }> {
    const store = await this.deps.store();
    const env = getEnvironment(config.envId);
    const { studentEngine, teacherEngine } = this.deps.engines(config);
    const controller = new AbortController();
    const episodeId = crypto.randomUUID();
    // Held while the episode runs, so another tab starting up does not mark it interrupted.
    const release = await holdEpisodeLock(episodeId);
    this.running.set(episodeId, controller);
    try {
      const deps = {
        env,
        studentEngine,
        teacherEngine,
        human,
        clock: this.deps.clock,
        signal: controller.signal,
      };
      const ctx = { store, appVersion: this.deps.appVersion, onEvent, episodeId };
      if (from) return await continueAndStore(config, deps, ctx, from, this.deps.onDeleted);
      return { summary: await runAndStore(config, deps, ctx), tookOver: true };
    } finally {
      this.running.delete(episodeId);
      await release();
    }
  }
}
