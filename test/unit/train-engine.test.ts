/**
 * The "trained in this browser" engine (src/engines/trained/): a model trained here, saved as a
 * checkpoint and loaded back as an engine, plays a whole episode as a student: each reply formatted
 * with the tiny model's chat template, streamed piece by piece, cut at the byte budget or the end
 * mark, and refused with ContextOverflowError (a failed episode, not an error) when the conversation
 * no longer fits its context.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDataset, renderPrompt, renderTraining } from '../../src/core/didactic';
import { environments } from '../../src/core/envs';
import { defaultEpisodeConfig, runEpisode, type EpisodeEvent } from '../../src/core/protocol';
import { ContextOverflowError } from '../../src/engines/errors';
import { TrainedEngine } from '../../src/engines/trained/engine';
import { startBackend } from '../../src/train/backend';
import { packBatch } from '../../src/train/batch';
import { encodeText } from '../../src/train/byte-tokens';
import { Trainer } from '../../src/train/trainer';
import type { TransformerConfig } from '../../src/train/transformer';

const MODEL: TransformerConfig = {
  vocabSize: 258,
  context: 256,
  layers: 1,
  dModel: 32,
  heads: 2,
  mlpRatio: 2,
};
let checkpoint: Uint8Array;

beforeAll(async () => {
  await startBackend('wasm');
  // A few steps on didactic arithmetic: enough that the weights are a trained model's, not the seed's.
  const data = buildDataset({
    kind: 'didactic',
    envs: ['arithmetic'],
    preset: 'starter',
    levels: [1, 2, 3],
    seed: 3,
    budget: 20_000,
    maxBytes: 256,
  } as never);
  const examples = data.examples.map((e) => renderTraining(e.messages, e.trained));
  const trainer = Trainer.create({ model: MODEL, seed: 5 });
  const losses: number[] = [];
  for (let step = 0; step < 6; step++) {
    const batch = packBatch(examples.slice(step * 4, step * 4 + 4), MODEL.context);
    losses.push((await trainer.trainOn(batch, 3e-3)).loss);
  }
  expect(losses.at(-1)!).toBeLessThan(losses[0]!);
  checkpoint = await trainer.save({ weightsOnly: true });
  trainer.dispose();
}, 120_000);

describe('the trained engine', () => {
  it('plays a whole rule-teacher episode as the student, streaming each reply', async () => {
    const engine = TrainedEngine.fromCheckpoint('trained: test', checkpoint);
    try {
      const env = environments.arithmetic!;
      const config = defaultEpisodeConfig('arithmetic', {
        preset: 'starter',
        params: env.presets.starter,
        condition: { kind: 'rule-teacher', level: 2 },
        student: { kind: 'model', modelId: engine.modelId },
        turnBudget: 2,
        studentSampling: { temperature: 0.8, seed: 4, maxTokens: 24 },
      });
      let now = 0;
      const events: EpisodeEvent[] = [];
      for await (const e of runEpisode(config, { env, clock: () => ++now, studentEngine: engine }))
        events.push(e);
      const end = events.at(-1)!;
      expect(end.type).toBe('episode-end');
      const attempts = events.filter((e) => e.type === 'attempt');
      expect(attempts.length).toBeGreaterThanOrEqual(1);
      // What streamed is what each attempt says, and no reply outran its budget.
      const streamed = events
        .filter((e) => e.type === 'student-token')
        .map((e) => (e as { delta: string }).delta)
        .join('');
      const texts = attempts.map((e) => (e as { text: string }).text);
      expect(streamed).toBe(texts.join(''));
      const reasons = attempts.map((e) => (e as { finishReason: string }).finishReason);
      for (const reason of reasons) expect(['stop', 'length']).toContain(reason);
      // A reply of 24 bytes at most (a byte the model writes that is no UTF-8 shows as U+FFFD).
      for (const text of texts) expect(text.replace(/\uFFFD/g, '?').length).toBeLessThanOrEqual(24);
    } finally {
      engine.dispose();
    }
  }, 120_000);

  it('replies the same to the same seed, and counts bytes as tokens', async () => {
    const engine = TrainedEngine.fromCheckpoint('trained: test', checkpoint);
    try {
      const messages = [{ role: 'user' as const, content: 'Compute 2 + 3.' }];
      const options = { temperature: 1, seed: 9, maxTokens: 16 };
      const [a, b] = [await engine.chat(messages, options), await engine.chat(messages, options)];
      expect(a).toEqual(b);
      expect(a.usage.promptTokens).toBe(encodeText(renderPrompt(messages)).length + 1);
      expect(a.usage.completionTokens).toBeGreaterThanOrEqual(a.text.replace(/\uFFFD/g, '?').length);
      expect(a.usage.completionTokens).toBeLessThanOrEqual(16);
      expect(['stop', 'length']).toContain(a.finishReason);
    } finally {
      engine.dispose();
    }
  }, 60_000);

  it('a conversation past its context is a ContextOverflowError, not a cut prompt', async () => {
    const engine = TrainedEngine.fromCheckpoint('trained: test', checkpoint);
    try {
      const long = [{ role: 'user' as const, content: 'Compute 1 + 1. '.repeat(40) }];
      await expect(engine.chat(long, { temperature: 0, seed: 1, maxTokens: 8 })).rejects.toBeInstanceOf(
        ContextOverflowError,
      );
    } finally {
      engine.dispose();
    }
  }, 60_000);
});
