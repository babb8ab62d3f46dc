/**
 * Training runs inside a dedicated Web Worker, as the lab's will: jax-js on WebAssembly in Chromium,
 * deterministic across workers, and its checkpoint resumes on the page to the worker's loss.
 */
import { describe, expect, it } from 'vitest';
import { startBackend } from '../../src/train/backend';
import { Trainer } from '../../src/train/trainer';
import { copyBatch, type TrainReply, type TrainRequest } from './train.worker';

function trainInWorker(request: TrainRequest): Promise<TrainReply> {
  const worker = new Worker(new URL('./train.worker.ts', import.meta.url), { type: 'module' });
  return new Promise<TrainReply>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<TrainReply>) => resolve(event.data);
    worker.onerror = (event) => reject(new Error(`worker failed: ${event.message}`));
    worker.postMessage(request);
  }).finally(() => worker.terminate());
}

describe('training in a Web Worker', () => {
  it('trains and samples on wasm there, the same for the same seed, and resumes on the page', async () => {
    const [first, second] = [
      await trainInWorker({ backend: 'wasm', seed: 5, steps: 12 }),
      await trainInWorker({ backend: 'wasm', seed: 5, steps: 12 }),
    ];
    expect(first.error).toBeUndefined();
    expect(first.backend).toBe('wasm');
    const losses = first.losses!;
    expect(losses).toHaveLength(12);
    expect(losses[0]).toBeGreaterThan(5);
    expect(losses.at(-1)).toBeLessThan(losses[0]! - 1);
    expect(second.losses).toEqual(losses);
    expect(first.sample).toHaveLength(8); // and it generates there, reproducibly from its seed
    expect(second.sample).toEqual(first.sample);

    // The worker's checkpoint (after 12 steps) continues on the page exactly as a 13th step there.
    await startBackend('wasm');
    const resumed = Trainer.fromCheckpoint(first.checkpoint!);
    expect(resumed.step).toBe(12);
    const worker13 = await trainInWorker({ backend: 'wasm', seed: 5, steps: 13 });
    expect((await resumed.trainOn(copyBatch(12), 3e-3)).loss).toBe(worker13.losses![12]);
    resumed.dispose();
    console.info(
      `worker wasm: step ms ${first.stepMs!.map((ms) => ms.toFixed(0)).join(' ')},` +
        ` crossOriginIsolated ${String(first.crossOriginIsolated)}`,
    );
  }, 60_000);

  it('auto picks WebGPU only on a hardware adapter, wasm over a software one', async () => {
    const adapter = await navigator.gpu?.requestAdapter();
    const expected = adapter && !adapter.info.isFallbackAdapter ? 'webgpu' : 'wasm'; // SwiftShader here: wasm
    const reply = await trainInWorker({ backend: 'auto', seed: 5, steps: 1 });
    expect(reply.error).toBeUndefined();
    expect(reply.backend).toBe(expected);
  }, 30_000);

  it('trains on WebGPU too (SwiftShader here), to the wasm losses within float error', async () => {
    const [gpu, cpu] = [
      await trainInWorker({ backend: 'webgpu', seed: 5, steps: 4 }),
      await trainInWorker({ backend: 'wasm', seed: 5, steps: 4 }),
    ];
    expect(gpu.error).toBeUndefined();
    expect(gpu.backend).toBe('webgpu');
    gpu.losses!.forEach((loss, i) => expect(loss).toBeCloseTo(cpu.losses![i]!, 3));
    console.info(`worker webgpu: step ms ${gpu.stepMs!.map((ms) => ms.toFixed(0)).join(' ')}`);
  }, 60_000);
});
