import { describe, expect, it } from 'vitest';
import { errorText, storedErrorText } from '../../src/core/error-text';
import { ModelDownloadError } from '../../src/engines/errors';

describe('errorText', () => {
  it("gives an Error's message as is", () => {
    expect(errorText(new Error('The disk is full.'))).toBe('The disk is full.');
    const engine = new ModelDownloadError('https://example.test/m.gguf', 'offline');
    expect(errorText(engine)).toBe(engine.message);
  });

  it('gives a thrown string as is', () => {
    expect(errorText('wllama has crashed (ABORT)')).toBe('wllama has crashed (ABORT)');
  });

  it('reads the message of an error that crossed the worker boundary as a plain object', () => {
    expect(errorText({ name: 'StorageFullError', message: 'Storage is full.' })).toBe('Storage is full.');
  });

  it('writes any other value readably: an object as JSON, never "[object Object]" where JSON can', () => {
    expect(errorText({ code: 7 })).toBe('{"code":7}');
    expect(errorText(42)).toBe('42');
    expect(errorText(null)).toBe('null');
    expect(errorText(undefined)).toBe('undefined');
    expect(errorText(10n)).toBe('10');
  });

  it('falls back to String for a value JSON cannot write', () => {
    const circular: { self?: unknown } = {};
    circular.self = circular;
    expect(errorText(circular)).toBe('[object Object]');
  });
});

describe('storedErrorText', () => {
  it('says the stored data cannot be shown, why, and that it can still be deleted or exported', () => {
    expect(storedErrorText('This task', new TypeError("reading 'rows'"))).toBe(
      "This task cannot be shown: its stored data is not what this lab writes (reading 'rows'). " +
        'It stays stored: you can still delete or export it from the History page.',
    );
  });
});
