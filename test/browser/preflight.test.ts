/** The WebGPU preflight in real Chromium (SwiftShader's adapter on machines without a GPU). */
import { describe, expect, it } from 'vitest';
import { prebuiltAppConfig } from '@mlc-ai/web-llm';
import { runPreflight } from '../../src/engines/preflight';
import { buildCatalog, type ModelRecordLike } from '../../src/engines/webllm/model-catalog';

describe('WebGPU preflight', () => {
  it('reports the adapter, its features and limits in plain words', async () => {
    const report = await runPreflight();
    expect(report.webgpu).toBe(true);
    expect(report.adapter).not.toBeNull();
    expect(report.maxStorageBufferBindingSize).toBeGreaterThan(0);
    expect(report.verdict.length).toBeGreaterThan(20);
    if (report.adapter!.architecture === 'swiftshader') {
      expect(report.software).toBe(true);
      expect(report.shaderF16).toBe(false);
      expect(report.verdict).toContain('software adapter');
    }
  });

  it('offers only models that can run without shader-f16 when it is missing', async () => {
    const report = await runPreflight();
    const catalog = buildCatalog(prebuiltAppConfig.model_list as ModelRecordLike[], report);
    const fitting = catalog.filter((m) => m.fits);
    expect(fitting.length).toBeGreaterThan(0);
    if (!report.shaderF16) {
      expect(fitting.filter((m) => /f16/.test(m.id))).toEqual([]);
      expect(fitting.map((m) => m.id)).toContain('SmolLM2-360M-Instruct-q4f32_1-MLC');
    }
  });

  it('explains a browser without WebGPU', async () => {
    const report = await runPreflight(null);
    expect(report.webgpu).toBe(false);
    expect(report.verdict).toContain('human student');
    const noAdapter = await runPreflight({ requestAdapter: async () => null } as unknown as GPU);
    expect(noAdapter.problem).toContain('no GPU adapter');
  });
});
