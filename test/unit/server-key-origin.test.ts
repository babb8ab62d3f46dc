/**
 * An API key belongs to the origin it was entered for (issue 18, point 9): editing only the server
 * form's address never sends the key to the new server.
 */
import { describe, expect, it } from 'vitest';
import { bindKey, keyAfterUrlChange, serverOrigin } from '../../src/core/server-url';
import { ServerFormState } from '../../src/state/server-form.svelte';
import { OpenAiEngine } from '../../src/engines/openai/engine';
import { ApiKeyOriginError, RedirectRefusedError } from '../../src/engines/errors';

describe('the key-origin rule', () => {
  it('reads an origin the way the engine reads the address', () => {
    expect(serverOrigin('localhost:8080/v1')).toBe('http://localhost:8080');
    expect(serverOrigin(' https://Example.org:443/api ')).toBe('https://example.org');
    expect(serverOrigin('ftp://example.org')).toBeUndefined();
    expect(serverOrigin('http://')).toBeUndefined();
  });

  it('keeps the key while the address stays on its origin', () => {
    const bound = bindKey('sk-1', 'http://127.0.0.1:8080/v1');
    expect(bound.origin).toBe('http://127.0.0.1:8080');
    for (const url of ['http://127.0.0.1:8080/api/v1', '127.0.0.1:8080', 'http://127.0.0.1:8080/v1?x']) {
      expect(keyAfterUrlChange(bound, url)).toEqual({ ...bound, cleared: false });
    }
  });

  it('drops the key as soon as the address points to another origin', () => {
    const bound = bindKey('sk-1', 'http://127.0.0.1:8080/v1');
    for (const url of [
      'http://localhost:8080/v1', // another host, though the same machine
      'http://127.0.0.1:8081/v1', // another port
      'https://127.0.0.1:8080/v1', // another scheme
      'http://127.0.0.1:8080.evil.example/v1',
      'http://', // half typed: not an origin at all
      '',
    ]) {
      expect(keyAfterUrlChange(bound, url)).toEqual({ key: '', origin: undefined, cleared: true });
    }
  });

  it('has nothing to drop without a key, and a key typed beside no address belongs nowhere', () => {
    expect(keyAfterUrlChange(bindKey('', 'http://a:1'), 'http://b:2').cleared).toBe(false);
    const homeless = bindKey('sk-1', 'not a url');
    expect(homeless.origin).toBeUndefined();
    expect(keyAfterUrlChange(homeless, 'not a url either').cleared).toBe(true);
  });
});

describe('ServerFormState', () => {
  it('clears the key with a note when the address moves to another origin, and sends its origin', () => {
    const form = new ServerFormState();
    form.baseUrl = 'http://127.0.0.1:8080/v1';
    form.model = ' auth ';
    form.apiKey = 'sk-secret';
    expect(form.options()).toEqual({
      baseUrl: 'http://127.0.0.1:8080/v1',
      model: 'auth',
      apiKey: 'sk-secret',
      apiKeyOrigin: 'http://127.0.0.1:8080',
      concurrency: 4,
    });
    form.baseUrl = 'http://127.0.0.1:8080/api/v1';
    expect(form.apiKey).toBe('sk-secret');
    expect(form.keyNote).toBeNull();

    form.baseUrl = 'http://localhost:8080/v1';
    expect(form.apiKey).toBe('');
    expect(form.keyOrigin).toBeUndefined();
    expect(form.keyNote).toMatch(/cleared.*http:\/\/127\.0\.0\.1:8080.*not for http:\/\/localhost:8080/);
    expect(form.options()).not.toHaveProperty('apiKey');
    expect(JSON.stringify(form.options())).not.toContain('sk-secret');

    // Back to the first origin: the key does not come back by itself.
    form.baseUrl = 'http://127.0.0.1:8080/v1';
    expect(form.apiKey).toBe('');
    form.apiKey = 'sk-other';
    expect(form.keyNote).toBeNull();
    expect(form.options().apiKeyOrigin).toBe('http://127.0.0.1:8080');
  });

  it('never offers a key typed beside an invalid address to any origin', () => {
    const form = new ServerFormState();
    form.baseUrl = 'http://';
    form.apiKey = 'sk-secret';
    expect(form.options().apiKeyOrigin).toBe('');
    expect(() => new OpenAiEngine({ ...form.options(), baseUrl: 'http://127.0.0.1:1/v1' })).toThrow(
      ApiKeyOriginError,
    );
  });
});

