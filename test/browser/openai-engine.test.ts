/**
 * The OpenAI-compatible HTTP engine in real Chromium, with real fetch, against the local SSE test server
 * (test/servers/openai-test-server.ts, started by the browser project's global setup).
 */
import { describe, expect, inject, it } from 'vitest';
import type { ChatMessage, ChatOptions } from '../../src/core/engine';
import { OpenAiEngine } from '../../src/engines/openai/engine';
import { serialised } from '../../src/engines/serial-queue';
import {
  ApiKeyRefusedError,
  ConnectionLostError,
  EndpointNotFoundError,
  MalformedChunkError,
  ServerHttpError,
  ServerUnreachableError,
} from '../../src/engines/errors';
import { SPLIT_REPLY, TEST_API_KEY } from '../servers/openai-test-fixtures';

const server = inject('openaiTestUrl');

interface ModelStats {
  requests: number;
  active: number;
  maxActive: number;
  closedEarly: number;
  lastBody: Record<string, unknown> | null;
  lastAuthorization: string | null;
}

async function stats(model: string): Promise<ModelStats> {
  const response = await fetch(`${server}/__stats?model=${encodeURIComponent(model)}`);
  return (await response.json()) as ModelStats;
}

/** Poll the server until `check` holds (the server learns of a closed connection a moment later). */
async function waitForStats(model: string, check: (s: ModelStats) => boolean): Promise<ModelStats> {
  let last = await stats(model);
  for (let i = 0; i < 100 && !check(last); i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    last = await stats(model);
  }
  return last;
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`threw a non-Error: ${String(error)}`, { cause: error });
  }
  throw new Error('expected a rejection, but the call succeeded');
}

const ask = (text: string): ChatMessage[] => [
  { role: 'system', content: 'You are a test.' },
  { role: 'user', content: text },
];

const options = (extra: Partial<ChatOptions> = {}): ChatOptions => ({
  temperature: 0.7,
  seed: 42,
  maxTokens: 64,
  ...extra,
});

