/**
 * web-llm's own cache of downloaded models (weights, tokenizer, library, config), queried and cleared
 * through web-llm's helpers so the lab and web-llm always agree on what is stored.
 */
import type { AppConfig } from '@mlc-ai/web-llm';
import type { ModelRecordLike } from './model-catalog';

const config = (records: ModelRecordLike[]): AppConfig => ({
  model_list: records as AppConfig['model_list'],
});

/**
 * The Cache API scope web-llm keeps weights in (its default backend, which the lab's config keeps).
 * Until a first download it does not exist, and then nothing is cached: asking web-llm would fetch
 * its whole runtime (2 MB gzip) only to say no.
 */
export const WEBLLM_WEIGHTS_CACHE = 'webllm/model';

/** Whether every weight shard of `modelId` is in the browser's cache. */
export async function isWebLlmModelCached(modelId: string, records: ModelRecordLike[]): Promise<boolean> {
  if (typeof caches === 'undefined' || !(await caches.has(WEBLLM_WEIGHTS_CACHE).catch(() => true)))
    return false;
  const { hasModelInCache } = await import('@mlc-ai/web-llm');
  return hasModelInCache(modelId, config(records)).catch(() => false);
}

/** Remove everything web-llm cached for `modelId`. */
export async function deleteWebLlmModel(modelId: string, records: ModelRecordLike[]): Promise<void> {
  const { deleteModelAllInfoInCache } = await import('@mlc-ai/web-llm');
  await deleteModelAllInfoInCache(modelId, config(records));
}
