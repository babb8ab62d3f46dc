/**
 * The OpenAI-compatible engine against hostile servers (issue 18): endless and oversized streams are cut
 * at limits derived from maxTokens, quiet servers time out with a clear message, and nonsense usage is
 * recorded as unknown. Real fetch in Chromium, against test/servers/openai-test-server.ts (loopback).
 */
import { describe, expect, inject, it } from 'vitest';
import type { ChatMessage, ChatOptions } from '../../src/core/engine';
import { OpenAiEngine } from '../../src/engines/openai/engine';
import { ReplyTooLargeError, ServerTimeoutError } from '../../src/engines/errors';

const server = inject('openaiTestUrl');

const ask: ChatMessage[] = [{ role: 'user', content: 'go' }];
const options = (extra: Partial<ChatOptions> = {}): ChatOptions => ({
  temperature: 0,
  seed: 1,
  maxTokens: 64,
  ...extra,
});

async function closedEarly(model: string): Promise<number> {
  for (let i = 0; i < 100; i++) {
    const stats = (await (await fetch(`${server}/__stats?model=${model}`)).json()) as { closedEarly: number };
    if (stats.closedEarly > 0) return stats.closedEarly;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return 0;
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
  }
  throw new Error('expected a rejection');
}

const quick = { startMs: 400, idleMs: 400 };

describe('OpenAiEngine against a server that never stops', () => {
  it('cuts an endless stream of 64 KB deltas at the reply limit and hangs up', async () => {
    const engine = new OpenAiEngine({ baseUrl: server, model: 'endless#cut' });
    let streamed = 0;
    const begun = performance.now();
    const result = await engine.chat(ask, options({ onToken: (d) => (streamed += d.length) }));
    expect(performance.now() - begun).toBeLessThan(5_000);
    expect(result.finishReason).toBe('length');
    // 64 tokens × 64 characters at most: one 64 KB delta is cut to fit.
    expect(result.text.length).toBe(64 * 64);
    expect(streamed).toBe(result.text.length);
    expect(await closedEarly('endless%23cut')).toBe(1);
  });

  it('stops a server that ignores max_tokens after maxTokens deltas', async () => {
    const engine = new OpenAiEngine({ baseUrl: server, model: 'many-deltas#cut' });
    const result = await engine.chat(ask, options({ maxTokens: 20 }));
    expect(result).toMatchObject({ finishReason: 'length', text: 'x'.repeat(20) });
    expect(result.usage.completionTokens).toBe(20);
    expect(await closedEarly('many-deltas%23cut')).toBe(1);
  });

  it('stops reading a line that never ends at the byte limit', async () => {
    const engine = new OpenAiEngine({ baseUrl: server, model: 'huge-line#cut' });
    const begun = performance.now();
    const result = await engine.chat(ask, options({ maxTokens: 16 }));
    expect(performance.now() - begun).toBeLessThan(5_000);
    expect(result).toMatchObject({ finishReason: 'length', text: '' });
    expect(await closedEarly('huge-line%23cut')).toBe(1);
  });

  it('refuses a whole (non-streamed) reply larger than the token limit allows', async () => {
    const huge = JSON.stringify({ choices: [{ message: { content: 'y'.repeat(8 * 2 ** 20) } }] });
    const engine = new OpenAiEngine({
      baseUrl: 'http://127.0.0.1:1/v1',
      model: 'm',
      fetch: async () => new Response(huge, { headers: { 'Content-Type': 'application/json' } }),
    });
    const error = await failure(engine.chat(ask, options()));
    expect(error).toBeInstanceOf(ReplyTooLargeError);
    expect(error.message).toMatch(/ignores max_tokens/);
  });

  it("calls a failure of the tab's own string limit what it is, not a dropped connection", async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('data: {"choices":[{"delta":{"content":"a"}}]}\n\n'));
      },
      pull(controller) {
        controller.error(new RangeError('Invalid string length'));
      },
    });
    const engine = new OpenAiEngine({
      baseUrl: 'http://127.0.0.1:1/v1',
      model: 'm',
      fetch: async () => new Response(body, { headers: { 'Content-Type': 'text/event-stream' } }),
    });
    const error = await failure(engine.chat(ask, options()));
    expect(error).toBeInstanceOf(ReplyTooLargeError);
    expect(error.message).not.toMatch(/dropped|Invalid string length/);
  });
});

describe('OpenAiEngine against a server that goes quiet', () => {
  it('gives up on a server that sends no headers', async () => {
    const engine = new OpenAiEngine({ baseUrl: server, model: 'headerless', timeouts: quick });
    const begun = performance.now();
    const error = await failure(engine.chat(ask, options()));
    expect(performance.now() - begun).toBeLessThan(3_000);
    expect(error).toBeInstanceOf(ServerTimeoutError);
    expect((error as ServerTimeoutError).wait).toBe('headers');
    expect(error.message).toMatch(/did not answer within 0\.4 s \(no reply headers\)/);
    expect(await closedEarly('headerless')).toBeGreaterThan(0);
  });

  it('gives up on a server that answers and then sends nothing', async () => {
    const engine = new OpenAiEngine({ baseUrl: server, model: 'silent', timeouts: quick });
    const error = await failure(engine.chat(ask, options()));
    expect(error).toBeInstanceOf(ServerTimeoutError);
    expect(error.message).toMatch(/accepted the request but sent nothing for 0\.4 s/);
  });

  it('does not count keep-alive comments as progress', async () => {
    const engine = new OpenAiEngine({ baseUrl: server, model: 'keep-alive', timeouts: quick });
    const error = await failure(engine.chat(ask, options()));
    expect(error).toBeInstanceOf(ServerTimeoutError);
    expect(error.message).toMatch(/sent only keep-alive comments, no text, for 0\.4 s/);
  });

  it('gives up on a reply that stalls after its first token', async () => {
    const engine = new OpenAiEngine({ baseUrl: server, model: 'stall', timeouts: quick });
    const tokens: string[] = [];
    const error = await failure(engine.chat(ask, options({ onToken: (d) => tokens.push(d) })));
    expect(tokens).toEqual(['one']);
    expect(error).toBeInstanceOf(ServerTimeoutError);
    expect((error as ServerTimeoutError).wait).toBe('next-text');
    expect(error.message).toMatch(/stopped mid-reply: only keep-alive comments, no text, for 0\.4 s/);
  });

  it('gives up on a model list that never comes', async () => {
    // Connect lists the models first: a server that never answers must not hold the form forever.
    const hanging = new OpenAiEngine({
      baseUrl: `${server}/v1`,
      model: 'x',
      timeouts: quick,
      fetch: (_input, init) =>
        new Promise((_resolve, reject) =>
          init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
        ),
    });
    const error = await failure(hanging.listModels());
    expect(error).toBeInstanceOf(ServerTimeoutError);
  });
});

describe('OpenAiEngine with nonsense usage', () => {
  it('records invalid counts as unknown and ignores content that is not text', async () => {
    const first = await new OpenAiEngine({ baseUrl: server, model: 'bad-usage' }).chat(ask, options());
    expect(first.text).toBe('I go <answer>RRDD</answer>');
    expect(first.usage).toEqual({});
    const second = await new OpenAiEngine({ baseUrl: server, model: 'bad-usage-2' }).chat(ask, options());
    expect(second.text).toBe('I go <answer>RRDD</answer>');
    expect(second.usage).toEqual({});
  });
});
