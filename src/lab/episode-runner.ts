/**
 * Runs the pure protocol and persists it: the episode record is created at the start, each turn is
 * written the moment it ends, and the outcome when the episode ends. A reload therefore loses at most
 * the generation in flight. A write that fails (a full disk) stops the episode at once, and its end
 * says how many turns were saved.
 */
import { runEpisode } from '../core/protocol';
import type { EpisodeConfig, EpisodeDeps } from '../core/protocol/types';
import type { LabStore } from '../store';
import { errorText as errorMessage } from '../core/error-text';
import type { EpisodeSummary, LabEvent } from './lab-api';

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
): Promise<EpisodeSummary> {
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
      if (episodeId === null) throw new Error('The protocol yielded an event before episode-start.');
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
    throw new Error('The protocol ended without an episode-end event.');
  } catch (error) {
    // A store failure (disk full) or a protocol bug: keep what was stored, record the error. On a full
    // disk this last write fails too and the record stays 'running'; nothing holds its lock once this
    // returns, so it reads as settled (lab/stranded.ts) and can be deleted.
    await writes;
    await generator.return(undefined).catch(() => undefined);
    const message = errorMessage(error);
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
