/**
 * The CPU engine for real: wllama (llama.cpp on WebAssembly) in Chromium, on a tiny random-weight
 * llama generated at run time (no weights can be downloaded here). Its replies are gibberish; these
 * tests assert the plumbing: load, streaming, stop reasons, determinism, chat template, episodes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage, ChatOptions } from '../../src/core/engine';
import { environments } from '../../src/core/envs';
import { defaultEpisodeConfig, runEpisode } from '../../src/core/protocol';
import type { Condition, EpisodeEvent, TurnRecord } from '../../src/core/protocol';
import {
  ContextOverflowError,
  ModelDownloadError,
  ModelLoadError,
  NotGgufError,
} from '../../src/engines/errors';
import type { LoadProgress } from '../../src/engines/types';
import { loadWllamaEngine, type LoadedWllama } from '../../src/engines/wllama/loader';
import { buildTinyLlamaGguf, CHATML_TEMPLATE } from '../fixtures/gguf/tiny-llama';

const user = (content: string): ChatMessage => ({ role: 'user', content });
const greedy: ChatOptions = { temperature: 0, seed: 1, maxTokens: 16 };

function ggufBlob(options?: Parameters<typeof buildTinyLlamaGguf>[0]): Blob {
  return new Blob([buildTinyLlamaGguf(options) as BlobPart]);
}

/** ChatML by hand, to check the engine formats messages with the GGUF's template. */
function chatml(messages: ChatMessage[]): string {
  return (
    messages.map((m) => `<|im_start|>${m.role}\n${m.content}<|im_end|>\n`).join('') +
    '<|im_start|>assistant\n'
  );
}

let tiny: LoadedWllama;
const progress: LoadProgress[] = [];
let loadMs = 0;

beforeAll(async () => {
  const started = performance.now();
  tiny = await loadWllamaEngine({ file: ggufBlob() }, (p) => progress.push(p), { modelId: 'tiny-llama' });
  loadMs = performance.now() - started;
});

afterAll(async () => {
  await tiny?.unload();
});

