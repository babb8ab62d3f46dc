import { describe, expect, it } from 'vitest';
import { buildCatalog, needsShaderF16, type ModelRecordLike } from '../../src/engines/webllm/model-catalog';
import type { PreflightReport } from '../../src/engines/preflight';

const device = (over: Partial<PreflightReport> = {}): PreflightReport => ({
  webgpu: true,
  problem: null,
  adapter: { vendor: 'test', architecture: 'test', description: '', isFallbackAdapter: false },
  shaderF16: false,
  maxBufferSize: 2 ** 30,
  maxStorageBufferBindingSize: 2 ** 30,
  software: false,
  verdict: '',
  ...over,
});

const rec = (model_id: string, extra: Partial<ModelRecordLike> = {}): ModelRecordLike => ({
  model: `https://example.org/${model_id}`,
  model_id,
  model_lib: `https://example.org/${model_id}.wasm`,
  ...extra,
});

describe('model catalog', () => {
  it('treats q4f16 and q0f16 ids as needing shader-f16 even when the record does not declare it', () => {
    expect(needsShaderF16(rec('Qwen2.5-0.5B-Instruct-q4f16_1-MLC'))).toBe(true);
    expect(needsShaderF16(rec('SmolLM2-135M-Instruct-q0f16-MLC'))).toBe(true);
    expect(needsShaderF16(rec('X-q4f32_1-MLC', { required_features: ['shader-f16'] }))).toBe(true);
    expect(needsShaderF16(rec('SmolLM2-360M-Instruct-q4f32_1-MLC'))).toBe(false);
    expect(needsShaderF16(rec('TinyLlama-1.1B-Chat-v1.0-q4f16_1-MLC-1k'))).toBe(true);
  });

  it('refuses f16 models without shader-f16 and names the f32 variant', () => {
    const records = [rec('Qwen2.5-0.5B-Instruct-q4f16_1-MLC'), rec('Qwen2.5-0.5B-Instruct-q4f32_1-MLC')];
    const [f16, f32] = ['q4f16', 'q4f32'].map((q) =>
      buildCatalog(records, device()).find((m) => m.id.includes(q))!,
    );
    expect(f16!.fits).toBe(false);
    expect(f16!.reason).toContain('shader-f16');
    expect(f16!.reason).toContain('Qwen2.5-0.5B-Instruct-q4f32_1-MLC');
    expect(f32!.fits).toBe(true);
    expect(buildCatalog(records, device({ shaderF16: true })).every((m) => m.fits)).toBe(true);
  });

  it('refuses a model whose buffers exceed the device limit, and everything without WebGPU', () => {
    const big = rec('Big-q4f32_1-MLC', { buffer_size_required_bytes: 2 ** 31 });
    expect(buildCatalog([big], device())[0]!.reason).toMatch(/2048 MB.*1024 MB/);
    const none = buildCatalog([rec('A-q4f32_1-MLC')], device({ webgpu: false }))[0]!;
    expect(none.fits).toBe(false);
    expect(none.reason).toContain('WebGPU');
  });

  it('lists chat models only, smallest first', () => {
    const list = buildCatalog(
      [
        rec('b-q4f32_1-MLC', { vram_required_MB: 900 }),
        rec('embed-q4f32_1-MLC', { model_type: 1, vram_required_MB: 10 }),
        rec('a-q4f32_1-MLC', { vram_required_MB: 300 }),
      ],
      device(),
    );
    expect(list.map((m) => m.id)).toEqual(['a-q4f32_1-MLC', 'b-q4f32_1-MLC']);
  });
});
