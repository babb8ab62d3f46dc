/**
 * wllama with the real model (SmolLM2-135M-Instruct, fetched by `npm run models` and served by the dev
 * server from .cache/): two slots decode two chats at the same time, and a conversation's later turns
 * take their prefix from the KV cache even with another conversation's call between them. A missing model
 * fails with realModel()'s message, never a skip.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ChatMessage, ChatOptions, ChatResult } from '../../src/core/engine';
import { loadWllamaEngine, type LoadedWllama } from '../../src/engines/wllama/loader';

const greedy: ChatOptions = { temperature: 0, seed: 1, maxTokens: 24 };
let model: LoadedWllama | undefined;

/** The loaded real model; throws the message that says how to get it when it is missing. */
function real(): LoadedWllama {
  if (!model) throw new Error('The real model did not load (see the first failure).');
  return model;
}

beforeAll(async () => {
  const provided = inject('realModel');
  if (provided.error !== undefined) throw new Error(provided.error);
  model = await loadWllamaEngine({ url: provided.url }, () => undefined, {
    modelId: provided.name,
    nCtx: 2048,
    parallel: 2,
  });
}, 120_000);

afterAll(async () => {
  await model?.unload();
});

interface Timed {
  result: ChatResult;
  firstTokenAt: number;
  endedAt: number;
}

async function timedChat(messages: ChatMessage[], options: ChatOptions = greedy): Promise<Timed> {
  let firstTokenAt = Infinity;
  const result = await real().engine.chat(messages, {
    ...options,
    onToken: () => (firstTokenAt = Math.min(firstTokenAt, performance.now())),
  });
  return { result, firstTokenAt, endedAt: performance.now() };
}

describe('wllama slots on the real model', () => {
  it(
    "greedy decoding (the lab's greedy preset) writes the same text whatever the seed",
    { timeout: 240_000 },
    async () => {
      const messages: ChatMessage[] = [{ role: 'user', content: 'Name three colours of the rainbow.' }];
      const a = await timedChat(messages, { ...greedy, seed: 1 });
      const b = await timedChat(messages, { ...greedy, seed: 99 });
      expect(a.result.text.length).toBeGreaterThan(0);
      expect(b.result.text).toBe(a.result.text);
    },
  );

  it('decodes two chats at once, each with a sensible answer', { timeout: 240_000 }, async () => {
    expect(real().engine.concurrency).toBe(2);
    const [capital, sum] = await Promise.all([
      timedChat([{ role: 'user', content: 'What is the capital of France? Answer in one word.' }]),
      timedChat([{ role: 'user', content: 'What is 2 + 3? Answer with the number only.' }]),
    ]);
    // Overlap: each had streamed its first token before the other one ended.
    expect(capital.firstTokenAt).toBeLessThan(sum.endedAt);
    expect(sum.firstTokenAt).toBeLessThan(capital.endedAt);
    expect(capital.result.text).toMatch(/paris/i);
    expect(sum.result.text).toMatch(/\b5\b|five/i);
    for (const { result } of [capital, sum]) {
      expect(result.finishReason).not.toBe('abort');
      expect(result.usage.completionTokens).toBeGreaterThan(0);
    }
  });

  it(
    "a conversation's turns 2 and 3 process far fewer prompt tokens than they send, with another conversation between turns",
    { timeout: 300_000 },
    async () => {
      const student: ChatMessage[] = [
        {
          role: 'system',
          content: 'You are a careful student. Put your final answer inside <answer></answer>.',
        },
        {
          role: 'user',
          content:
            'A farmer has 17 sheep. All but 9 run away. How many sheep does the farmer have left? ' +
            'Think about what "all but 9" means before you answer, then give the number.',
        },
      ];
      const usage: { promptTokens: number; completionTokens: number; cachedPromptTokens?: number }[] = [];
      for (let turn = 1; turn <= 3; turn++) {
        const { result } = await timedChat(student, { ...greedy, maxTokens: 16 });
        const { promptTokens, completionTokens, cachedPromptTokens } = result.usage;
        if (promptTokens === undefined || completionTokens === undefined) {
          throw new Error(`wllama reported no token counts: ${JSON.stringify(result.usage)}`);
        }
        usage.push({ promptTokens, completionTokens, cachedPromptTokens });
        student.push({ role: 'assistant', content: result.text });
        // A teacher's call on the same model between the student's turns must not cost the student its cache.
        await timedChat(
          [
            { role: 'system', content: 'You are a teacher. Reply with one short hint, never the answer.' },
            { role: 'user', content: `The student wrote: ${result.text}\nGive a hint.` },
          ],
          { ...greedy, maxTokens: 8 },
        );
        student.push({ role: 'user', content: 'That is not right. Read the question again and answer.' });
      }
      const processed = usage.map((u) => u.promptTokens - (u.cachedPromptTokens ?? u.promptTokens));
      console.info(
        'real wllama prompt tokens sent / processed per turn:',
        usage.map((u, i) => `${u.promptTokens}/${processed[i]}`),
      );
      expect(usage.every((u) => u.cachedPromptTokens !== undefined)).toBe(true);
      for (const turn of [1, 2]) {
        expect(usage[turn]!.promptTokens).toBeGreaterThan(usage[0]!.promptTokens);
        // The new part of a later turn is the reply before it and the feedback: a few dozen tokens.
        expect(processed[turn]!).toBeLessThan(usage[turn]!.promptTokens / 3);
        const fresh =
          usage[turn]!.promptTokens - usage[turn - 1]!.promptTokens - usage[turn - 1]!.completionTokens;
        expect(processed[turn]!).toBeLessThanOrEqual(fresh + 4);
      }
    },
  );
});
