/**
 * The page's connection to one lab worker: the comlink proxy, and the news of the worker's end. A dead
 * worker answers nothing, so every call made through `api` is raced against that news: once the
 * worker is gone, calls in flight and new ones reject with `LabWorkerGoneError` instead of hanging
 * (a Stop that does nothing, a Start that stays disabled).
 */
import * as Comlink from 'comlink';
import type { LabApi } from '../lab/lab-api';
import { labWorkerName, lifeLockOf } from '../core/worker-names';
import { isLockHeld, whenWorkerEnds } from './worker-watch';

/** The lab worker has ended (crashed, ended by the browser, or never started). */
export class LabWorkerGoneError extends Error {
  constructor(detail?: string) {
    super(
      (detail ??
        'The lab stopped working: its worker ended (it crashed, or the browser stopped it, for example ' +
          'to free memory).') +
        ' Finished turns are saved; the attempt in progress is lost. Restart the lab to go on.',
    );
    this.name = 'LabWorkerGoneError';
  }
}

export interface LabConnection {
  /** The worker's API; every call rejects with LabWorkerGoneError once the worker is gone. */
  readonly api: Comlink.Remote<LabApi>;
  /** Resolves with the reason when the worker is found gone; never when `close()` ended it. */
  readonly gone: Promise<LabWorkerGoneError>;
  /** End the worker on purpose (a restart): no death is reported for it. */
  close(): void;
}

/**
 * `remote` with every method call raced against `gone`: it rejects with the error `gone` resolves to
 * as soon as it does, whether the call was made before or after.
 */
export function raceWithGone<T extends object>(remote: T, gone: Promise<Error>): T {
  let isGone = false;
  const failed = gone.then((error) => {
    isGone = true;
    return Promise.reject(error);
  });
  // Nobody may be calling when it goes: that is no unhandled rejection.
  failed.catch(() => undefined);
  return new Proxy(remote, {
    get(target, prop) {
      // Not a thenable: `await connection.api` must not send a call to the worker.
      if (prop === 'then') return undefined;
      const member: unknown = Reflect.get(target, prop);
      if (typeof member !== 'function') return member;
      // Reflect.apply, not member.apply: on a comlink proxy `.apply` is a remote property.
      // Once gone, a call is not even sent: nothing would answer it.
      return (...args: unknown[]) =>
        isGone ? failed : Promise.race([Reflect.apply(member, target, args), failed]);
    },
  });
}

/** Start a new lab worker and watch for its end (its life lock, `worker-watch.ts`, or a failed start). */
export function connectLabWorker(): LabConnection {
  const id = crypto.randomUUID();
  const lock = lifeLockOf(id);
  // Vite bundles the worker only when it sees exactly `new Worker(new URL(..., import.meta.url))`.
  const worker = new Worker(new URL('../../workers/lab.worker.ts', import.meta.url), {
    type: 'module',
    name: labWorkerName(id),
  });
  const closed = new AbortController();
  const watching = new AbortController();
  closed.signal.addEventListener('abort', () => watching.abort(), { once: true });
  const gone = new Promise<LabWorkerGoneError>((resolve) => {
    void whenWorkerEnds(lock, watching.signal).then(() => resolve(new LabWorkerGoneError()));
    // An uncaught exception the running worker lives on after leaves its lock held; a script that
    // never ran (a file a deploy removed, a syntax error) leaves nothing held.
    worker.addEventListener('error', (event) => {
      // Without Web Locks the two cannot be told apart: a worker error is then no news of death.
      if ((globalThis.navigator as Partial<Navigator>).locks === undefined) return;
      void isLockHeld(lock).then((held) => {
        if (held || closed.signal.aborted) return;
        // Nothing will take the lock now: stop looking for it.
        watching.abort();
        const detail = event.message ? ` (${event.message})` : '';
        resolve(
          new LabWorkerGoneError(`The lab worker could not start${detail}; reloading the page may help.`),
        );
      });
    });
  });
  return {
    api: raceWithGone(Comlink.wrap<LabApi>(worker), gone),
    gone,
    close: () => {
      closed.abort();
      worker.terminate();
    },
  };
}
