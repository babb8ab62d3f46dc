/**
 * The page's connection to the training worker (workers/train.worker.ts), apart from the lab
 * worker: jax-js trains there while episodes run in the lab's.
 */
import * as Comlink from 'comlink';
import type { TrainApi } from '../train/train-api';

/** The worker's API and a way to end it. */
export interface TrainConnection {
  readonly api: Comlink.Remote<TrainApi>;
  /** Resolves with a sentence when the worker fails to start or throws outside a call. */
  readonly failed: Promise<string>;
  close(): void;
}

/** Start the training worker. */
export function connectTrainWorker(): TrainConnection {
  // Vite bundles the worker only when it sees exactly `new Worker(new URL(..., import.meta.url))`.
  const worker = new Worker(new URL('../../workers/train.worker.ts', import.meta.url), {
    type: 'module',
    name: 'train',
  });
  const failed = new Promise<string>((resolve) =>
    worker.addEventListener('error', (event) =>
      resolve(
        `The training worker failed${event.message ? ` (${event.message})` : ''}; reloading the page may help. ` +
          'Saved checkpoints are kept.',
      ),
    ),
  );
  return { api: Comlink.wrap<TrainApi>(worker), failed, close: () => worker.terminate() };
}