describe('loadWllamaEngine', () => {
  it('loads the generated GGUF on the CPU, reporting progress up to ready', () => {
    expect(tiny.engine.kind).toBe('wllama');
    expect(tiny.engine.modelId).toBe('tiny-llama');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p) => p.modelId === 'tiny-llama' && p.progress >= 0 && p.progress <= 1)).toBe(
      true,
    );
    expect(progress.at(-1)?.progress).toBe(1);
    expect(tiny.info.nCtx).toBe(4096);
    expect(tiny.info.threads).toBeGreaterThanOrEqual(1);
    // Threads need SharedArrayBuffer; without isolation the loader must ask for one thread.
    if (!crossOriginIsolated) expect(tiny.info.multiThread).toBe(false);
    expect(tiny.info.chatTemplate).toBe(CHATML_TEMPLATE);
    console.info(`wllama: tiny llama loaded in ${loadMs.toFixed(0)} ms, ${tiny.info.threads} thread(s)`);
  });

  it('refuses a blob that is not a GGUF file with a clear error', async () => {
    const error = await loadWllamaEngine(
      { file: new Blob(['<html>not a model</html>']) },
      () => undefined,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotGgufError);
    expect((error as Error).message).toMatch(/not a GGUF model/);
    const tooShort = await loadWllamaEngine({ file: new Blob(['GG']) }, () => undefined).catch(
      (e: unknown) => e,
    );
    expect(tooShort).toBeInstanceOf(NotGgufError);
  });

  it('refuses a GGUF whose header claims more tensors or keys than the file can hold, before llama.cpp reads it', async () => {
    const header = (tensors: bigint, keys: bigint, size = 1024): Blob => {
      const bytes = new Uint8Array(size);
      const view = new DataView(bytes.buffer);
      bytes.set([0x47, 0x47, 0x55, 0x46]); // "GGUF"
      view.setUint32(4, 3, true);
      view.setBigUint64(8, tensors, true);
      view.setBigUint64(16, keys, true);
      return new Blob([bytes]);
    };
    for (const [tensors, keys] of [
      [2n ** 40n, 0n],
      [0n, 2n ** 40n],
      [2n ** 64n - 1n, 2n ** 64n - 1n],
    ] as const) {
      const error = await loadWllamaEngine({ file: header(tensors, keys) }, () => undefined).catch(
        (e: unknown) => e,
      );
      expect(error, `${tensors} tensors, ${keys} keys`).toBeInstanceOf(NotGgufError);
      expect((error as Error).message).toMatch(/claims .* more than 1024 bytes can hold/);
    }
    const cut = await loadWllamaEngine({ file: header(1n, 1n).slice(0, 12) }, () => undefined).catch(
      (e: unknown) => e,
    );
    expect((cut as Error).message).toMatch(/header is cut short at 12 bytes/);
  });

  it("reports llama.cpp's reason when a GGUF file is truncated", async () => {
    const bytes = buildTinyLlamaGguf().slice(0, 50_000);
    const error = await loadWllamaEngine({ file: new Blob([bytes as BlobPart]) }, () => undefined, {
      modelId: 'broken',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelLoadError);
    expect((error as Error).message).toMatch(/broken.*not within the file bounds/);
  });

  it("names the chosen file or URL when a GGUF is broken, never wllama's internal shard name", async () => {
    // The signature, version and counts are right, so llama.cpp reads it, and gives up in the metadata.
    const broken = buildTinyLlamaGguf().slice(0, 2000);
    const fromFile = await loadWllamaEngine(
      { file: new File([broken as BlobPart], 'my-model.gguf') },
      () => undefined,
    ).catch((e: unknown) => e);
    expect(fromFile).toBeInstanceOf(ModelLoadError);
    expect((fromFile as Error).message).toMatch(
      /my-model\.gguf is not a readable GGUF model \(failed to read/,
    );
    const url = 'https://example.org/models/my-model-00001-of-00002.gguf';
    const fromUrl = await loadWllamaEngine({ file: new Blob([broken as BlobPart]) }, () => undefined, {
      modelId: 'my-model',
      source: url,
    }).catch((e: unknown) => e);
    expect((fromUrl as Error).message).toContain(`${url} is not a readable GGUF model`);
    for (const error of [fromFile, fromUrl]) {
      expect((error as Error).message).not.toMatch(/models\/model-|'models\//);
    }
  });

  it('downloads from a URL, and names a failed download', async () => {
    const url = URL.createObjectURL(ggufBlob());
    const seen: LoadProgress[] = [];
    const loaded = await loadWllamaEngine({ url }, (p) => seen.push(p), { modelId: 'from-url' });
    try {
      expect(seen.some((p) => /Downloading/.test(p.text))).toBe(true);
      const a = await loaded.engine.chat([user('hello')], greedy);
      const b = await tiny.engine.chat([user('hello')], greedy);
      expect(a.text).toBe(b.text); // the same bytes make the same model
    } finally {
      await loaded.unload();
      URL.revokeObjectURL(url);
    }
    const gone = await loadWllamaEngine({ url }, () => undefined).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(ModelDownloadError);
  });
});

describe('WllamaEngine.chat', () => {
  it('streams tokens through onToken that add up to the text, and stops at maxTokens', async () => {
    const pieces: string[] = [];
    const result = await tiny.engine.chat([user('Find the path to the goal.')], {
      ...greedy,
      onToken: (t) => pieces.push(t),
    });
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join('')).toBe(result.text);
    expect(result.finishReason).toBe('length');
    expect(result.usage.completionTokens).toBe(16);
    expect(result.usage.promptTokens).toBeGreaterThan(5);
    expect(result.usage.decodeTokensPerSec).toBeGreaterThan(0);
    const short = await tiny.engine.chat([user('Find the path to the goal.')], { ...greedy, maxTokens: 3 });
    expect(short.finishReason).toBe('length');
    expect(short.usage.completionTokens).toBe(3);
    // Greedy decoding: the 3-token reply is the start of the 16-token one.
    expect(result.text.startsWith(short.text)).toBe(true);
  });

  it('is deterministic at temperature 0, and for a fixed seed when sampling', async () => {
    const messages = [user('Move from S to G.')];
    const started = performance.now();
    const first = await tiny.engine.chat(messages, greedy);
    console.info(`wllama: 16 tokens in ${(performance.now() - started).toFixed(0)} ms`);
    const second = await tiny.engine.chat(messages, greedy);
    expect(second.text).toBe(first.text);
    const sampled = { temperature: 0.9, seed: 7, maxTokens: 12 };
    const s1 = await tiny.engine.chat(messages, sampled);
    const s2 = await tiny.engine.chat(messages, sampled);
    expect(s2.text).toBe(s1.text);
    const bySeed = new Set<string>();
    for (const seed of [1, 2, 3, 4])
      bySeed.add((await tiny.engine.chat(messages, { ...sampled, seed })).text);
    expect(bySeed.size).toBeGreaterThan(1);
  });

  it("formats messages with the GGUF's chat template (ChatML)", async () => {
    const messages: ChatMessage[] = [
      { role: 'system', content: 'You solve tasks.' },
      user('Find the path.'),
      { role: 'assistant', content: 'R R D' },
      user('Try again.'),
    ];
    const viaChat = await tiny.engine.chat(messages, greedy);
    const raw = await tiny.instance.createCompletion({
      prompt: chatml(messages),
      temperature: 0,
      max_tokens: 16,
    });
    expect(viaChat.usage.promptTokens).toBe(raw.usage.prompt_tokens);
    expect(viaChat.text).toBe(raw.choices[0]?.text);
    const shorter = await tiny.engine.chat(messages.slice(0, 2), greedy);
    expect(shorter.usage.promptTokens).toBeLessThan(viaChat.usage.promptTokens!);
  });

  it('returns the text so far with finish reason abort when the signal aborts', async () => {
    const controller = new AbortController();
    const pieces: string[] = [];
    const result = await tiny.engine.chat([user('Go.')], {
      temperature: 0,
      seed: 1,
      maxTokens: 400,
      signal: controller.signal,
      onToken: (t) => {
        pieces.push(t);
        if (pieces.length === 4) controller.abort();
      },
    });
    expect(result.finishReason).toBe('abort');
    expect(result.text).toBe(pieces.join(''));
    expect(result.usage.completionTokens).toBeGreaterThanOrEqual(4);
    expect(result.usage.completionTokens).toBeLessThan(400);
    // Already aborted: nothing is generated.
    const none = await tiny.engine.chat([user('Go.')], { ...greedy, signal: controller.signal });
    expect(none).toMatchObject({ text: '', finishReason: 'abort' });
    // The model is usable afterwards.
    expect((await tiny.engine.chat([user('Go.')], greedy)).finishReason).toBe('length');
  });

  it('stops with finish reason stop at the end-of-turn token', async () => {
    const ending = await loadWllamaEngine({ file: ggufBlob({ endOfTurn: 'always' }) }, () => undefined, {
      modelId: 'tiny-llama-eot',
    });
    try {
      const result = await ending.engine.chat([user('hello')], greedy);
      expect(result.finishReason).toBe('stop');
      expect(result.text).toBe('');
      expect(result.usage.completionTokens).toBeLessThanOrEqual(1);
    } finally {
      await ending.unload();
    }
  });

  it('serves two requests at once (two slots), with the answers of one at a time', async () => {
    expect(tiny.engine.concurrency).toBe(2);
    expect(tiny.info.parallel).toBe(2);
    const a = [user('first question')];
    const b = [user('second question')];
    const [ca, cb] = await Promise.all([tiny.engine.chat(a, greedy), tiny.engine.chat(b, greedy)]);
    expect(ca.text).toBe((await tiny.engine.chat(a, greedy)).text);
    expect(cb.text).toBe((await tiny.engine.chat(b, greedy)).text);
  });

  it('names a conversation that outgrows the context window', async () => {
    const error = await tiny.engine.chat([user('x '.repeat(5000))], greedy).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContextOverflowError);
    expect((error as Error).message).toMatch(/tiny-llama's context window/);
    expect((await tiny.engine.chat([user('still here?')], greedy)).finishReason).toBe('length');
  });
});

