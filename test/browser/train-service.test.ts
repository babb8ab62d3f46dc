/**
 * The training worker itself (workers/train.worker.ts over comlink, jax-js wasm in Chromium) with
 * its IndexedDB database: a run paused after a few steps, its worker ended, resumes in a new worker
 * from the stored checkpoint to the same losses as a run that never stopped; a full disk during a
 * save is a clear error that leaves the save before it intact.
 */
import * as Comlink from 'comlink';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_TRAIN_RECIPE, type TrainRecipe } from '../../src/core/train-run';
import type { RunRecord, TrainApi, TrainEvent } from '../../src/train/train-api';
import { RunDb } from '../../src/train/run-db';
import { TrainStorageFullError } from '../../src/train/errors';

const recipe: TrainRecipe = {
  ...DEFAULT_TRAIN_RECIPE,
  budget: 3_000,
  batch: 4,
  epochs: 1,
  evalEvery: 3,
  heldOut: 4,
};

const workers: Worker[] = [];
function connect(): Comlink.Remote<TrainApi> {
  const worker = new Worker(new URL('../../workers/train.worker.ts', import.meta.url), { type: 'module' });
  workers.push(worker);
  return Comlink.wrap<TrainApi>(worker);
}
afterEach(() => workers.splice(0).forEach((w) => w.terminate()));

/** Trains through `api` and resolves with every step's loss when the run ends. */
function watch(pauseAt?: number, api?: Comlink.Remote<TrainApi>) {
  const losses: number[] = [];
  let ended!: (end: string) => void;
  const end = new Promise<string>((resolve) => (ended = resolve));
  const onEvent = Comlink.proxy((event: TrainEvent) => {
    if (event.type === 'step') {
      losses.push(event.progress.loss);
      if (event.progress.step === pauseAt) void api?.pause();
    }
    if (event.type === 'ended') ended(event.end);
  });
  return { losses, end, onEvent };
}

describe('the training worker and its database', () => {
  it('resumes a paused run in a new worker to the losses of an unbroken run', async () => {
    const whole = connect();
    const unbroken = watch();
    const first = await whole.start(recipe, unbroken.onEvent);
    expect(await unbroken.end).toBe('finished');
    expect(first.totalSteps).toBeGreaterThan(5);
    expect(unbroken.losses).toHaveLength(first.totalSteps!);

    const a = connect();
    const before = watch(3, a);
    const run: RunRecord = await a.start(recipe, before.onEvent);
    expect(await before.end).toBe('paused');
    const stored = (await a.runs()).find((r) => r.id === run.id)!;
    expect(stored).toMatchObject({ status: 'paused', step: 3 });
    expect(stored.losses).toEqual(before.losses);
    workers.shift()!.terminate();
    workers.shift()!.terminate();

    const b = connect();
    const after = watch();
    const resumed = await b.resume(run.id, after.onEvent);
    expect(resumed.step).toBe(3);
    expect(await after.end).toBe('finished');
    expect([...before.losses, ...after.losses]).toEqual(unbroken.losses);
    const done = (await b.runs()).find((r) => r.id === run.id)!;
    expect(done).toMatchObject({ status: 'finished', step: first.totalSteps });
    expect(done.heldOut.map((p) => p.step)[0]).toBe(0);
    const weights = await b.weights(run.id);
    expect(weights.length).toBeLessThan(done.checkpointBytes); // no optimizer state
    await expect(b.importWeights(new Uint8Array([1, 2, 3]), 'junk')).rejects.toThrow(/safetensors|header/i);
  }, 120_000);

  it('a full disk refuses the save in words and keeps the one before', async () => {
    const db = await RunDb.open(`train-quota-${crypto.randomUUID()}`);
    const record = { id: 'r', step: 1, createdAt: 1 } as RunRecord;
    await db.save(record, new Uint8Array([1]));
    const put = IDBObjectStore.prototype.put;
    const spy = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (
      this: IDBObjectStore,
      ...args: Parameters<IDBObjectStore['put']>
    ) {
      if (this.name === 'checkpoints')
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args);
    });
    const error = await db.save({ ...record, step: 2 }, new Uint8Array([2])).catch((e: unknown) => e);
    spy.mockRestore();
    expect(error).toBeInstanceOf(TrainStorageFullError);
    expect((error as Error).message).toContain('storage is full');
    expect((error as Error).message).toContain('step 1) is kept');
    expect((await db.run('r'))?.step).toBe(1);
    expect(Array.from((await db.checkpoint('r'))!)).toEqual([1]);
    db.close();
  });
});
