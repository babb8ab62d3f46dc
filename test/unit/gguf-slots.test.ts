import { describe, expect, it } from 'vitest';
import { checkGgufSlots, DEFAULT_GGUF_SLOTS, MAX_GGUF_SLOTS } from '../../src/core/gguf-slots';

describe('checkGgufSlots', () => {
  it('accepts whole numbers from 1 to the maximum, the default among them', () => {
    for (let n = 1; n <= MAX_GGUF_SLOTS; n++) expect(checkGgufSlots(n)).toBe(n);
    expect(checkGgufSlots(DEFAULT_GGUF_SLOTS)).toBe(2);
  });

  it('refuses anything else, naming the range', () => {
    for (const n of [0, -1, 1.5, MAX_GGUF_SLOTS + 1, Number.NaN, Infinity]) {
      expect(() => checkGgufSlots(n)).toThrow(/1 to 8 requests at once/);
    }
  });
});
