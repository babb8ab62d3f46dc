/**
 * Which jax-js backend trains: WebGPU where the browser has a real GPU adapter, WebAssembly
 * otherwise (and always in Node, which has no WebGPU).
 */
import { defaultDevice, init } from '@jax-js/jax';

/** The two backends the trainer uses (jax-js's `cpu` is an interpreter for debugging; `webgl` lags). */
export type TrainBackend = 'webgpu' | 'wasm';

/** WebGPU was asked for by name and this browser cannot give it. */
export class WebGpuUnavailableError extends Error {
  override name = 'WebGpuUnavailableError';
  constructor() {
    super('This browser offers no WebGPU adapter: train on WebAssembly (CPU) instead.');
  }
}

/**
 * True when WebGPU offers a hardware adapter. A software one (SwiftShader, `isFallbackAdapter`) runs
 * at a fraction of a GFLOP/s, far slower than WebAssembly, so it does not count.
 */
export async function hasHardwareWebGpu(): Promise<boolean> {
  // Node 20 has no `navigator` at all; Node 21+ has one without `gpu`.
  if (typeof navigator === 'undefined' || !('gpu' in navigator) || !navigator.gpu) return false;
  try {
    const adapter = await navigator.gpu.requestAdapter();
    return adapter !== null && !adapter.info.isFallbackAdapter;
  } catch {
    return false;
  }
}

/**
 * Starts jax-js on a backend and makes it the default for new arrays. `auto`: hardware WebGPU if
 * there is one, else wasm. Arrays made before a switch stay on their device, so call this first.
 * @throws {WebGpuUnavailableError} when `webgpu` is asked for and jax-js cannot start it.
 */
export async function startBackend(preference: TrainBackend | 'auto' = 'auto'): Promise<TrainBackend> {
  const wanted: TrainBackend =
    preference === 'auto' ? ((await hasHardwareWebGpu()) ? 'webgpu' : 'wasm') : preference;
  if (wanted === 'webgpu') {
    const started = typeof navigator !== 'undefined' && 'gpu' in navigator ? await init('webgpu') : [];
    if (!started.includes('webgpu')) {
      if (preference === 'webgpu') throw new WebGpuUnavailableError();
      return startBackend('wasm');
    }
  } else {
    await init('wasm');
  }
  defaultDevice(wanted);
  return wanted;
}
