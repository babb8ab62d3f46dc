/**
 * Creates web-llm engines inside the lab worker. web-llm is imported dynamically so it is only
 * loaded by the worker, and only when a model is first loaded.
 */
import type { AppConfig, InitProgressReport } from '@mlc-ai/web-llm';
import type { Engine } from '../../core/engine';
import { DeviceLostError, LoadCancelledError, ModelLibraryError, ModelLoadError } from '../errors';
import type { ModelRecordLike } from './model-catalog';
import { serialised } from '../serial-queue';
import type { LoadProgress } from '../types';
import { WebLlmEngine } from './engine';
import { errorText } from '../../core/error-text';
import prebuiltModels from './prebuilt-models.json';

/**
 * web-llm's built-in model list, as generated from the installed web-llm (`npm run models:webllm`;
 * a unit test keeps the two equal). Reading it does not load web-llm: only loading a model does.
 */
export function prebuiltRecords(): Promise<ModelRecordLike[]> {
  return Promise.resolve(prebuiltModels as ModelRecordLike[]);
}

/** Map a web-llm load failure to one of our errors with an actionable message. */
export function classifyLoadError(error: unknown, record: ModelRecordLike): Error {
  const message = errorText(error);
  const name = error instanceof Error ? error.name : '';
  if (name === 'CompileError' || name === 'LinkError' || /WebAssembly|wasm/i.test(message)) {
    return new ModelLibraryError(record.model_lib, message);
  }
  if (name === 'DeviceLostError' || /device was lost/i.test(message))
    return new DeviceLostError(record.model_id);
  return new ModelLoadError(record.model_id, message);
}

/**
 * Load `record` with web-llm and wrap it as a serialised `Engine`.
 * @throws {ModelLibraryError | DeviceLostError | ModelLoadError}
 */
export async function loadWebLlmEngine(
  record: ModelRecordLike,
  allRecords: ModelRecordLike[],
  onProgress: (p: LoadProgress) => void,
  signal?: AbortSignal,
): Promise<{ engine: Engine; unload: () => Promise<void> }> {
  const { MLCEngine } = await import('@mlc-ai/web-llm');
  const appConfig: AppConfig = { model_list: allRecords as AppConfig['model_list'] };
  const mlc = new MLCEngine({
    appConfig,
    initProgressCallback: (r: InitProgressReport) =>
      onProgress({ modelId: record.model_id, progress: r.progress, text: r.text, elapsed: r.timeElapsed }),
  });
  // Cancelling a download: web-llm's unload() aborts the reload in flight.
  const cancel = () => void mlc.unload().catch(() => undefined);
  signal?.addEventListener('abort', cancel, { once: true });
  try {
    await mlc.reload(record.model_id);
  } catch (error) {
    await mlc.unload().catch(() => undefined);
    if (signal?.aborted) throw new LoadCancelledError(record.model_id);
    throw classifyLoadError(error, record);
  } finally {
    signal?.removeEventListener('abort', cancel);
  }
  if (signal?.aborted) {
    await mlc.unload().catch(() => undefined);
    throw new LoadCancelledError(record.model_id);
  }
  return { engine: serialised(new WebLlmEngine(mlc, record.model_id)), unload: () => mlc.unload() };
}
