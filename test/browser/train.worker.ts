/// <reference lib="webworker" />
/**
 * A dedicated worker for test/browser/train-worker.test.ts: trains a tiny byte model on a masked
 * copy task with jax-js on the backend asked for, and posts back what it measured and a checkpoint.
 */
import { startBackend, type TrainBackend } from '../../src/train/backend';
import { packBatch } from '../../src/train/batch';
import { VOCAB_SIZE, encodeText } from '../../src/train/byte-tokens';
import { Trainer } from '../../src/train/trainer';
import { createRng } from '../../src/core/rng';

export interface TrainRequest {
  backend: TrainBackend | 'auto';
  seed: number;
  steps: number;
}

export interface TrainReply {
  backend?: TrainBackend;
  losses?: number[];
  /** Wall-clock milliseconds of each step, the first (compiling) one included. */
  stepMs?: number[];
  checkpoint?: Uint8Array;
  /** Eight bytes the trained model generated (at temperature 0.7, seed 1) after "abc>". */
  sample?: number[];
  crossOriginIsolated?: boolean;
  error?: string;
}

/** The model every request trains: small enough for SwiftShader's WebGPU too. */
export const WORKER_MODEL = {
  vocabSize: VOCAB_SIZE,
  context: 16,
  layers: 1,
  dModel: 32,
  heads: 2,
  mlpRatio: 2,
};

/** Batch `step` of the copy task "abc>abc;", the same for every request. */
export function copyBatch(step: number) {
  const rng = createRng(1000 + step);
  const examples = Array.from({ length: 8 }, () => {
    const s = Array.from({ length: 3 }, () => rng.pick([...'abcdef'])).join('');
    const bytes = encodeText(`${s}>${s};`);
    return { bytes, mask: bytes.map((_, i) => (i > s.length ? 1 : 0)) };
  });
  return packBatch(examples, WORKER_MODEL.context);
}

onmessage = async (event: MessageEvent<TrainRequest>) => {
  const { backend, seed, steps } = event.data;
  try {
    const started = await startBackend(backend);
    const trainer = Trainer.create({ model: WORKER_MODEL, seed });
    const losses: number[] = [];
    const stepMs: number[] = [];
    for (let step = 0; step < steps; step++) {
      const t0 = performance.now();
      losses.push((await trainer.trainOn(copyBatch(step), 3e-3)).loss);
      stepMs.push(performance.now() - t0);
    }
    const checkpoint = await trainer.save();
    const sampler = trainer.sampler();
    const generated = await sampler.generate(encodeText('abc>'), { maxBytes: 8, temperature: 0.7, seed: 1 });
    sampler.dispose();
    trainer.dispose();
    const sample = Array.from(generated.bytes);
    const reply: TrainReply = { backend: started, losses, stepMs, checkpoint, sample, crossOriginIsolated };
    postMessage(reply, [checkpoint.buffer]);
  } catch (error) {
    postMessage({
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    } satisfies TrainReply);
  }
};
