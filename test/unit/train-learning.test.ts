/**
 * The trainer end to end on jax-js's WebAssembly backend in Node: a tiny model learns to reverse a
 * string (only the answer is masked in), generalises to held-out strings, trains deterministically,
 * and resumes from a checkpoint to the same losses.
 */
import { numpy as np } from '@jax-js/jax';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../../src/core/rng';
import { startBackend } from '../../src/train/backend';
import { packBatch, type Example, type HostBatch } from '../../src/train/batch';
import { BOS, PAD, VOCAB_SIZE, encodeText } from '../../src/train/byte-tokens';
import { decodeSafetensors, encodeSafetensors, SafetensorsError } from '../../src/train/safetensors';
import { pickByte } from '../../src/train/sample';
import { learningRateAt } from '../../src/train/schedule';
import { Trainer } from '../../src/train/trainer';
import { forward, type TransformerConfig } from '../../src/train/transformer';

const model: TransformerConfig = {
  vocabSize: VOCAB_SIZE,
  context: 16,
  layers: 2,
  dModel: 64,
  heads: 4,
  mlpRatio: 4,
};
const ALPHABET = 'abcdefgh';
const BATCH = 16;
const MAX_STEPS = 200;
const schedule = { peak: 3e-3, warmupSteps: 20, totalSteps: MAX_STEPS, floor: 0.1 };
/** Below this (nats per answer byte) the model reverses: chance over the alphabet is ln 8 ≈ 2.08. */
const LEARNED = 0.2;

/** Held-out strings (letter codes summing to a multiple of 7) never appear in training. */
const heldOut = (s: string) => [...s].reduce((n, c) => n + c.charCodeAt(0), 0) % 7 === 0;

function reverseItem(rng: Rng, wantHeldOut: boolean): { prompt: string; answer: string } {
  for (;;) {
    const s = Array.from({ length: 4 }, () => rng.pick([...ALPHABET])).join('');
    if (heldOut(s) === wantHeldOut) return { prompt: `${s}>`, answer: `${[...s].reverse().join('')};` };
  }
}

function toExample({ prompt, answer }: { prompt: string; answer: string }): Example {
  const bytes = encodeText(prompt + answer);
  return { bytes, mask: bytes.map((_, i) => (i >= prompt.length ? 1 : 0)) };
}

function batches(seed: number, count: number, wantHeldOut = false): HostBatch[] {
  const rng = createRng(seed);
  return Array.from({ length: count }, () =>
    packBatch(
      Array.from({ length: BATCH }, () => toExample(reverseItem(rng, wantHeldOut))),
      model.context,
    ),
  );
}

async function losses(trainer: Trainer, data: HostBatch[], firstStep = 0): Promise<number[]> {
  const out: number[] = [];
  for (const [i, batch] of data.entries()) {
    out.push((await trainer.trainOn(batch, learningRateAt(firstStep + i, schedule))).loss);
  }
  return out;
}

let trained: Trainer;
const curve: number[] = [];

beforeAll(async () => {
  await startBackend('wasm');
  trained = Trainer.create({ model, seed: 1, optimizer: { weightDecay: 0 } });
  const rng = createRng(7);
  for (let step = 0; step < MAX_STEPS; step++) {
    const batch = packBatch(
      Array.from({ length: BATCH }, () => toExample(reverseItem(rng, false))),
      model.context,
    );
    curve.push((await trained.trainOn(batch, learningRateAt(step, schedule))).loss);
    // Stop once five steps in a row are below the bar, so the test costs only what learning needs.
    if (curve.length >= 5 && curve.slice(-5).every((loss) => loss < LEARNED)) break;
  }
}, 90_000);

afterAll(() => trained?.dispose());

describe('training on a masked synthetic task', () => {
  it(`brings the answer loss from ln 258 to below ${LEARNED} within ${MAX_STEPS} steps`, () => {
    expect(curve[0]).toBeGreaterThan(5); // untrained: about ln 258 = 5.55
    expect(curve.at(-1)).toBeLessThan(LEARNED);
    expect(curve.length).toBeLessThan(MAX_STEPS);
  });

  it('generalises: low loss and exact greedy answers on held-out strings', async () => {
    const [heldOutBatch] = batches(99, 1, true);
    expect(await trained.evaluate(heldOutBatch!)).toBeLessThan(2 * LEARNED);
    const sampler = trained.sampler();
    const rng = createRng(5);
    let correct = 0;
    for (let i = 0; i < 8; i++) {
      const { prompt, answer } = reverseItem(rng, true);
      const streamed: number[] = [];
      const result = await sampler.generate(encodeText(prompt), {
        maxBytes: 8,
        temperature: 0,
        seed: 0,
        stop: [';'],
        onByte: (byte) => streamed.push(byte),
      });
      if (result.finish === 'stop' && `${result.text};` === answer) correct++;
      expect(streamed).toEqual(Array.from(result.bytes));
    }
    sampler.dispose();
    expect(correct).toBeGreaterThanOrEqual(7);
  });
});

