/**
 * WebGPU preflight: navigator.gpu → adapter → shader-f16 → limits, turned into a plain-words verdict
 * about what this device can run. Works in a page or a worker.
 */
import { errorText } from '../core/error-text';

export interface AdapterSummary {
  vendor: string;
  architecture: string;
  description: string;
  isFallbackAdapter: boolean;
}

export interface PreflightReport {
  webgpu: boolean;
  /** Why WebGPU is unusable, when it is. */
  problem: string | null;
  adapter: AdapterSummary | null;
  shaderF16: boolean;
  maxBufferSize: number;
  maxStorageBufferBindingSize: number;
  /** True for software adapters (SwiftShader): correct but far too slow for real models. */
  software: boolean;
  /** One or two sentences for people. */
  verdict: string;
}

function noGpu(problem: string): PreflightReport {
  return {
    webgpu: false,
    problem,
    adapter: null,
    shaderF16: false,
    maxBufferSize: 0,
    maxStorageBufferBindingSize: 0,
    software: false,
    verdict:
      `This browser cannot run models on the GPU: ${problem}. ` +
      'A GGUF model can still run on the CPU (wllama), and you can solve tasks yourself as the human ' +
      'student, coached by the rule-based teacher.',
  };
}

/** Probe WebGPU (pass null to describe a browser without it). Never throws: every failure becomes a report with `webgpu: false` and a reason. */
export async function runPreflight(
  gpu: GPU | null | undefined = globalThis.navigator?.gpu,
): Promise<PreflightReport> {
  if (!gpu) return noGpu('navigator.gpu is missing (WebGPU is off or unsupported in this browser)');
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (error) {
    return noGpu(`requesting a GPU adapter failed (${errorText(error)})`);
  }
  if (!adapter) return noGpu('the browser offered no GPU adapter (WebGPU may be blocked for this GPU)');
  const info = adapter.info;
  // isFallbackAdapter moved from GPUAdapter to GPUAdapterInfo; read whichever this browser has.
  const legacy = adapter as unknown as { isFallbackAdapter?: boolean };
  const isFallbackAdapter = Boolean(
    (info as unknown as { isFallbackAdapter?: boolean }).isFallbackAdapter ?? legacy.isFallbackAdapter,
  );
  const summary: AdapterSummary = {
    vendor: info.vendor,
    architecture: info.architecture,
    description: info.description,
    isFallbackAdapter,
  };
  const software = isFallbackAdapter || /swiftshader/i.test(`${info.architecture} ${info.description}`);
  const shaderF16 = adapter.features.has('shader-f16');
  const name = [info.vendor, info.architecture].filter(Boolean).join(' ') || 'unknown GPU';
  let verdict: string;
  if (software) {
    verdict =
      `WebGPU runs here on a software adapter (${name}), without a real GPU: models load but run far too ` +
      'slowly for a lesson. Run a small GGUF model on the CPU instead (wllama), play as the human student, ' +
      'or use a device with a GPU.';
  } else if (!shaderF16) {
    verdict =
      `WebGPU works on ${name}, but without 16-bit shaders (shader-f16): only the q4f32 and q0f32 ` +
      'models can run here (or a GGUF model on the CPU with wllama).';
  } else {
    verdict = `WebGPU works on ${name} with 16-bit shaders: every listed model that fits in memory can run.`;
  }
  return {
    webgpu: true,
    problem: null,
    adapter: summary,
    shaderF16,
    maxBufferSize: adapter.limits.maxBufferSize,
    maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
    software,
    verdict,
  };
}
