/**
 * A dead lab worker answers nothing (issue 18, point 8): every call through the connection rejects
 * once it is found gone, in flight or new, and the live episode ends as interrupted, then reads its
 * saved turns from the new worker.
 */
import { describe, expect, it } from 'vitest';
import type { LabApi } from '../../src/lab/lab-api';
import type { EpisodeWithTurns } from '../../src/store';
import type { LabClient } from '../../src/state/lab-client.svelte';
import { EpisodeSession } from '../../src/state/episode-session.svelte';
import { LabWorkerGoneError, raceWithGone } from '../../src/state/lab-connection';
import type { EpisodeConfig } from '../../src/core/protocol/types';

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** A remote whose `hang` never answers (a dead worker) and whose `echo` answers at once. */
const remote = {
  hang: () => new Promise<never>(() => undefined),
  echo: async (x: number) => x,
  value: 7,
};

describe('raceWithGone', () => {
  it('passes answers through while the worker lives', async () => {
    const api = raceWithGone(remote, new Promise<Error>(() => undefined));
    expect(await api.echo(3)).toBe(3);
    expect(api.value).toBe(7);
    // Not a thenable: awaiting the api itself sends nothing.
    expect((api as unknown as { then?: unknown }).then).toBeUndefined();
  });

  it('rejects a call in flight, and every later one, once the worker is gone', async () => {
    const gone = deferred<Error>();
    const api = raceWithGone(remote, gone.promise);
    const inFlight = api.hang();
    gone.resolve(new LabWorkerGoneError());
    await expect(inFlight).rejects.toBeInstanceOf(LabWorkerGoneError);
    await expect(api.echo(1)).rejects.toThrow('Restart the lab');
  });
});

describe('EpisodeSession when the worker dies', () => {
  const config = { envId: 'maze', turnBudget: 4 } as EpisodeConfig;

  it('ends the episode as interrupted, and after a restart says which attempts were saved', async () => {
    const gone = deferred<Error>();
    let onEvent: ((e: unknown) => void) | undefined;
    const stored: EpisodeWithTurns = {
      episode: { id: 'e1', status: 'interrupted', solvedAtTurn: null } as EpisodeWithTurns['episode'],
      turns: [{ turn: 1 }] as EpisodeWithTurns['turns'],
    };
    const api = raceWithGone(
      {
        runEpisode: (_c: EpisodeConfig, listener: (e: unknown) => void) => {
          onEvent = listener;
          return new Promise<never>(() => undefined);
        },
        getEpisode: async (id: string) => (id === 'e1' ? stored : undefined),
        stopEpisode: () => new Promise<never>(() => undefined),
      } as unknown as LabApi,
      gone.promise,
    );
    const client = { api, refreshEpisodes: async () => undefined } as unknown as LabClient;
    const session = new EpisodeSession(client, () => () => undefined);
    const running = session.start(config);
    await Promise.resolve();
    // Comlink.proxy wraps the listener; the object is still callable in the page.
    const emit = onEvent as unknown as (e: object) => void;
    emit({ type: 'turn-start', episodeId: 'e1', turn: 1 });
    emit({ type: 'attempt', episodeId: 'e1', turn: 1, text: 'R', diagnosis: { correct: false } });
    emit({ type: 'turn-end', episodeId: 'e1', record: { turn: 1 } });
    emit({ type: 'turn-start', episodeId: 'e1', turn: 2 });
    emit({ type: 'attempt', episodeId: 'e1', turn: 2, text: 'RR', diagnosis: { correct: false } });
    emit({ type: 'turn-start', episodeId: 'e1', turn: 3 });
    expect(session.turns).toHaveLength(3);
    expect(session.status).toBe('running');

    const stopping = session.stop();
    gone.resolve(new LabWorkerGoneError());
    await running;
    await stopping;
    expect(session.status).toBe('ended');
    expect(session.outcome).toBe('interrupted');
    expect(session.error).toContain('Restart the lab to see which attempts were saved');
    expect(session.lostEpisodeId).toBe('e1');
    expect(session.savedTurns).toBeNull();
    // Both judged attempts stay on screen; nothing is left "in progress".
    expect(session.turns.map((t) => t.turn)).toEqual([1, 2]);

    // What the new worker reads: turn 1 stored, turn 2 (judged on screen) never was.
    const restarted = raceWithGone(
      { getEpisode: async () => stored } as unknown as LabApi,
      new Promise<Error>(() => undefined),
    );
    (client as { api: unknown }).api = restarted;
    await session.settleLost();
    expect(session.outcome).toBe('interrupted');
    expect(session.savedTurns).toBe(1);
    expect(session.finishedTurns).toBe(2);
    expect(session.lostEpisodeId).toBeNull();
  });
});
