/// <reference lib="webworker" />
/**
 * The worker of `train-throughput.bench-browser.ts`: trains the asked model preset for a few steps
 * on the asked backend with jax-js, as the lab's training worker will, and posts back the wall time
 * of each step (the first one compiles) and the tokens of a step.
 */
import { recipeExamples } from '../../src/train/recipe-batches';
import { startBackend, type TrainBackend } from '../../src/train/backend';
import { packBatch } from '../../src/train/batch';
import { Trainer } from '../../src/train/trainer';
import type { TransformerConfig } from '../../src/train/transformer';

export interface ThroughputRequest {
  backend: TrainBackend;
  model: TransformerConfig;
  batch: number;
  /** Timed steps after the compiling one. */
  steps: number;
}

export interface ThroughputReply {
  backend?: TrainBackend;
  /** Wall-clock milliseconds of each step, the compiling first one included. */
  stepMs?: number[];
  tokensPerStep?: number;
  error?: string;
}

onmessage = async (event: MessageEvent<ThroughputRequest>) => {
  const { backend, model, batch, steps } = event.data;
  try {
    const started = await startBackend(backend);
    const examples = recipeExamples({
      kind: 'didactic',
      envs: ['arithmetic'],
      preset: 'starter',
      levels: [1, 2],
      seed: 17,
      budget: 20_000,
      answersShare: 0.5,
      maxBytes: model.context,
    });
    const trainer = Trainer.create({ model, seed: 1 });
    const stepMs: number[] = [];
    for (let step = 0; step <= steps; step++) {
      const rows = Array.from({ length: batch }, (_, r) => examples[(step * batch + r) % examples.length]!);
      const t0 = performance.now();
      await trainer.trainOn(packBatch(rows, model.context), 1e-3);
      stepMs.push(performance.now() - t0);
    }
    trainer.dispose();
    postMessage({ backend: started, stepMs, tokensPerStep: batch * model.context } satisfies ThroughputReply);
  } catch (error) {
    postMessage({
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    } satisfies ThroughputReply);
  }
};
