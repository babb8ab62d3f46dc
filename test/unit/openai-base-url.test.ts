/** How the OpenAI-compatible engine reads a base URL as the user typed it. */
import { describe, expect, it } from 'vitest';
import { resolveBaseUrl } from '../../src/engines/openai/engine';
import { InvalidBaseUrlError } from '../../src/engines/errors';

describe('resolveBaseUrl', () => {
  it.each([
    ['http://localhost:11434', 'http://localhost:11434/v1'],
    ['http://localhost:11434/', 'http://localhost:11434/v1'],
    ['http://localhost:11434/v1', 'http://localhost:11434/v1'],
    ['http://localhost:11434/v1/', 'http://localhost:11434/v1'],
    ['  http://localhost:8080/v1//  ', 'http://localhost:8080/v1'],
    ['localhost:8080', 'http://localhost:8080/v1'],
    ['127.0.0.1:8000/v1', 'http://127.0.0.1:8000/v1'],
    ['https://example.org/openai/v1', 'https://example.org/openai/v1'],
    ['https://example.org/api', 'https://example.org/api'],
    ['http://localhost:11434/v1/chat/completions', 'http://localhost:11434/v1'],
    ['http://localhost:1234/v1?x=1#frag', 'http://localhost:1234/v1'],
    ['http://user:secret@localhost:1234/v1', 'http://localhost:1234/v1'],
  ])('%s → %s', (typed, resolved) => {
    expect(resolveBaseUrl(typed)).toBe(resolved);
  });

  it.each(['', '   ', 'ftp://localhost/v1', 'http://', 'not a url at all'])('refuses %j', (typed) => {
    expect(() => resolveBaseUrl(typed)).toThrow(InvalidBaseUrlError);
  });
});
