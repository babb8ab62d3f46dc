import { describe, expect, it } from 'vitest';
import { InvalidModelRecordError } from '../../src/engines/errors';
import { resolvedModelBase, validateCustomRecord } from '../../src/engines/model-record';

describe('custom model records', () => {
  it('resolves the base URL as web-llm does', () => {
    expect(resolvedModelBase('https://h.org/m/x')).toBe('https://h.org/m/x/resolve/main/');
    expect(resolvedModelBase('https://h.org/m/x/')).toBe('https://h.org/m/x/resolve/main/');
    expect(resolvedModelBase('https://h.org/m/x/resolve/v2/')).toBe('https://h.org/m/x/resolve/v2/');
    expect(resolvedModelBase('https://h.org/m/x/resolve/main')).toBe('https://h.org/m/x/resolve/main/');
  });

  it('refuses a relative model URL with a message that shows an absolute one', () => {
    const bad = { model_id: 'tiny', model: '/models/tiny/', model_lib: 'lib.wasm' };
    expect(() => validateCustomRecord(bad)).toThrow(InvalidModelRecordError);
    expect(() => validateCustomRecord(bad)).toThrow(/not absolute.*\/models\/tiny\/resolve\/main\//);
  });

  it('refuses other bad fields and accepts a good record', () => {
    const ok = { model_id: 'tiny-q4f32_1', model: 'http://localhost/models/tiny/', model_lib: 'lib.wasm' };
    expect(validateCustomRecord(ok).model).toBe('http://localhost/models/tiny/');
    expect(() => validateCustomRecord({ ...ok, model_id: 'has space' })).toThrow(/not valid/);
    expect(() => validateCustomRecord({ ...ok, model: 'ftp://x/y' })).toThrow(/http or https/);
    expect(() => validateCustomRecord({ ...ok, model_lib: '' })).toThrow(/model_lib/);
  });
});
