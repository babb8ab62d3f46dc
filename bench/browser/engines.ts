/**
 * Engines for the benchmarks: an instant test double (its reply is ready at once, so everything that
 * takes time is the lab's), and a wrapper that adds up the time spent inside an engine's calls.
 */
import type { ChatMessage, ChatOptions, ChatResult, Engine } from '../../src/core/engine';

/**
 * Replies at once with `reply`, streamed synchronously as word pieces through `onToken` (so the
 * lab's token plumbing is exercised), honouring `maxTokens`.
 */
export class InstantEngine implements Engine {
  readonly kind = 'test-double';
  /** Set before each episode: the text the "model" answers with. */
  reply = '<answer>U</answer>';

  constructor(readonly modelId = 'instant-model') {}

  chat(_messages: ChatMessage[], options: ChatOptions): Promise<ChatResult> {
    const pieces = this.reply.match(/\s*\S+/g) ?? [];
    const kept = pieces.slice(0, options.maxTokens);
    for (const piece of kept) options.onToken?.(piece);
    return Promise.resolve({
      text: kept.join(''),
      finishReason: kept.length < pieces.length ? 'length' : 'stop',
      usage: { promptTokens: 0, completionTokens: kept.length },
    });
  }
}

/** Wraps an engine and accumulates the wall time spent inside its `chat` calls. */
export class TimedEngine implements Engine {
  readonly kind: string;
  readonly modelId: string;
  /** Milliseconds spent inside `chat` since the last `reset()`. */
  engineMs = 0;
  calls = 0;

  constructor(private readonly inner: Engine) {
    this.kind = inner.kind;
    this.modelId = inner.modelId;
  }

  reset(): void {
    this.engineMs = 0;
    this.calls = 0;
  }

  async chat(messages: ChatMessage[], options: ChatOptions): Promise<ChatResult> {
    const started = performance.now();
    this.calls++;
    try {
      return await this.inner.chat(messages, options);
    } finally {
      this.engineMs += performance.now() - started;
    }
  }
}