describe('OpenAiEngine streaming', () => {
  it('streams tokens through onToken before chat resolves, and reports usage', async () => {
    const engine = new OpenAiEngine({ baseUrl: server, model: 'echo#stream' });
    const words = 'the maze exit is at the bottom right corner';
    const tokens: { delta: string; at: number }[] = [];
    const result = await engine.chat(
      ask(words),
      options({ onToken: (delta) => tokens.push({ delta, at: performance.now() }) }),
    );
    const resolvedAt = performance.now();

    expect(result.text).toBe(words);
    expect(result.finishReason).toBe('stop');
    expect(tokens.map((t) => t.delta).join('')).toBe(result.text);
    expect(tokens.length).toBe(9);
    // 15 ms between words on the server: the first token came long before the reply was complete.
    expect(resolvedAt - tokens[0]!.at).toBeGreaterThan(60);
    expect(result.usage.promptTokens).toBe(4 + 9);
    expect(result.usage.completionTokens).toBe(9);
    expect(result.usage.decodeTokensPerSec).toBeGreaterThan(5);
    expect(result.usage.decodeTokensPerSec).toBeLessThan(1000);
    expect(engine.kind).toBe('openai');
    expect(engine.modelId).toBe('echo#stream');
  });

  it('sends the OpenAI request shape, with no Authorization header when there is no key', async () => {
    const engine = new OpenAiEngine({ baseUrl: server, model: 'echo#shape' });
    await engine.chat(ask('hi there'), options({ temperature: 0.25, seed: 7, maxTokens: 12 }));
    const seen = await stats('echo#shape');
    expect(seen.lastBody).toEqual({
      model: 'echo#shape',
      messages: ask('hi there'),
      temperature: 0.25,
      seed: 7,
      max_tokens: 12,
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(seen.lastAuthorization).toBeNull();
  });

  it.each(['', '/', '/v1', '/v1/', '/v1/chat/completions'])(
    'reaches the API with base URL origin + %j',
    async (suffix) => {
      const engine = new OpenAiEngine({ baseUrl: server + suffix, model: 'length' });
      const result = await engine.chat(ask('x'), options());
      expect(result.text).toBe('one two three');
    },
  );

  it('maps finish_reason length, from the server and from max_tokens', async () => {
    const fixed = await new OpenAiEngine({ baseUrl: server, model: 'length' }).chat(ask('x'), options());
    expect(fixed.finishReason).toBe('length');
    expect(fixed.usage.completionTokens).toBe(3);

    const echo = new OpenAiEngine({ baseUrl: server, model: 'echo#max' });
    const capped = await echo.chat(ask('a b c d e f'), options({ maxTokens: 2 }));
    expect(capped).toMatchObject({ text: 'a b', finishReason: 'length' });
  });

  it.each([1, 2, 5, 64])('parses a stream written %i bytes at a time', async (size) => {
    const engine = new OpenAiEngine({ baseUrl: server, model: `split-${size}` });
    const tokens: string[] = [];
    const result = await engine.chat(ask('x'), options({ onToken: (t) => tokens.push(t) }));
    expect(tokens).toEqual(SPLIT_REPLY);
    expect(result.text).toBe(SPLIT_REPLY.join(''));
    expect(result.finishReason).toBe('stop');
    expect(result.usage).toMatchObject({ promptTokens: 4, completionTokens: SPLIT_REPLY.length });
  });

  it('counts chunks as completion tokens when the server sends no usage', async () => {
    const engine = new OpenAiEngine({ baseUrl: server, model: 'no-usage' });
    const result = await engine.chat(ask('four little words here'), options());
    expect(result.text).toBe('four little words here');
    // No usage chunk: the chunks are counted, the prompt's size is unknown (not 0).
    expect(result.usage).toEqual({ completionTokens: 4, decodeTokensPerSec: expect.any(Number) });
  });

  it('accepts a server that ignores stream: true and answers with plain JSON', async () => {
    const tokens: string[] = [];
    const engine = new OpenAiEngine({ baseUrl: server, model: 'no-stream' });
    const result = await engine.chat(ask('all at once'), options({ onToken: (t) => tokens.push(t) }));
    expect(result).toMatchObject({ text: 'all at once', finishReason: 'stop' });
    expect(result.usage.completionTokens).toBe(3);
    expect(tokens).toEqual(['all at once']);
  });

  it('lists the models the server offers', async () => {
    const models = await new OpenAiEngine({ baseUrl: `${server}/v1/`, model: 'echo' }).listModels();
    expect(models.slice(0, 5)).toEqual(['echo', 'slow', 'length', 'split-7', 'auth']);
  });
});

describe('OpenAiEngine abort', () => {
  it('returns the partial text with finish reason abort, and the server sees the connection close', async () => {
    const engine = new OpenAiEngine({ baseUrl: server, model: 'slow#abort' });
    const controller = new AbortController();
    const tokens: string[] = [];
    const started = performance.now();
    const result = await engine.chat(
      ask('x'),
      options({
        signal: controller.signal,
        onToken: (t) => {
          tokens.push(t);
          if (tokens.length === 3) controller.abort();
        },
      }),
    );
    expect(result.finishReason).toBe('abort');
    expect(result.text).toBe('tick0 tick1 tick2 ');
    expect(result.text).toBe(tokens.join(''));
    expect(result.usage.completionTokens).toBe(3);
    // The whole slow stream takes 4 s; an abort that waited for it would show here.
    expect(performance.now() - started).toBeLessThan(2000);

    const seen = await waitForStats('slow#abort', (s) => s.closedEarly > 0);
    expect(seen).toMatchObject({ requests: 1, closedEarly: 1, active: 0 });
  });

  it('returns abort without a request when the signal has already fired', async () => {
    const engine = new OpenAiEngine({ baseUrl: server, model: 'echo#pre-aborted' });
    const result = await engine.chat(ask('x'), options({ signal: AbortSignal.abort() }));
    expect(result).toEqual({
      text: '',
      finishReason: 'abort',
      usage: { promptTokens: 0, completionTokens: 0 },
    });
    expect((await stats('echo#pre-aborted')).requests).toBe(0);
  });
});

describe('OpenAiEngine errors', () => {
  it("turns a 500 into a clear error carrying the server's message", async () => {
    const engine = new OpenAiEngine({ baseUrl: server, model: 'error-500' });
    const error = await failure(engine.chat(ask('x'), options()));
    expect(error).toBeInstanceOf(ServerHttpError);
    expect((error as ServerHttpError).status).toBe(500);
    expect(error.message).toBe(
      `The server at ${server}/v1/chat/completions answered HTTP 500: model crashed: out of memory`,
    );
  });

  it('shows a plain-text error body too', async () => {
    const error = await failure(
      new OpenAiEngine({ baseUrl: server, model: 'error-502-text' }).chat(ask('x'), options()),
    );
    expect(error).toBeInstanceOf(ServerHttpError);
    expect(error.message).toContain('HTTP 502: upstream timed out');
  });

  it('turns a malformed chunk into a clear error with an excerpt', async () => {
    const tokens: string[] = [];
    const engine = new OpenAiEngine({ baseUrl: server, model: 'malformed' });
    const error = await failure(engine.chat(ask('x'), options({ onToken: (t) => tokens.push(t) })));
    expect(error).toBeInstanceOf(MalformedChunkError);
    expect(error.message).toContain('The server sent a chunk that is not valid JSON: {not json');
    expect(tokens).toEqual(['fine so far']);
  });

  it('turns an error object inside the stream into a clear error', async () => {
    const error = await failure(
      new OpenAiEngine({ baseUrl: server, model: 'stream-error' }).chat(ask('x'), options()),
    );
    expect(error).toBeInstanceOf(ServerHttpError);
    expect(error.message).toContain('mid-reply: the request exceeds the context size (4096 tokens)');
  });

  it('reports a connection that drops mid-reply', async () => {
    const error = await failure(
      new OpenAiEngine({ baseUrl: server, model: 'hang-up' }).chat(ask('x'), options()),
    );
    expect(error).toBeInstanceOf(ConnectionLostError);
    expect(error.message).toContain('dropped mid-reply');
  });

  it('explains a 404 from a wrong base URL, and from a model the server lacks', async () => {
    const wrongPath = new OpenAiEngine({ baseUrl: `${server}/api`, model: 'echo' });
    const error = await failure(wrongPath.chat(ask('x'), options()));
    expect(error).toBeInstanceOf(EndpointNotFoundError);
    expect(error.message).toBe(
      `No chat completions endpoint at ${server}/api/chat/completions (HTTP 404) — check the base URL, ` +
        'e.g. http://localhost:11434/v1 for Ollama.',
    );
    expect(await failure(wrongPath.listModels())).toBeInstanceOf(EndpointNotFoundError);

    const missing = await failure(
      new OpenAiEngine({ baseUrl: server, model: 'missing-model' }).chat(ask('x'), options()),
    );
    expect(missing).toBeInstanceOf(EndpointNotFoundError);
    expect(missing.message).toContain('model "missing-model" not found, try pulling it first');
    expect(missing.message).toContain('Check the model name');
  });

  it('gets 401 without a key or with a wrong one, and the reply with the right one', async () => {
    const noKey = await failure(
      new OpenAiEngine({ baseUrl: server, model: 'auth#none' }).chat(ask('x'), options()),
    );
    expect(noKey).toBeInstanceOf(ApiKeyRefusedError);
    expect(noKey.message).toContain('refused the request without an API key (HTTP 401)');
    expect((await stats('auth#none')).lastAuthorization).toBeNull();

    const wrongKey = 'sk-wrong-secret-987';
    const wrong = new OpenAiEngine({ baseUrl: server, model: 'auth#wrong', apiKey: wrongKey });
    const refused = await failure(wrong.chat(ask('x'), options()));
    expect(refused).toBeInstanceOf(ApiKeyRefusedError);
    expect(refused.message).toContain('refused the API key (HTTP 401)');
    // The server's 401 body quotes the key back; it must not reach the message.
    expect(refused.message).not.toContain(wrongKey);
    expect(JSON.stringify(wrong)).not.toContain(wrongKey);

    const right = new OpenAiEngine({ baseUrl: server, model: 'auth#right', apiKey: TEST_API_KEY });
    expect((await right.chat(ask('x'), options())).text).toBe('welcome');
    expect((await stats('auth#right')).lastAuthorization).toBe(`Bearer ${TEST_API_KEY}`);
  });

  it('explains a server that is not running', async () => {
    const dead = inject('openaiDeadUrl');
    const error = await failure(new OpenAiEngine({ baseUrl: dead, model: 'echo' }).chat(ask('x'), options()));
    expect(error).toBeInstanceOf(ServerUnreachableError);
    expect(error.message).toContain(`Could not reach ${dead}/v1/chat/completions`);
    expect(error.message).toContain("a local server must allow this page's origin (CORS)");
  });

  it('explains a server that does not allow this origin (CORS)', async () => {
    const engine = new OpenAiEngine({ baseUrl: `${server}/no-cors/v1`, model: 'echo' });
    expect(await failure(engine.chat(ask('x'), options()))).toBeInstanceOf(ServerUnreachableError);
    expect(await failure(engine.listModels())).toBeInstanceOf(ServerUnreachableError);
  });
});

describe('OpenAiEngine behind serialised()', () => {
  const prompts = ['one two three four', 'five six seven', 'eight nine ten eleven twelve'];

  it('never has two requests in flight to the server', async () => {
    const engine = serialised(new OpenAiEngine({ baseUrl: server, model: 'echo#serial' }));
    const results = await Promise.all(prompts.map((p) => engine.chat(ask(p), options())));
    expect(results.map((r) => r.text)).toEqual(prompts);
    const seen = await stats('echo#serial');
    expect(seen).toMatchObject({ requests: 3, maxActive: 1, active: 0 });
  });

  it('(control) the server does see overlap from an unwrapped engine', async () => {
    const engine = new OpenAiEngine({ baseUrl: server, model: 'echo#parallel' });
    const results = await Promise.all(prompts.map((p) => engine.chat(ask(p), options())));
    expect(results.map((r) => r.text)).toEqual(prompts);
    expect((await stats('echo#parallel')).maxActive).toBeGreaterThan(1);
  });
});
