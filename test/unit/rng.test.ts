import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, createRng, hashString, itemSeed } from '../../src/core/rng';

describe('createRng', () => {
  it('is deterministic: the same seed gives the same stream, a different seed a different one', () => {
    const draw = (seed: number) => {
      const rng = createRng(seed);
      return Array.from({ length: 50 }, () => rng.next());
    };
    expect(draw(123)).toEqual(draw(123));
    expect(draw(123)).not.toEqual(draw(124));
    const a = createRng(7);
    const b = createRng(7);
    expect([a.int(0, 100), a.pick(['x', 'y', 'z']), a.shuffle([1, 2, 3, 4, 5]), a.chance(0.5)]).toEqual([
      b.int(0, 100),
      b.pick(['x', 'y', 'z']),
      b.shuffle([1, 2, 3, 4, 5]),
      b.chance(0.5),
    ]);
  });

  it('next() stays in [0, 1) and int() in its inclusive bounds, reaching both ends', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: -1000, max: 1000 }), fc.nat(20), (seed, min, span) => {
        const rng = createRng(seed);
        const seen = new Set<number>();
        let lo = 1;
        let hi = 0;
        let allIntegers = true;
        for (let i = 0; i < 400; i++) {
          const x = rng.next();
          lo = Math.min(lo, x);
          hi = Math.max(hi, x);
          const k = rng.int(min, min + span);
          allIntegers &&= Number.isInteger(k);
          seen.add(k);
        }
        expect(lo).toBeGreaterThanOrEqual(0);
        expect(hi).toBeLessThan(1);
        expect(allIntegers).toBe(true);
        expect(Math.min(...seen)).toBe(min);
        expect(Math.max(...seen)).toBe(min + span);
      }),
      { numRuns: 100 },
    );
    expect(createRng(1).int(5, 5)).toBe(5);
  });

  it('int() rejects bad bounds and pick() an empty array', () => {
    const rng = createRng(1);
    expect(() => rng.int(3, 2)).toThrow(RangeError);
    expect(() => rng.int(0.5, 2)).toThrow(RangeError);
    expect(() => rng.pick([])).toThrow(RangeError);
  });

  it('is roughly uniform: chi-square over 10,000 draws into 10 bins stays under a loose bound', () => {
    for (const seed of [0, 1, 42, 0xdeadbeef]) {
      const rng = createRng(seed);
      const bins = new Array<number>(10).fill(0);
      const n = 10_000;
      for (let i = 0; i < n; i++) bins[rng.int(0, 9)]! += 1;
      const expected = n / 10;
      const chi2 = bins.reduce((s, o) => s + (o - expected) ** 2 / expected, 0);
      // 9 degrees of freedom: p = 0.001 at 27.9; 40 leaves ample room against flakiness yet fails a biased rng.
      expect(chi2).toBeLessThan(40);
    }
  });

  it('shuffle returns a permutation and leaves its input alone', () => {
    const input = Array.from({ length: 20 }, (_, i) => i);
    const out = createRng(3).shuffle(input);
    expect(out).not.toBe(input);
    expect([...out].sort((a, b) => a - b)).toEqual(input);
    expect(input).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });
});

describe('itemSeed / canonicalJson / hashString', () => {
  const base = ['maze', 1, { rows: 7, cols: 7 }, 5, 0] as const;

  it('is stable for equal inputs and changes with each input', () => {
    const s = itemSeed(...base);
    expect(itemSeed('maze', 1, { rows: 7, cols: 7 }, 5, 0)).toBe(s);
    expect(itemSeed('sudoku', 1, { rows: 7, cols: 7 }, 5, 0)).not.toBe(s);
    expect(itemSeed('maze', 2, { rows: 7, cols: 7 }, 5, 0)).not.toBe(s);
    expect(itemSeed('maze', 1, { rows: 7, cols: 9 }, 5, 0)).not.toBe(s);
    expect(itemSeed('maze', 1, { rows: 7, cols: 7 }, 6, 0)).not.toBe(s);
    expect(itemSeed('maze', 1, { rows: 7, cols: 7 }, 5, 1)).not.toBe(s);
    expect(Number.isInteger(s) && s >= 0 && s < 2 ** 32).toBe(true);
  });

  it('does not depend on key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 0, y: 2 }], c: 'x' } })).toBe(
      canonicalJson({ a: { c: 'x', d: [1, { y: 2, z: 0 }] }, b: 1 }),
    );
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
    expect(itemSeed('maze', 1, { cols: 7, rows: 7 }, 5, 0)).toBe(itemSeed(...base));
    expect(canonicalJson({ a: undefined, b: null })).toBe('{"b":null}');
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(RangeError);
  });

  it('hashString spreads nearby inputs', () => {
    const hashes = new Set(Array.from({ length: 1000 }, (_, i) => hashString(`item-${i}`)));
    expect(hashes.size).toBe(1000);
    expect(hashString('a')).not.toBe(hashString('b'));
  });
});
