/**
 * Whether the lab worker is still alive, through the Web Locks API. A worker that is terminated, closes
 * itself or crashes sends nothing: its comlink calls just never settle. But the browser lets go of
 * every lock a context held when that context ends, so the worker holds a lock named for it from its
 * first line to its end, and the page waits to be granted the same lock: the grant is the news of its
 * death (within milliseconds in Chromium, whatever the cause). This is the worker's side; the page's
 * watch is `state/worker-watch.ts`, the names both use `core/worker-names.ts`.
 */

function locks(): LockManager | undefined {
  return (globalThis.navigator as Navigator | undefined)?.locks;
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
