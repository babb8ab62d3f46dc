import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkLeak, LEAK_OVERLAP_THRESHOLD, normalizeTokens } from '../../src/core/protocol/leak-guard';

describe('normalizeTokens', () => {
  it('lowercases, strips punctuation, maps directions and arrows, collapses whitespace', () => {
    expect(normalizeTokens('  Go RIGHT, then Down!\n\n(left)  ↑ ')).toEqual([
      'go',
      'r',
      'then',
      'd',
      'l',
      'u',
    ]);
    expect(normalizeTokens('R,R;D-L')).toEqual(['r', 'r', 'd', 'l']);
    expect(normalizeTokens('')).toEqual([]);
  });
});

describe('checkLeak: positives', () => {
  it('flags a path given verbatim, in words, or with arrows', () => {
    for (const message of [
      'Try R R D L.',
      'You should go right, right, down, left.',
      'Go → → ↓ ←',
      'The path is RRDL.',
      'moves: r-r-d-l',
    ]) {
      const result = checkLeak(message, 'R R D L');
      expect(result, message).toMatchObject({ leaked: true, overlap: 1 });
      expect(result.reason).toBeTruthy();
    }
  });

  it('flags a spaceless reference written with spaces, and one inside a longer run', () => {
    expect(checkLeak('go r r d l', 'RRDL').leaked).toBe(true);
    expect(checkLeak('Try RRDLU instead', 'RRDL').leaked).toBe(true);
  });

  it('flags a near-verbatim path with filler words or one move changed', () => {
    const reference = 'R R D D L L U R';
    const filler = checkLeak('First R and R, then D, D, then go L, L and U, finally R.', reference);
    expect(filler.leaked).toBe(true);
    const oneWrong = checkLeak('Move R R D D L L D R and you are there.', reference); // 7 of 8 in order
    expect(oneWrong.leaked).toBe(true);
    expect(oneWrong.overlap).toBeCloseTo(7 / 8);
    expect(oneWrong.reason).toMatch(/7 of .* 8 tokens/);
  });

  it('flags numbers and words of two or more characters', () => {
    expect(checkLeak('The answer is 42.', '42').leaked).toBe(true);
    expect(checkLeak('It is -42, not 40', '-42').leaked).toBe(true);
    expect(checkLeak('Person A is a Knight, B a knave and C a knight.', 'knight knave knight').leaked).toBe(
      true,
    );
    expect(checkLeak('Say yes.', 'yes').leaked).toBe(true);
  });

  it('flags a grid string given whole or mostly', () => {
    const grid = '534678912672195348198342567';
    expect(checkLeak(`Fill it as ${grid}`, grid).leaked).toBe(true);
    expect(checkLeak(`Rows: ${grid.slice(0, 24)}`, grid).leaked).toBe(true); // 24/27 ≥ 0.8
    const rows = '534678912 672195348 198342567 123456789 987654321';
    expect(checkLeak('The grid: 534678912 672195348 198342567 123456789 and more', rows).leaked).toBe(true);
  });
});

describe('checkLeak: negatives', () => {
  it('does not flag "right" used in a non-path sense', () => {
    expect(checkLeak("You're on the right track; check your second move.", 'R R D L').leaked).toBe(false);
    expect(checkLeak('That is right: the wall blocks you.', 'R D').leaked).toBe(false);
  });

  it('never flags a single-character reference (it cannot be told apart from prose)', () => {
    const result = checkLeak('Check step 7 again.', '7');
    expect(result.leaked).toBe(false);
  });

  it('does not flag a minority of the path, or the same moves scattered through a long message', () => {
    const reference = 'R R D D L L U R';
    const partial = checkLeak('Your first two moves R R were fine.', reference);
    expect(partial.leaked).toBe(false);
    expect(partial.overlap).toBeCloseTo(2 / 8);
    const scattered = checkLeak(
      'Going right was good. Think about what happens when you go down near the wall. ' +
        'A common mistake is to turn left too early, before you have checked every cell on the way. ' +
        'Then you might try going up and right again, but only after looking at the map carefully.',
      reference,
    );
    expect(scattered.leaked).toBe(false);
    expect(scattered.overlap).toBeLessThan(LEAK_OVERLAP_THRESHOLD);
  });

  it('does not flag a number that only appears inside another number, or a different row', () => {
    expect(checkLeak('Recount: 142 is too big.', '42').leaked).toBe(false);
    expect(checkLeak('Row 1 is 534678912.', '534678912 672195348 198342567').leaked).toBe(false);
  });

  it('lets a teacher quote a near-correct attempt when the attempt is given', () => {
    const reference = 'R R D D L L U R';
    const attempt = '<answer>R R D D L L D R</answer>';
    const message = 'You wrote R R D D L L D R; look again at your seventh move.';
    expect(checkLeak(message, reference).leaked).toBe(true);
    expect(checkLeak(message, reference, { attempt }).leaked).toBe(false);
    // A verbatim reference is a leak even if the attempt was close.
    expect(checkLeak('It is R R D D L L U R', reference, { attempt }).leaked).toBe(true);
  });

  it('handles empty inputs', () => {
    expect(checkLeak('', 'R R')).toEqual({ leaked: false, overlap: 0, reason: null });
    expect(checkLeak('anything', '')).toEqual({ leaked: false, overlap: 0, reason: null });
  });
});

describe('checkLeak: properties', () => {
  const move = fc.constantFrom('U', 'D', 'L', 'R');
  const path = fc.array(move, { minLength: 3, maxLength: 30 }).map((m) => m.join(' '));
  const word = fc.constantFrom('up', 'down', 'left', 'right', 'U', 'D', 'L', 'R');

  it('a path embedded anywhere in any text always leaks', () => {
    fc.assert(
      fc.property(path, fc.string(), fc.string(), (reference, before, after) => {
        expect(checkLeak(`${before} ${reference} ${after}`, reference).leaked).toBe(true);
      }),
    );
  });

  it('a path spelled out in direction words always leaks', () => {
    fc.assert(
      fc.property(fc.array(word, { minLength: 3, maxLength: 20 }), (words) => {
        const reference = words.map((w) => w[0]?.toUpperCase()).join(' ');
        expect(checkLeak(`Go ${words.join(', ')}.`, reference).leaked).toBe(true);
      }),
    );
  });

  it('overlap stays in [0, 1] and a leak always has a reason', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (message, reference) => {
        const result = checkLeak(message, reference);
        expect(result.overlap).toBeGreaterThanOrEqual(0);
        expect(result.overlap).toBeLessThanOrEqual(1);
        expect(result.leaked).toBe(result.reason !== null);
      }),
    );
  });
});