describe('a maze episode with the tiny llama as student', () => {
  async function episode(condition: Condition): Promise<EpisodeEvent[]> {
    const config = defaultEpisodeConfig('maze', {
      condition,
      student: { kind: 'model', modelId: 'tiny-llama' },
      teacherModelId: condition.kind === 'llm-teacher' ? 'tiny-llama' : undefined,
      turnBudget: 2,
      studentSampling: { temperature: 0, seed: 1, maxTokens: 16 },
      teacherSampling: { temperature: 0, seed: 2, maxTokens: 16 },
    });
    const events: EpisodeEvent[] = [];
    for await (const e of runEpisode(config, {
      env: environments.maze!,
      studentEngine: tiny.engine,
      teacherEngine: tiny.engine,
      clock: () => Date.now(),
    })) {
      events.push(e);
    }
    return events;
  }

  function checkPlumbing(events: EpisodeEvent[]): TurnRecord[] {
    const end = events.at(-1);
    expect(end?.type).toBe('episode-end');
    const outcome = end?.type === 'episode-end' ? end.outcome : null;
    expect(['failed', 'solved']).toContain(outcome);
    const turns = events.flatMap((e) => (e.type === 'turn-end' ? [e.record] : []));
    expect(turns.length).toBe(outcome === 'failed' ? 2 : turns.length);
    for (const t of turns) {
      expect(t.studentUsage?.promptTokens).toBeGreaterThan(0);
      expect(t.studentUsage?.completionTokens).toBeGreaterThan(0);
      expect(t.studentPrompt.length).toBeGreaterThan(0);
    }
    expect(events.some((e) => e.type === 'student-token')).toBe(true);
    return turns;
  }

  it('rule teacher: two turns with usage', async () => {
    const turns = checkPlumbing(await episode({ kind: 'rule-teacher', level: 2 }));
    if (turns.length === 2) expect(turns[0]?.feedback?.source).toBe('rule-teacher');
  });

  it('self teacher: the same model critiques its attempt', async () => {
    const turns = checkPlumbing(await episode({ kind: 'self-teacher' }));
    if (turns.length === 2) {
      expect(turns[0]?.feedback?.source).toBe('self-teacher');
      expect(turns[0]?.feedback?.usage?.completionTokens).toBeGreaterThan(0);
    }
  });

  it('LLM teacher: the same engine writes feedback from privileged info', async () => {
    const events = await episode({ kind: 'llm-teacher', privileged: 'diagnosis' });
    const turns = checkPlumbing(events);
    if (turns.length === 2) {
      const feedback = turns[0]?.feedback;
      expect(feedback?.source).toBe('llm-teacher');
      expect(feedback?.prompt?.[0]?.role).toBe('system');
      expect(feedback?.usage?.promptTokens).toBeGreaterThan(0);
      expect(events.some((e) => e.type === 'feedback-token')).toBe(true);
    }
  });
});
