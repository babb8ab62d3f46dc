import { describe, expect, it } from 'vitest';
import { InvalidModelRecordError } from '../../src/engines/errors';
import { resolvedModelBase, validateCustomRecord } from '../../src/engines/webllm/model-record';

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

  it('accepts an http(s) or relative model library and refuses any other scheme', () => {
    const ok = { model_id: 'tiny-q4f32_1', model: 'http://localhost/models/tiny/', model_lib: 'lib.wasm' };
    for (const lib of ['lib.wasm', '/libs/x.wasm', '../x.wasm', 'https://h.org/x.wasm']) {
      expect(validateCustomRecord({ ...ok, model_lib: lib }).model_lib).toBe(lib);
    }
    for (const lib of [
      'javascript:alert(1)',
      ' JavaScript:alert(1)',
      'data:application/wasm;base64,AA',
      'blob:x',
    ]) {
      expect(() => validateCustomRecord({ ...ok, model_lib: lib })).toThrow(InvalidModelRecordError);
      expect(() => validateCustomRecord({ ...ok, model_lib: lib })).toThrow(/http\(s\) address/);
    }
  });
});
