import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wilson } from '../../src/core/metrics';

describe('wilson', () => {
  it('matches published 95% Wilson intervals', () => {
    // 8/10: centre = (0.8 + 1.96²/20) / (1 + 1.96²/10) = 0.99208 / 1.38416 = 0.71674;
    // half = (1.96 / 1.38416) · √(0.8·0.2/10 + 1.96²/400) = 1.41602 · 0.16001 = 0.22658 → [0.4902, 0.9433].
    const eight = wilson(8, 10);
    expect(eight.p).toBe(0.8);
    expect(eight.low).toBeCloseTo(0.4902, 4);
    expect(eight.high).toBeCloseTo(0.9433, 4);
    // 0/10: centre = 0.19208 / 1.38416 = 0.13877, half = 1.41602 · √(0.009604) = 0.13877 → [0, 0.2775].
    expect(wilson(0, 10)).toEqual({ p: 0, low: 0, high: expect.closeTo(0.2775, 4) });
    // 10/10 mirrors 0/10: [1 − 0.2775, 1].
    expect(wilson(10, 10)).toEqual({ p: 1, low: expect.closeTo(0.7225, 4), high: 1 });
    // 5/10: centre 0.5, half = 1.41602 · √(0.025 + 0.009604) = 0.26341 → [0.2366, 0.7634].
    const five = wilson(5, 10);
    expect(five.low).toBeCloseTo(0.2366, 4);
    expect(five.high).toBeCloseTo(0.7634, 4);
  });

  it('has no estimate for n = 0: p, low and high are null', () => {
    expect(wilson(0, 0)).toEqual({ p: null, low: null, high: null });
  });

  it('rejects impossible counts and a non-positive z', () => {
    expect(() => wilson(11, 10)).toThrow(RangeError);
    expect(() => wilson(-1, 10)).toThrow(RangeError);
    expect(() => wilson(1.5, 10)).toThrow(RangeError);
    expect(() => wilson(1, 10, 0)).toThrow(RangeError);
    expect(() => wilson(1, 10, Number.NaN)).toThrow(RangeError);
  });

  it('keeps 0 ≤ low ≤ p ≤ high ≤ 1, mirrors s ↔ n − s, and widens with z', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, f) => {
        const s = Math.round(f * n);
        const w = wilson(s, n);
        const m = wilson(n - s, n);
        const wide = wilson(s, n, 2.576);
        if (w.p === null || m.p === null || wide.p === null) return false;
        return (
          w.low >= 0 &&
          w.low <= w.p &&
          w.p <= w.high &&
          w.high <= 1 &&
          Math.abs(w.low - (1 - m.high)) < 1e-12 &&
          wide.low <= w.low + 1e-12 &&
          wide.high >= w.high - 1e-12
        );
      }),
    );
  });
});
