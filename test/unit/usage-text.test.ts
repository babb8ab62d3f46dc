/** The replay's prompt usage words: tokens sent, and the cached / processed split where it is known. */
import { describe, expect, it } from 'vitest';
import { promptUsageText } from '../../src/ui/history/usage-text';

describe('promptUsageText', () => {
  it('splits the prompt into cached and processed tokens where the engine said', () => {
    expect(promptUsageText({ promptTokens: 412, completionTokens: 9, cachedPromptTokens: 388 })).toBe(
      'prompt 412 tokens: 388 cached, 24 processed',
    );
    expect(promptUsageText({ promptTokens: 40, completionTokens: 9, cachedPromptTokens: 0 })).toBe(
      'prompt 40 tokens: 0 cached, 40 processed',
    );
  });

  it('gives the tokens sent alone when the engine does not report its cache', () => {
    expect(promptUsageText({ promptTokens: 40, completionTokens: 9 })).toBe('prompt 40 tokens');
  });
});
