/**
 * web-llm for real in Chromium: its cache of downloaded models as the lab reads and clears it, and a
 * load cancelled by the person.
 */
import { describe, expect, it } from 'vitest';
import { hasModelInCache } from '@mlc-ai/web-llm';
import { isWebLlmModelCached, deleteWebLlmModel, WEBLLM_WEIGHTS_CACHE } from '../../src/engines/webllm/cache';
import { loadWebLlmEngine } from '../../src/engines/webllm/loader';
import { LoadCancelledError } from '../../src/engines/errors';
import type { ModelRecordLike } from '../../src/engines/webllm/model-catalog';

const base = `${location.origin}/test/fixtures/webllm/tiny-chat/`;
const record: ModelRecordLike = {
  model_id: 'tiny-chat-q4f32_1',
  model: base,
  model_lib: `${location.origin}/test/fixtures/webllm/broken-model-lib.txt`,
};

describe('web-llm model cache', () => {
  it('says nothing is cached before a first download, as web-llm does, without creating its cache', async () => {
    await caches.delete(WEBLLM_WEIGHTS_CACHE);
    expect(await isWebLlmModelCached(record.model_id, [record])).toBe(false);
    // The shortcut (which spares a cold Models page web-llm's runtime) only read: still no cache.
    expect(await caches.has(WEBLLM_WEIGHTS_CACHE)).toBe(false);
    const appConfig = { model_list: [record] } as Parameters<typeof hasModelInCache>[1];
    expect(await hasModelInCache(record.model_id, appConfig)).toBe(false);
  });

  it('sees a model whose shards are all cached, and deleting it removes them', async () => {
    const shardUrl = `${base}resolve/main/params_shard_0.bin`;
    const cache = await caches.open(WEBLLM_WEIGHTS_CACHE);
    await cache.put(
      `${base}resolve/main/tensor-cache.json`,
      new Response(JSON.stringify({ records: [{ dataPath: 'params_shard_0.bin' }] })),
    );
    expect(await isWebLlmModelCached(record.model_id, [record])).toBe(false); // a shard is missing
    await cache.put(shardUrl, new Response(new Uint8Array(16)));
    expect(await isWebLlmModelCached(record.model_id, [record])).toBe(true);

    await deleteWebLlmModel(record.model_id, [record]);
    expect(await isWebLlmModelCached(record.model_id, [record])).toBe(false);
    expect(await cache.match(shardUrl)).toBeUndefined();
  });

  it('cancels a load in progress with a clear error', async () => {
    const controller = new AbortController();
    const loading = loadWebLlmEngine(record, [record], () => undefined, controller.signal);
    controller.abort();
    await expect(loading).rejects.toBeInstanceOf(LoadCancelledError);
    await expect(loading).rejects.toThrow(/cancelled/);
  });

  it('reports a broken model library as a ModelLibraryError naming the URL', async () => {
    await expect(loadWebLlmEngine(record, [record], () => undefined)).rejects.toMatchObject({
      name: 'ModelLibraryError',
      message: expect.stringContaining('broken-model-lib.txt'),
    });
  });
});
