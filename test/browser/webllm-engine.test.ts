/**
 * The web-llm adapter against a test double that speaks web-llm's streaming interface (no weights can
 * be downloaded here), and the per-model queue.
 */
import { describe, expect, it } from 'vitest';
import type { MlcChatLike, MlcChunk } from '../../src/engines/webllm/engine';
import { WebLlmEngine } from '../../src/engines/webllm/engine';
import { serialised } from '../../src/engines/serial-queue';

/** Streams the words of `reply` one chunk at a time, like MLCEngine; stops on interruptGenerate(). */
class FakeMlc implements MlcChatLike {
  interrupted = 0;
  active = 0;
  maxActive = 0;
  requests: unknown[] = [];
  private stop = false;

  constructor(private readonly reply: string) {}

  interruptGenerate(): void {
    this.interrupted++;
    this.stop = true;
  }

  chat = {
    completions: {
      create: async (request: { max_tokens: number }): Promise<AsyncIterable<MlcChunk>> => {
        this.requests.push(request);
        this.stop = false;
        this.active++;
        this.maxActive = Math.max(this.maxActive, this.active);
        const words = this.reply.split(' ').slice(0, request.max_tokens);
        // eslint-disable-next-line @typescript-eslint/no-this-alias -- the generator below needs the double
        const self = this;
        return (async function* () {
          try {
            let n = 0;
            for (const w of words) {
              await new Promise((r) => setTimeout(r, 2));
              if (self.stop) {
                yield { choices: [{ delta: { content: '' }, finish_reason: 'abort' }] };
                return;
              }
              n++;
              yield { choices: [{ delta: { content: (n > 1 ? ' ' : '') + w } }] };
            }
            const finish = words.length < self.reply.split(' ').length ? 'length' : 'stop';
            yield { choices: [{ delta: {}, finish_reason: finish }] };
            yield {
              choices: [],
              usage: {
                prompt_tokens: 12,
                completion_tokens: n,
                extra: { prefill_tokens_per_s: 100, decode_tokens_per_s: 20 },
              },
            };
          } finally {
            self.active--;
          }
        })();
      },
    },
  };
}

const options = { temperature: 0, seed: 1, maxTokens: 50 };

describe('WebLlmEngine', () => {
  it('streams tokens and reports usage and the finish reason', async () => {
    const mlc = new FakeMlc('R R D D');
    const engine = new WebLlmEngine(mlc, 'm');
    const tokens: string[] = [];
    const result = await engine.chat([{ role: 'user', content: 'go' }], {
      ...options,
      onToken: (t) => tokens.push(t),
    });
    expect(tokens).toEqual(['R', ' R', ' D', ' D']);
    expect(result).toEqual({
      text: 'R R D D',
      finishReason: 'stop',
      usage: { promptTokens: 12, completionTokens: 4, prefillTokensPerSec: 100, decodeTokensPerSec: 20 },
    });
    expect(mlc.requests[0]).toMatchObject({
      stream: true,
      seed: 1,
      temperature: 0,
      max_tokens: 50,
      model: 'm',
    });
  });

  it('respects maxTokens', async () => {
    const result = await new WebLlmEngine(new FakeMlc('a b c d e f'), 'm').chat([], {
      ...options,
      maxTokens: 3,
    });
    expect(result.text).toBe('a b c');
    expect(result.finishReason).toBe('length');
  });

  it('aborts through interruptGenerate and returns the text so far', async () => {
    const mlc = new FakeMlc('one two three four five six seven eight');
    const controller = new AbortController();
    const result = await new WebLlmEngine(mlc, 'm').chat([], {
      ...options,
      signal: controller.signal,
      onToken: (t) => t.includes('three') && controller.abort(),
    });
    expect(mlc.interrupted).toBe(1);
    expect(result.finishReason).toBe('abort');
    expect(result.text).toBe('one two three');
  });

  it('never sends two requests at once to one model behind the queue', async () => {
    const mlc = new FakeMlc('x y z');
    const engine = serialised(new WebLlmEngine(mlc, 'm'));
    const results = await Promise.all(Array.from({ length: 5 }, () => engine.chat([], options)));
    expect(results.map((r) => r.text)).toEqual(Array(5).fill('x y z'));
    expect(mlc.maxActive).toBe(1);
    // Without the queue the same double does overlap, so the assertion above can fail.
    const raw = new WebLlmEngine(new FakeMlc('x y z'), 'm');
    const unqueued = (raw as unknown as { mlc: FakeMlc }).mlc;
    await Promise.all(Array.from({ length: 3 }, () => raw.chat([], options)));
    expect(unqueued.maxActive).toBeGreaterThan(1);
  });
});
