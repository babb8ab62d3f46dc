/**
 * Liveness of running episodes and experiments across tabs, through the Web Locks API: the worker
 * running an episode (or an experiment) holds a lock named for it, and the browser drops the lock when
 * that tab closes or reloads. A tab starting up marks as interrupted only the 'running' episodes whose
 * lock nobody holds, so opening a second tab never marks the first tab's live episode as interrupted;
 * an experiment runs in one tab at a time because its lock is taken only if nobody holds it.
 */

const PREFIX = 'plasticity-lab/episode/';
const EXPERIMENT_PREFIX = 'plasticity-lab/experiment/';

function locks(): LockManager | undefined {
  return (globalThis.navigator as Navigator | undefined)?.locks;
}

/**
 * Hold the lock for `episodeId` until the returned release function is called; awaiting release
 * waits until the lock is free, so a history read after it no longer counts the episode as live.
 * Resolves once the lock is held (at once where the Web Locks API is missing).
 */
export function holdEpisodeLock(episodeId: string): Promise<() => Promise<void>> {
  const manager = locks();
  if (!manager) return Promise.resolve(async () => undefined);
  return new Promise((resolveHeld) => {
    // Settles once the lock is let go (the callback below is called later, once it is held).
    const released: Promise<void> = manager.request(
      PREFIX + episodeId,
      () =>
        new Promise<void>((release) => {
          resolveHeld(async () => {
            release();
            await released;
          });
        }),
    );
  });
}

/** Whether the lock for `episodeId` stays held for `waitMs` (false as soon as it can be taken). */
async function heldFor(manager: LockManager, episodeId: string, waitMs: number): Promise<boolean> {
  try {
    await manager.request(PREFIX + episodeId, { signal: AbortSignal.timeout(waitMs) }, async () => undefined);
    return false;
  } catch {
    return true;
  }
}

/** Ids (the names after `prefix`) of the locks under `prefix` that some context holds right now. */
async function heldIds(prefix: string): Promise<string[]> {
  const manager = locks();
  if (!manager) return [];
  const snapshot = await manager.query();
  return (snapshot.held ?? [])
    .map((lock) => lock.name ?? '')
    .filter((name) => name.startsWith(prefix))
    .map((name) => name.slice(prefix.length));
}

/** Ids of the episodes whose lock some context holds right now. */
export function heldEpisodeIds(): Promise<string[]> {
  return heldIds(PREFIX);
}

/**
 * Ids of the episodes some live tab is running now. A tab that is reloading holds its locks for a
 * moment after the new page starts, so a lock counts as live only if it is still held after `waitMs`.
 */
export async function liveEpisodeIds(waitMs = 1500): Promise<string[]> {
  const manager = locks();
  if (!manager) return [];
  const ids = await heldEpisodeIds();
  const held = await Promise.all(ids.map((id) => heldFor(manager, id, waitMs)));
  return ids.filter((_, i) => held[i]);
}

/** Resolve once nobody holds the lock for `episodeId` (its tab closed, or the episode ended). */
export async function whenEpisodeReleased(episodeId: string): Promise<void> {
  const manager = locks();
  if (!manager) return;
  await manager.request(PREFIX + episodeId, async () => undefined);
}

/** Hold the experiment's Web Lock if nobody holds it; null when another context does. */
export function tryHoldExperimentLock(experimentId: string): Promise<(() => void) | null> {
  const manager = locks();
  if (!manager) return Promise.resolve(() => undefined);
  return new Promise((resolve) => {
    void manager.request(EXPERIMENT_PREFIX + experimentId, { ifAvailable: true }, (lock) => {
      if (!lock) {
        resolve(null);
        return undefined;
      }
      return new Promise<void>((release) => resolve(() => release()));
    });
  });
}

/** Ids of the experiments some tab is running now (their lock is held). */
export function runningExperimentIds(): Promise<string[]> {
  return heldIds(EXPERIMENT_PREFIX);
}
