/**
 * A broken GGUF's error names the file the user chose, never wllama's internal shard name (issue 18,
 * point 12). The lines are llama.cpp's own, as wllama 3 logged them for broken copies of the tiny llama.
 */
import { describe, expect, it } from 'vitest';
import { loadFailure, withSourceName } from '../../src/engines/wllama/load-failure';

const TAIL = [
  'llama_model_load: error loading model: llama_model_loader: failed to load model from models/model-00001-of-00001.gguf',
  'llama_model_load_from_file_impl: failed to load model',
  "cmn  common_init_: failed to load model 'models/model-00001-of-00001.gguf'",
  "srv    load_model: failed to load model, 'models/model-00001-of-00001.gguf'",
];

describe('loadFailure', () => {
  it("gives the GGUF reader's reason with the chosen file's name when the loader's own line is generic", () => {
    const text = loadFailure(['gguf_init_from_reader: failed to read header', ...TAIL], 'my-model.gguf');
    expect(text).toBe(
      'my-model.gguf is not a readable GGUF model (failed to read header). The file is damaged or ' +
        'incomplete: download it again, or choose another file',
    );
    const garbled = loadFailure(
      [
        'read: string length 18446744073709551615 exceeds maximum 1073741824',
        'gguf_init_from_reader: failed to read key-value pairs',
        ...TAIL,
      ],
      'https://example.org/m.gguf',
    );
    expect(garbled).toMatch(
      /^https:\/\/example\.org\/m\.gguf is not a readable GGUF model \(string length .* exceeds maximum 1073741824; failed to read key-value pairs\)/,
    );
  });

  it("keeps llama.cpp's specific cause, naming the file", () => {
    const text = loadFailure(
      [
        "llama_model_load: error loading model: tensor 'token_embd.weight' data is not within the file bounds, model is corrupted or incomplete",
        ...TAIL.slice(1),
      ],
      'my-model.gguf',
    );
    expect(text).toBe(
      "tensor 'token_embd.weight' data is not within the file bounds, model is corrupted or incomplete (my-model.gguf)",
    );
  });

  it('never shows the internal file name, whatever lines come', () => {
    for (const lines of [TAIL, TAIL.slice(2), [], ['something odd about /models/mmproj.gguf']]) {
      const text = loadFailure(lines, 'my-model.gguf');
      expect(text).not.toMatch(/model-0000|models\/|mmproj/);
      expect(text).toContain('my-model.gguf');
    }
    expect(withSourceName("failed to load model 'models/model-00002-of-00003.gguf'", 'x.gguf')).toBe(
      'failed to load model x.gguf',
    );
  });
});
