/**
 * Answers in a code of the message's own (leak-legend.ts): legend keys, values listed against names,
 * a number given by its places; and the guard reading them as the answer on a real task.
 */
import { describe, expect, it } from 'vitest';
import { environments } from '../../src/core/envs';
import type { Environment } from '../../src/core/envs/types';
import { placeValueNumber, respectively, withLegend } from '../../src/core/protocol/leak-legend';
import { guardTeacherMessage } from '../../src/core/protocol/leak-reading';

describe('coded answers', () => {
  it('replaces the keys a legend defines, outside the legend', () => {
    expect(withLegend('A ✅  B ❌  C ✅  (✅ = knight, ❌ = knave)')).toMatch(/^A knight B knave C knight\b/);
    expect(withLegend('A K, B N (K = knight, N = knave)')).toMatch(/^A knight , B knave\b/);
    expect(withLegend('A is honest (✅ = knight)')).toBeNull(); // one key is no code
  });

  it('pairs values with the names they are listed for', () => {
    expect(respectively('K, N, K for A, B, C')).toBe('A K, B N, C K');
    expect(respectively('knight, knave and knight to A, B and C respectively')).toBe(
      'A knight, B knave, C knight',
    );
    expect(respectively('knight, knave for A, B, C')).toBeNull(); // counts differ
  });

  it('reads a number given by its places, only when every place is given', () => {
    expect(placeValueNumber('The hundreds digit is 1. The tens digit is 4. And the last digit is 3.')).toBe(
      '143',
    );
    expect(placeValueNumber('The tens digit is 4 and the units digit is 2.')).toBe('42');
    expect(placeValueNumber('The hundreds digit is 1 and the units digit is 3.')).toBeNull();
    expect(placeValueNumber('Check the tens digit.')).toBeNull();
  });

  it('the guard reads a knights answer in a legend, and an arithmetic one by its places', () => {
    const knights = environments.knights as Environment;
    const task = knights.generate(knights.presets.starter, 5, 0);
    const roles = [...task.solution.matchAll(/([A-Z]):\s*(knight|knave)/g)];
    expect(roles.length).toBeGreaterThan(1);
    const coded = `${roles.map(([, p, r]) => `${p} ${r === 'knight' ? '✅' : '❌'}`).join('  ')} (✅ = knight, ❌ = knave)`;
    expect(guardTeacherMessage(knights, task, coded).leaked).toBe(true);
    const flipped = `${roles.map(([, p, r]) => `${p} ${r === 'knight' ? '❌' : '✅'}`).join('  ')} (✅ = knight, ❌ = knave)`;
    expect(guardTeacherMessage(knights, task, flipped).leaked).toBe(false);

    const arithmetic = environments.arithmetic as Environment;
    const sum = arithmetic.generate(arithmetic.presets.easy, 9, 2);
    const digits = [...sum.solution.replace(/\D/g, '')];
    const places = ['units', 'tens', 'hundreds', 'thousands'].slice(0, digits.length).reverse();
    const byPlace = places.map((p, i) => `The ${p} digit is ${digits[i]}.`).join(' ');
    if (digits.length >= 2) expect(guardTeacherMessage(arithmetic, sum, byPlace).leaked).toBe(true);
  });
});

describe('coded readings on hostile text', () => {
  it('stay linear: a long run of "and"-joined words is read at once', () => {
    // A nested (\p{L}+(,|and))+ pattern took 2 s at 22 repetitions and doubled with each one more.
    const text = `${'candy and '.repeat(2_000)}x`;
    expect(respectively(text)).toBeNull();
    expect(withLegend(text)).toBeNull();
    expect(placeValueNumber(text)).toBeNull();
  }, 10_000);
});
