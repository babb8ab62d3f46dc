import { describe, expect, it } from 'vitest';
import { spellOutClaims } from '../../src/core/envs/knights/claims';
import {
  digitsInOrder,
  directionMoves,
  normalizeTokens,
  spellOutArithmetic,
  spellOutNumbers,
  workedExpressions,
  workedSteps,
} from '../../src/core/protocol/leak-normalise';

describe('the leak guard normalisation', () => {
  it('writes spelled numbers in digits, and spelled digits one by one', () => {
    expect(spellOutNumbers('six hundred and forty-three')).toBe('643');
    expect(spellOutNumbers('Forty two, twelve, a hundred, one thousand two hundred')).toBe(
      '42, 12, 100, 1200',
    );
    expect(spellOutNumbers('six four three')).toBe('6 4 3');
    expect(spellOutNumbers('twenty twenty and seven')).toBe('20 20 and 7');
    expect(spellOutNumbers('a knight, the constructor, toString')).toBe(
      'a knight, the constructor, toString',
    );
    expect(spellOutArithmetic('nine times four plus three')).toBe('9 * 4 + 3');
  });

  it('expands run lengths, but not a count of the list that follows', () => {
    expect(normalizeTokens('right twice, 3 steps down, L×3, up 2 times')).toEqual([
      'r',
      'r',
      'd',
      'd',
      'd',
      'l',
      'l',
      'l',
      'u',
      'u',
    ]);
    expect(normalizeTokens('your first two moves R R')).toEqual(['your', 'first', '2', 'moves', 'r', 'r']);
    expect(directionMoves('Go left five times, then down twice.')).toBe('L L L L L D D');
    expect(directionMoves("You're on the right track")).toBeNull();
  });

  it('drops digits that label a row, step or disk, never spelled ones', () => {
    expect(normalizeTokens('Row 2: 1342, disk 1 B to A')).toEqual(['row', '1342', 'disk', 'b', 'to', 'a']);
    expect(normalizeTokens('row four two')).toEqual(['row', '4', '2']);
  });

  it('builds the expression of worked steps', () => {
    expect(workedSteps('Multiply 9 by 4 to get 36, then add 3.')).toBe('(9 * 4) + 3');
    expect(workedSteps('Think 9 × 4 = 36, and 36 + 3 = 39.')).toBe('(9 × 4) + 3');
    expect(workedSteps('Check 70 × 9 again.')).toBeNull();
  });

  it('writes quantified and verbal knights claims as labels', () => {
    const names = ['A', 'B', 'C'];
    expect(spellOutClaims('Only B lies.', names)).toBe('A: knight, B: knave, C: knight.');
    expect(spellOutClaims('Everyone except B is a knight.', names)).toBe('A: knight, B: knave, C: knight.');
    expect(spellOutClaims('There are no liars here', names)).toBe('A: knight, B: knight, C: knight here');
    expect(spellOutClaims('A tells the truth', names)).toBe('A: knight');
    expect(spellOutClaims('Not everyone is a knight.', names)).toBe('Not everyone is a knight.');
    expect(spellOutClaims('Knights always tell the truth.', names)).toBe('Knights always tell the truth.');
  });

  it('reads chains of steps: results first, bullets, arrows, a starting number and later definitions', () => {
    expect(workedExpressions('93 = 100 - 7. And 7 = 8 - 1.')).toContain('100 - (8 - 1)');
    expect(workedExpressions('Take a hundred, subtract eight, then add one.')).toContain('((100) - 8) + 1');
    expect(workedExpressions("Let's build it:\n- start from 100\n- minus 10 → 90\n- plus 2 → 92")).toContain(
      '((100) - 10) + 2',
    );
    expect(workedExpressions('100 − 10 = 90, then 90 + 2 = 92')).toContain('(100 - 10) + 2');
    // One step, or none, builds nothing.
    expect(workedExpressions('Start with 100 - 8 = 92.')).toEqual([]);
    expect(workedExpressions('Take 100 and think.')).toEqual([]);
  });

  it('reads the digits a message gives in order, labels aside, and a grid given by columns', () => {
    expect(digitsInOrder('Row 1 should read 1, 3, 4, 2. The second row is 4 2 3 1.')).toBe('13424231');
    expect(digitsInOrder('column 1 is 1,2; column 2 is 3,4', true)).toBe('1324');
    // Mixed lengths are prose, not a grid: "your 14 is off by 3".
    expect(digitsInOrder('Your 14 is off by 3, and 12 by 5.')).toBeNull();
    expect(digitsInOrder('Try 1 and 2.')).toBeNull();
    expect(digitsInOrder('1 2 3', true)).toBeNull();
  });
});
