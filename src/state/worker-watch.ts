/**
 * The page's watch on the lab worker's life lock (`lab/worker-life.ts` holds it in the worker; the
 * names are `core/worker-names.ts`): the grant of the lock is the news of the worker's end.
 */

function locks(): LockManager | undefined {
  return (globalThis.navigator as Navigator | undefined)?.locks;
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
