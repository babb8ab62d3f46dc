import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng';
import { BOS, PAD, VOCAB_SIZE } from '../../src/train/byte-tokens';
import { pickByte } from '../../src/train/sample';

const logits = (entries: Record<number, number>) => {
  const out = new Float32Array(VOCAB_SIZE).fill(-10);
  for (const [id, value] of Object.entries(entries)) out[Number(id)] = value;
  return out;
};

describe('pickByte', () => {
  it('greedy: the likeliest byte, never BOS or PAD however likely they are', () => {
    const rng = createRng(1);
    expect(pickByte(logits({ 65: 3, 66: 5 }), 0, rng)).toBe(66);
    expect(pickByte(logits({ 65: 3, [BOS]: 9, [PAD]: 9 }), 0, rng)).toBe(65);
    expect(pickByte(logits({ 65: 3, [BOS]: 9 }), 1, rng)).not.toBe(BOS);
  });

  it('at a temperature, draws in proportion to softmax(logits / t), reproducibly from the seed', () => {
    const l = logits({ 97: Math.log(3), 98: 0 }); // p(a) : p(b) = 3 : 1 at t = 1, the rest ≈ 0
    const draw = (seed: number, t: number) => {
      const rng = createRng(seed);
      return Array.from({ length: 4000 }, () => pickByte(l, t, rng));
    };
    const a = draw(1, 1).filter((b) => b === 97).length / 4000;
    expect(a).toBeGreaterThan(0.71);
    expect(a).toBeLessThan(0.79);
    // Hotter flattens: at t = 2, p(a) : p(b) = √3 : 1, so a ≈ 0.63 of the two.
    const hot = draw(1, 2);
    const ratio = hot.filter((b) => b === 97).length / hot.filter((b) => b === 97 || b === 98).length;
    expect(ratio).toBeGreaterThan(0.59);
    expect(ratio).toBeLessThan(0.67);
    expect(draw(5, 1)).toEqual(draw(5, 1));
  });
});
