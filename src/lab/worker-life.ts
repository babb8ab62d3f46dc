/**
 * Whether the lab worker is still alive, through the Web Locks API. A worker that is terminated, closes
 * itself or crashes sends nothing: its comlink calls just never settle. But the browser lets go of
 * every lock a context held when that context ends, so the worker holds a lock named for it from its
 * first line to its end, and the page waits to be granted the same lock: the grant is the news of its
 * death (within milliseconds in Chromium, whatever the cause).
 */

const NAME_PREFIX = 'plasticity-lab#';
const LOCK_PREFIX = 'plasticity-lab/worker/';

function locks(): LockManager | undefined {
  return (globalThis.navigator as Navigator | undefined)?.locks;
}

/** The `name` to give the lab worker whose id is `id` (it derives its life lock from it). */
export function labWorkerName(id: string): string {
  return NAME_PREFIX + id;
}

/** The life lock of the lab worker whose id is `id`. */
export function lifeLockOf(id: string): string {
  return LOCK_PREFIX + id;
}

/** The life lock of the worker named `workerName`; null for a name `labWorkerName` did not make. */
export function lifeLockName(workerName: string): string | null {
  return workerName.startsWith(NAME_PREFIX) ? lifeLockOf(workerName.slice(NAME_PREFIX.length)) : null;
}

/**
 * In the worker: hold `lock` until this context ends. The request is made at once (before the worker
 * answers anything), so once the page has seen the lock held it only has to wait for it.
 */
export function holdForLife(lock: string): void {
  void locks()
    ?.request(lock, () => new Promise<never>(() => undefined))
    .catch(() => undefined);
}

/** Whether some context holds `lock` now (false where the Web Locks API is missing). */
export async function isLockHeld(lock: string): Promise<boolean> {
  const snapshot = await locks()?.query();
  return (snapshot?.held ?? []).some((held) => held.name === lock);
}

/**
 * In the page: resolve when the worker holding `lock` has ended. Waits first until the lock is held
 * (the worker takes it as it starts), polling every `pollMs`, then queues for it. Never resolves where
 * the Web Locks API is missing, nor once `signal` aborts (the page ended the worker itself).
 */
export async function whenWorkerEnds(lock: string, signal: AbortSignal, pollMs = 100): Promise<void> {
  const manager = locks();
  if (!manager) return new Promise<void>(() => undefined);
  while (!(await isLockHeld(lock))) {
    if (signal.aborted) return new Promise<void>(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  try {
    await manager.request(lock, { signal }, async () => undefined);
  } catch {
    // Aborted: the page let the worker go on purpose; that is no death to report.
    return new Promise<void>(() => undefined);
  }
}
