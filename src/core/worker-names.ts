/**
 * The names that tie the lab worker to its life lock (the page's watch is `state/worker-watch.ts`, the
 * worker's hold is `lab/worker-life.ts`): the page names the worker, the worker derives its lock from
 * its own name, and the page waits for the same lock. Pure strings, so both sides spell them once.
 */

const NAME_PREFIX = 'plasticity-lab#';
const LOCK_PREFIX = 'plasticity-lab/worker/';

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
