/** The words an episode ended by a failed write (a full disk) shows about which attempts are kept. */
import { describe, expect, it } from 'vitest';
import { savedTurnsText } from '../../src/ui/shared/outcome-text';

describe('savedTurnsText', () => {
  it('names the saved and the lost attempts', () => {
    expect(savedTurnsText(1, 2)).toBe('Saved: attempt 1. Not saved: attempt 2.');
    expect(savedTurnsText(2, 5)).toBe('Saved: attempts 1–2. Not saved: attempts 3–5.');
    expect(savedTurnsText(0, 3)).toBe('Not saved: attempts 1–3 (no turn of this episode is stored).');
  });

  it('says when everything finished is kept, or nothing was finished', () => {
    expect(savedTurnsText(3, 3)).toBe('All 3 attempts are saved.');
    expect(savedTurnsText(1, 1)).toBe('The attempt is saved.');
    expect(savedTurnsText(0, 0)).toBe('No attempt was finished, so none was saved.');
  });
});
