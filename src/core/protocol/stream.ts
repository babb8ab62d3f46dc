/**
 * Plumbing for the episode generator: turning callbacks (an engine's onToken) into yielded events as
 * they arrive, and making any wait give way to an abort.
 */
import type { ChatMessage, ChatResult, Engine } from '../engine';
import { normaliseUsage } from '../usage';
import type { Sampling } from './types';

/** Thrown inside the protocol when the episode's signal aborts; becomes an 'aborted' episode end. */
export class EpisodeAbortedError extends Error {
  constructor() {
    super('The episode was stopped.');
    this.name = 'EpisodeAbortedError';
  }
}

/** @throws {EpisodeAbortedError} when `signal` has aborted. */
export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new EpisodeAbortedError();
}

/**
 * Settle with `promise`, or reject with {@link EpisodeAbortedError} as soon as `signal` aborts, so a
 * person who never answers or an engine that ignores its signal cannot hold an episode open.
 * @throws {EpisodeAbortedError} when `signal` aborts first.
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined); // it may still reject later; nobody is listening any more
    return Promise.reject(new EpisodeAbortedError());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      promise.catch(() => undefined);
      reject(new EpisodeAbortedError());
    };
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/**
 * Run `start`, yielding each item it emits as soon as it is emitted, and return its result. An async
 * generator cannot yield from inside a callback, so items wait in a queue and the generator sleeps
 * until either an item arrives or the work settles.
 * @throws whatever `start`'s promise rejects with (after every emitted item has been yielded).
 */
export async function* streamWhile<E, T>(
  start: (emit: (item: E) => void) => Promise<T>,
): AsyncGenerator<E, T> {
  const queue: E[] = [];
  let settled = false;
  let wake: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const work = start((item) => {
    queue.push(item);
    notify();
  });
  const done = () => {
    settled = true;
    notify();
  };
  work.then(done, done);
  for (;;) {
    while (queue.length > 0) yield queue.shift() as E;
    if (settled) break;
    await new Promise<void>((resolve) => (wake = resolve));
  }
  return await work;
}

/**
 * One engine call whose streamed text becomes events (`toEvent(delta)`), or none when `toEvent` is
 * null. Returns the engine's result, its usage normalised once more: the adapters do it already, but
 * any `Engine` (a test double, a future adapter) can be plugged in, and what the protocol records
 * must be what an import accepts.
 * @throws {EpisodeAbortedError} when the signal aborts or the engine reports finishReason 'abort'.
 * @throws {Error} when the engine fails.
 */
export async function* chatStreaming<E>(
  engine: Engine,
  messages: ChatMessage[],
  sampling: Sampling,
  signal: AbortSignal,
  toEvent: ((delta: string) => E) | null,
): AsyncGenerator<E, ChatResult> {
  throwIfAborted(signal);
  const result = yield* streamWhile<E, ChatResult>((emit) =>
    raceAbort(
      engine.chat(messages, {
        temperature: sampling.temperature,
        seed: sampling.seed,
        maxTokens: sampling.maxTokens,
        signal,
        onToken: toEvent ? (delta) => emit(toEvent(delta)) : undefined,
      }),
      signal,
    ),
  );
  // An engine may resolve 'abort' for a signal of its own; either way the text is partial.
  if (result.finishReason === 'abort' || signal.aborted) throw new EpisodeAbortedError();
  return { ...result, usage: normaliseUsage((result.usage as ChatResult['usage'] | undefined) ?? {}) };
}

/**
 * The seed for one call: distinct per turn and per leak regeneration, so a regenerated teacher message
 * is a new sample yet the whole episode replays from the stored seeds.
 */
export function deriveSeed(base: number, turn: number, regeneration = 0): number {
  return (base + 1009 * (turn - 1) + regeneration) >>> 0;
}
