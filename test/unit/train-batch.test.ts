import { describe, expect, it } from 'vitest';
import { fitContext, packBatch } from '../../src/train/batch';
import { BOS, PAD, decodeBytes, encodeText } from '../../src/train/byte-tokens';
import { learningRateAt } from '../../src/train/schedule';

const example = (text: string, learnFrom: number) => {
  const bytes = encodeText(text);
  return { bytes, mask: bytes.map((_, i) => (i >= learnFrom ? 1 : 0)) };
};

describe('packBatch', () => {
  it('reads BOS then the bytes, predicts the bytes, and learns only the masked ones', () => {
    const batch = packBatch([example('ab=c', 3), example('x', 0)], 6);
    const row = (a: ArrayLike<number>, r: number) => Array.from(a).slice(r * 6, r * 6 + 6);
    const [a, b, eq, c] = [...encodeText('ab=c')];
    expect(row(batch.inputs, 0)).toEqual([BOS, a, b, eq, c, PAD]);
    expect(row(batch.targets, 0)).toEqual([a, b, eq, c, PAD, PAD]);
    expect(row(batch.mask, 0)).toEqual([0, 0, 0, 1, 0, 0]);
    expect(row(batch.inputs, 1)).toEqual([BOS, 120, PAD, PAD, PAD, PAD]);
    expect(row(batch.mask, 1)).toEqual([1, 0, 0, 0, 0, 0]);
    expect(batch).toMatchObject({ batch: 2, context: 6, truncated: 0, maskedBytes: 2 });
  });

  it('fits a sequence of exactly `context` bytes whole and counts what a longer one loses', () => {
    const whole = packBatch([example('abcd', 0)], 4);
    expect(decodeBytes(Uint8Array.from(whole.targets))).toBe('abcd');
    expect(whole.truncated).toBe(0);
    const cut = packBatch([example('abcdef', 0)], 4);
    expect(cut.truncated).toBe(2);
    expect(cut.maskedBytes).toBe(4);
  });

  it('refuses an empty batch, a mask of the wrong length and a bad context', () => {
    expect(() => packBatch([], 8)).toThrow(RangeError);
    expect(() => packBatch([{ bytes: encodeText('ab'), mask: new Uint8Array(1) }], 8)).toThrow(/mask/);
    expect(() => packBatch([example('a', 0)], 0)).toThrow(RangeError);
  });
});

describe('fitContext', () => {
  it('picks the smallest power of two from 32 that holds the longest example, capped at the context', () => {
    const of = (...lengths: number[]) => lengths.map((n) => example('x'.repeat(n), 0));
    expect(fitContext(of(3, 10), 512)).toBe(32);
    expect(fitContext(of(33), 512)).toBe(64);
    expect(fitContext(of(100, 300), 512)).toBe(512);
    expect(fitContext(of(256), 512)).toBe(256);
    expect(fitContext(of(900), 512)).toBe(512);
    expect(fitContext(of(40), 48)).toBe(48);
  });
});

describe('learningRateAt', () => {
  const schedule = { peak: 1e-3, warmupSteps: 10, totalSteps: 110, floor: 0.1 };
  it('warms up linearly, peaks, and decays along a cosine to the floor, where it stays', () => {
    expect(learningRateAt(0, schedule)).toBeCloseTo(1e-4, 10);
    expect(learningRateAt(9, schedule)).toBeCloseTo(1e-3, 10);
    expect(learningRateAt(10, schedule)).toBeCloseTo(1e-3, 10);
    expect(learningRateAt(60, schedule)).toBeCloseTo(0.55e-3, 10);
    expect(learningRateAt(110, schedule)).toBeCloseTo(1e-4, 10);
    expect(learningRateAt(500, schedule)).toBeCloseTo(1e-4, 10);
  });
});