describe('generation', () => {
  it('never streams a stop string, even a part of one that completes', async () => {
    const sampler = trained.sampler();
    const streamed: number[] = [];
    // The model answers "dcba;": with stop "a;", "a" is held back until ";" completes the stop.
    const result = await sampler.generate(encodeText('abcd>'), {
      maxBytes: 8,
      temperature: 0,
      seed: 0,
      stop: ['zz', 'a;'],
      onByte: (byte) => streamed.push(byte),
    });
    sampler.dispose();
    expect(result).toMatchObject({ text: 'dcb', finish: 'stop' });
    expect(new TextDecoder().decode(Uint8Array.from(streamed))).toBe('dcb');
  });

  it('gives the greedy bytes a full forward pass over the whole sequence would', async () => {
    const sampler = trained.sampler();
    const prompt = encodeText('hgfe>');
    const { bytes } = await sampler.generate(prompt, { maxBytes: 6, temperature: 0, seed: 0 });
    sampler.dispose();
    const tokens = [BOS, ...prompt];
    for (const byte of bytes) {
      const ids = new Int32Array(model.context).fill(PAD);
      ids.set(tokens);
      const all = await forward(
        trained.weights(),
        np.array(ids, { shape: [1, model.context], dtype: np.int32 }),
        model,
      ).data();
      const row = all.subarray((tokens.length - 1) * VOCAB_SIZE, tokens.length * VOCAB_SIZE);
      expect(pickByte(row as Float32Array, 0, createRng(0))).toBe(byte);
      tokens.push(byte);
    }
  });

  it('slides its window past the context: a long prompt and a long generation still run', async () => {
    const sampler = trained.sampler();
    const long = encodeText('abcd>dcba;'.repeat(3)); // 30 bytes, context 16
    const run = () => sampler.generate(long, { maxBytes: 40, temperature: 0.5, seed: 3 });
    const [a, b] = [await run(), await run()];
    sampler.dispose();
    expect(a.bytes.length).toBe(40);
    expect(a.finish).toBe('length');
    expect(b.bytes).toEqual(a.bytes);
  });

  it('at a temperature, follows its seed; ends at maxBytes or on abort', async () => {
    const untrained = Trainer.create({ model, seed: 4 });
    const sampler = untrained.sampler();
    const draw = (seed: number) => sampler.generate(encodeText('ab'), { maxBytes: 12, temperature: 1, seed });
    const [a, b, c] = [await draw(1), await draw(1), await draw(2)];
    expect(a.bytes).toEqual(b.bytes);
    expect(a.bytes).not.toEqual(c.bytes);
    expect(a).toMatchObject({ finish: 'length' });
    expect(a.bytes.length).toBe(12);
    const controller = new AbortController();
    const aborted = await sampler.generate(encodeText('ab'), {
      maxBytes: 50,
      temperature: 1,
      seed: 1,
      signal: controller.signal,
      onByte: () => controller.abort(),
    });
    expect(aborted.finish).toBe('abort');
    expect(aborted.bytes.length).toBe(1);
    sampler.dispose();
    untrained.dispose();
  });
});

describe('determinism and checkpoints', () => {
  const data = batches(11, 5);

  it('gives the same losses, bit for bit, for the same seed and data', async () => {
    const runs = [Trainer.create({ model, seed: 1 }), Trainer.create({ model, seed: 1 })];
    const [a, b] = [await losses(runs[0]!, data.slice(0, 3)), await losses(runs[1]!, data.slice(0, 3))];
    runs.forEach((t) => t.dispose());
    expect(a).toEqual(b);
    expect(new Set(a).size).toBe(3); // it trained: each step's loss is another
  });

  it('resumes from a checkpoint to exactly the losses of the run that never stopped', async () => {
    const straight = Trainer.create({ model, seed: 3 });
    await losses(straight, data.slice(0, 3));
    const bytes = await straight.save();
    const resumed = Trainer.fromCheckpoint(bytes);
    expect(resumed.step).toBe(3);
    expect(resumed.optimizer).toEqual(straight.optimizer);
    const [after, afterResume] = [
      await losses(straight, data.slice(3), 3),
      await losses(resumed, data.slice(3), 3),
    ];
    expect(afterResume).toEqual(after);
    // A weights-only export holds the same model: the same held-out loss, a fresh optimizer.
    const weights = Trainer.fromCheckpoint(await straight.save({ weightsOnly: true }));
    expect(await weights.evaluate(data[0]!)).toBe(await straight.evaluate(data[0]!));
    expect((await weights.save()).length).toBeGreaterThan(0);
    [straight, resumed, weights].forEach((t) => t.dispose());
  });

  it('refuses a checkpoint of another model or an ordinary safetensors file', async () => {
    const other = Trainer.create({ model: { ...model, dModel: 32 }, seed: 1 });
    const { tensors, metadata } = decodeSafetensors(await other.save());
    other.dispose();
    const rewritten = (changes: Record<string, string>) =>
      encodeSafetensors(tensors, { ...metadata, ...changes });
    // The config says 48 wide, the tensors are 32 wide.
    const wider = rewritten({ config: JSON.stringify({ ...model, dModel: 48 }) });
    expect(() => Trainer.fromCheckpoint(wider)).toThrow(/shape/);
    expect(() => Trainer.fromCheckpoint(rewritten({ format: 'someone-else' }))).toThrow(SafetensorsError);
    expect(() => Trainer.fromCheckpoint(rewritten({ version: '2' }))).toThrow(/newer/);
    expect(() =>
      Trainer.fromCheckpoint(encodeSafetensors({ ...tensors, extra: tensors.wte! }, metadata)),
    ).toThrow(/does not have: extra/);
  });
});
