import type { ChatMessage, ChatOptions, ChatResult, Engine } from '../core/engine';

/**
 * Runs async jobs at most `limit` at a time, starting them in the order they were queued. web-llm
 * interleaves concurrent requests to one model into garbage, so its models sit behind a limit of 1;
 * wllama's slots and an HTTP server's parallel requests take more.
 */
export class BoundedQueue {
  private readonly waiting: (() => void)[] = [];
  private active = 0;

  /** @throws {RangeError} when `limit` is not a whole number ≥ 1. */
  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new RangeError(`A queue runs at least one job at a time (got ${limit}).`);
    }
  }

  /** Jobs queued or running. */
  get size(): number {
    return this.active + this.waiting.length;
  }

  /** Jobs running now. */
  get running(): number {
    return this.active;
  }

  /** Run `job` once fewer than `limit` jobs run and every job queued before it has started. */
  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit || this.waiting.length > 0) {
      await new Promise<void>((start) => this.waiting.push(start));
    } else {
      this.active++;
    }
    try {
      return await job();
    } finally {
      const next = this.waiting.shift();
      // The freed place passes straight to the next job: `active` stays counted for it.
      if (next) next();
      else this.active--;
    }
  }
}

/** Runs async jobs one at a time, in order. */
export class SerialQueue extends BoundedQueue {
  constructor() {
    super(1);
  }
}

/**
 * Wrap an engine so that at most `limit` of its `chat` calls run at once (the rest wait, in order);
 * the wrapper reports `limit` as its `concurrency`.
 * @throws {RangeError} when `limit` is not a whole number ≥ 1.
 */
export function bounded(engine: Engine, limit: number): Engine {
  const queue = new BoundedQueue(limit);
  return {
    kind: engine.kind,
    modelId: engine.modelId,
    concurrency: limit,
    chat: (messages: ChatMessage[], options: ChatOptions): Promise<ChatResult> =>
      queue.run(() => engine.chat(messages, options)),
  };
}

/** Wrap an engine so that its `chat` calls never overlap. */
export function serialised(engine: Engine): Engine {
  return bounded(engine, 1);
}
