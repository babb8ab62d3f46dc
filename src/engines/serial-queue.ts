import type { ChatMessage, ChatOptions, ChatResult, Engine } from '../core/engine';

/**
 * Runs async jobs one at a time, in order. web-llm interleaves concurrent requests to one model
 * into garbage, so every loaded model sits behind one of these.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;

  /** Jobs queued or running. */
  get size(): number {
    return this.pending;
  }

  /** Run `job` after every job queued before it has settled; resolves or rejects with its result. */
  run<T>(job: () => Promise<T>): Promise<T> {
    this.pending++;
    const result = this.tail.then(job, job);
    this.tail = result.then(
      () => this.pending--,
      () => this.pending--,
    );
    return result;
  }
}

/** Wrap an engine so that its `chat` calls never overlap. */
export function serialised(engine: Engine): Engine {
  const queue = new SerialQueue();
  return {
    kind: engine.kind,
    modelId: engine.modelId,
    chat: (messages: ChatMessage[], options: ChatOptions): Promise<ChatResult> =>
      queue.run(() => engine.chat(messages, options)),
  };
}
