import { describe, expect, it } from 'vitest';
import { presentRequested, withPresent } from '../../src/state/presenter-url';

describe('presenter mode in the URL', () => {
  it('is asked for by ?present, and not by ?present=0 or its absence', () => {
    expect(presentRequested('?present')).toBe(true);
    expect(presentRequested('?x=1&present=1')).toBe(true);
    expect(presentRequested('?present=0')).toBe(false);
    expect(presentRequested('')).toBe(false);
  });
  it('is written in and out keeping the other parameters', () => {
    expect(withPresent('', true)).toBe('?present');
    expect(withPresent('?x=1', true)).toBe('?present&x=1');
    expect(withPresent('?present&x=1', false)).toBe('?x=1');
    expect(withPresent('?present', false)).toBe('');
  });
});