describe('OpenAiEngine and the key origin', () => {
  /** A fetch that records what it was asked and answers with `reply`. */
  function recordingFetch(reply: () => Response) {
    const calls: { url: string; init: RequestInit | undefined }[] = [];
    const fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
      calls.push({ url: String(input), init });
      return Promise.resolve(reply());
    }) as typeof globalThis.fetch;
    return { calls, fetch };
  }

  it('refuses a key for another origin before anything is sent, and the message never holds the key', () => {
    const { calls, fetch } = recordingFetch(() => new Response('{}'));
    let thrown: unknown;
    try {
      new OpenAiEngine({
        baseUrl: 'http://localhost:8080/v1',
        model: 'm',
        apiKey: 'sk-secret',
        apiKeyOrigin: 'http://127.0.0.1:8080',
        fetch,
      });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ApiKeyOriginError);
    expect((thrown as Error).message).toMatch(/entered for http:\/\/127\.0\.0\.1:8080.*localhost:8080/);
    expect((thrown as Error).message).not.toContain('sk-secret');
    expect(calls).toEqual([]);
  });

  it('sends the key to its own origin without following redirects, and refuses a redirect clearly', async () => {
    const redirect = () =>
      new Response(null, { status: 307, headers: { Location: 'http://localhost:8080/v1/models' } });
    const { calls, fetch } = recordingFetch(redirect);
    const engine = new OpenAiEngine({
      baseUrl: 'http://127.0.0.1:8080/v1',
      model: 'm',
      apiKey: 'sk-secret',
      apiKeyOrigin: 'http://127.0.0.1:8080',
      fetch,
    });
    await expect(engine.listModels()).rejects.toBeInstanceOf(RedirectRefusedError);
    await expect(
      engine.chat([{ role: 'user', content: 'hi' }], { temperature: 0, seed: 1, maxTokens: 8 }),
    ).rejects.toThrow(/redirect.*base URL/);
    expect(calls.map((c) => c.init?.redirect)).toEqual(['manual', 'manual']);
    expect(calls.map((c) => (c.init?.headers as Record<string, string>).Authorization)).toEqual([
      'Bearer sk-secret',
      'Bearer sk-secret',
    ]);
  });

  it('follows redirects as usual when no key is sent', async () => {
    const { calls, fetch } = recordingFetch(() => Response.json({ data: [{ id: 'm' }] }));
    const engine = new OpenAiEngine({ baseUrl: 'http://127.0.0.1:8080/v1', model: 'm', fetch });
    expect(await engine.listModels()).toEqual(['m']);
    expect(calls[0]?.init?.redirect).toBeUndefined();
    expect(calls[0]?.init?.headers).not.toHaveProperty('Authorization');
  });
});

describe('the server form offers the last server again', () => {
  const saved = { baseUrl: 'http://127.0.0.1:8080/v1', model: 'smollm2', concurrency: 3 };

  it('fills an untouched form with the saved address, model and requests at once, and no key', () => {
    const form = new ServerFormState();
    form.restore(saved);
    expect(form.options()).toEqual({ ...saved });
    expect(form.apiKey).toBe('');
  });

  it('leaves a form the person has typed in as it is', () => {
    const typedModel = new ServerFormState();
    typedModel.model = 'qwen';
    typedModel.restore(saved);
    expect(typedModel.options().model).toBe('qwen');
    expect(typedModel.baseUrl).toBe('http://localhost:11434/v1');
    const typedUrl = new ServerFormState();
    typedUrl.baseUrl = 'http://10.0.0.2:8000/v1';
    typedUrl.restore(saved);
    expect(typedUrl.baseUrl).toBe('http://10.0.0.2:8000/v1');
    expect(typedUrl.model).toBe('');
  });
});
