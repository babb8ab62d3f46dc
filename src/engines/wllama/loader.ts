/**
 * Loads a GGUF model into wllama (llama.cpp on WebAssembly, CPU only) and wraps it as an `Engine` that
 * serves `parallel` requests at once (llama-server's slots). wllama is imported dynamically so its 380 KB of JS load only when a CPU model is used.
 */
import { DEFAULT_GGUF_SLOTS } from '../../core/gguf-slots';
import type { Wllama } from '@wllama/wllama/esm/index.js';
import wllamaWasmUrl from '@wllama/wllama/esm/wasm/wllama.wasm?url';
import type { Engine } from '../../core/engine';
import { LoadCancelledError, ModelDownloadError, ModelLoadError, NotGgufError } from '../errors';
import { bounded } from '../serial-queue';
import { WllamaEngine } from './engine';
import { loadFailure, withSourceName } from './load-failure';
import type { LoadProgress } from '../types';
import { errorText } from '../../core/error-text';

/** Where the model comes from: a URL to download, or a file the user picked (or test bytes). */
export type GgufSource = { url: string } | { file: Blob };

export interface WllamaLoadOptions {
  /** Stored with every episode. Default: the file name, else the last URL segment, else general.name. */
  modelId?: string;
  /**
   * What the user chose, as messages name it: the file's name or the URL. Default: the source's URL or
   * file name (a caller that downloaded the bytes itself passes the URL here).
   */
  source?: string;
  /** Context window in tokens (default 4096: five turns of the lab's prompts). */
  nCtx?: number;
  /**
   * CPU threads. Default: wllama's choice (half the cores) when the page is cross-origin isolated,
   * else 1 (threads need SharedArrayBuffer, which needs COOP/COEP headers).
   */
  threads?: number;
  /** Reuse the KV cache of a previous matching prompt prefix (default true). */
  cachePrompt?: boolean;
  /**
   * Requests served at once (llama-server slots with continuous batching): an experiment runs this many
   * episodes together. Default 2. Each slot holds `nCtx` tokens (the KV cache is `nCtx × parallel`).
   */
  parallel?: number;
}

export const DEFAULT_WLLAMA_PARALLEL = DEFAULT_GGUF_SLOTS;

export interface LoadedWllama {
  engine: Engine;
  /** Free the model and its worker. */
  unload: () => Promise<void>;
  /**
   * What was actually used: threads (1 when single-threaded), the context window of one conversation,
   * the requests served at once, the GGUF's chat template.
   */
  info: {
    threads: number;
    multiThread: boolean;
    nCtx: number;
    parallel: number;
    chatTemplate: string | null;
  };
  /**
   * The underlying wllama, for diagnostics (metadata, raw completions in tests). Chatting on it directly
   * bypasses the engine's queue: use `engine`.
   */
  instance: Wllama;
}

/** wllama's LogLevel.ERROR (the enum itself would pull wllama into this module's static imports). */
const LOG_LEVEL_ERROR = 4;

const GGUF_MAGIC = [0x47, 0x47, 0x55, 0x46]; // "GGUF"
const SUPPORTED_VERSIONS = [2, 3];

function sourceName(source: GgufSource): string {
  if ('url' in source) return source.url;
  return source.file instanceof File ? source.file.name : 'the chosen file';
}

function defaultModelId(source: GgufSource): string | undefined {
  if ('file' in source) return source.file instanceof File ? source.file.name : undefined;
  try {
    const last = new URL(source.url, globalThis.location?.href).pathname.split('/').pop();
    return last ? decodeURIComponent(last) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Check the GGUF signature and version before handing the bytes to llama.cpp, whose own failure on a
 * wrong file is an opaque abort.
 * @throws {NotGgufError} when the blob does not start like a GGUF v2/v3 file.
 */
export async function assertGguf(blob: Blob, name: string): Promise<void> {
  if (blob.size < 8) throw new NotGgufError(name, `only ${blob.size} bytes`);
  const head = new Uint8Array(await blob.slice(0, 24).arrayBuffer());
  if (!GGUF_MAGIC.every((b, i) => head[i] === b)) {
    throw new NotGgufError(name, 'it does not start with the GGUF signature');
  }
  const view = new DataView(head.buffer);
  const version = view.getUint32(4, true);
  if (!SUPPORTED_VERSIONS.includes(version)) {
    throw new NotGgufError(name, `GGUF version ${version} is not one llama.cpp reads (2 or 3)`);
  }
  if (blob.size < 24) throw new NotGgufError(name, `its header is cut short at ${blob.size} bytes`);
  // llama.cpp sizes its tables from these counts before reading them: a crafted 2^40 would make it
  // allocate terabytes. Each entry takes at least a few bytes of the file, so the file bounds them.
  const tensors = view.getBigUint64(8, true);
  const keys = view.getBigUint64(16, true);
  const least = tensors * BigInt(MIN_TENSOR_INFO_BYTES) + keys * BigInt(MIN_KV_BYTES);
  if (least > BigInt(blob.size)) {
    throw new NotGgufError(
      name,
      `its header claims ${tensors} tensors and ${keys} metadata keys, more than ${blob.size} bytes can hold`,
    );
  }
}

/** The fewest bytes a GGUF tensor entry takes: name length, a 1-byte name, 1 dimension, type, offset. */
const MIN_TENSOR_INFO_BYTES = 8 + 1 + 4 + 8 + 4 + 8;
/** The fewest bytes a GGUF metadata entry takes: key length, a 1-byte key, type, a 1-byte value. */
const MIN_KV_BYTES = 8 + 1 + 4 + 1;

/**
 * Fetch a GGUF file into memory, reporting progress (0–0.9) and sizes. `signal` cancels it at any
 * point: a server that never answers must not hold the form for good.
 * @throws {LoadCancelledError} when `signal` aborts (nothing is kept).
 * @throws {ModelDownloadError} with the status or the network failure.
 */
export async function downloadGguf(
  url: string,
  report: (progress: number, text: string) => void,
  signal?: AbortSignal,
): Promise<Blob> {
  const cancelled = () => new LoadCancelledError(url, 'Nothing was downloaded.');
  if (signal?.aborted) throw cancelled();
  report(0, `Connecting to ${url}`);
  let response: Response;
  try {
    response = await fetch(url, { signal });
  } catch (error) {
    if (signal?.aborted) throw cancelled();
    throw new ModelDownloadError(url, errorText(error));
  }
  if (!response.ok) throw new ModelDownloadError(url, `HTTP ${response.status}`);
  const total = Number(response.headers.get('content-length')) || 0;
  if (!response.body) return response.blob();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      loaded += value.length;
      const mb = (loaded / 2 ** 20).toFixed(1);
      report(
        total ? (loaded / total) * 0.9 : 0,
        total ? `Downloading ${mb} of ${(total / 2 ** 20).toFixed(1)} MB` : `Downloading ${mb} MB`,
      );
    }
  } catch (error) {
    if (signal?.aborted) throw cancelled();
    throw new ModelDownloadError(url, errorText(error));
  }
  return new Blob(chunks as BlobPart[]);
}

/**
 * Load a GGUF model with wllama on the CPU and wrap it as an `Engine` (kind 'wllama') whose
 * `concurrency` is `parallel`.
 * Multithreaded when the page is cross-origin isolated, else single-threaded. WebGPU offload is off:
 * this is the engine for devices where web-llm cannot run.
 * @throws {NotGgufError} when the file (or download) is not a GGUF model.
 * @throws {ModelDownloadError} when the URL cannot be fetched.
 * @throws {ModelLoadError} when llama.cpp refuses the model (unknown architecture, truncated file…).
 */
export async function loadWllamaEngine(
  source: GgufSource,
  onProgress: (p: LoadProgress) => void,
  options: WllamaLoadOptions = {},
): Promise<LoadedWllama> {
  const begun = performance.now();
  let modelId = options.modelId ?? defaultModelId(source) ?? 'gguf-model';
  const report = (progress: number, text: string) =>
    onProgress({ modelId, progress, text, elapsed: (performance.now() - begun) / 1000 });

  const name = options.source ?? sourceName(source);
  const blob = 'url' in source ? await downloadGguf(source.url, report) : source.file;
  await assertGguf(blob, name);

  report(0.9, 'Starting the CPU engine');
  const { Wllama } = await import('@wllama/wllama/esm/index.js');
  const isolated = globalThis.crossOriginIsolated === true;
  const threads = isolated ? options.threads : 1;
  const nCtx = options.nCtx ?? 4096;
  const parallel = options.parallel ?? DEFAULT_WLLAMA_PARALLEL;
  if (!Number.isInteger(parallel) || parallel < 1) {
    throw new ModelLoadError(modelId, `it cannot serve ${parallel} requests at once: use a whole number ≥ 1`);
  }
  // llama.cpp's own error lines are the only explanation of a failed load: keep them, drop the chatter.
  const nativeErrors: string[] = [];
  let loading = true;
  const wllama = new Wllama(
    { default: wllamaWasmUrl },
    {
      logger: {
        debug: () => undefined,
        log: () => undefined,
        warn: () => undefined,
        error: (...args: unknown[]) => {
          if (loading) nativeErrors.push(args.map(String).join(' '));
          console.error(...args);
        },
      },
    },
  );
  try {
    report(0.92, 'Loading the model into memory');
    await wllama.loadModel([blob], {
      // Each slot its own nCtx (not wllama's unified default, where any one conversation could take the
      // whole cache): the context window stays what the lab promises, whatever runs beside it. A prompt
      // a slot lets go waits in llama-server's prompt cache, so a student's next turn and a teacher's
      // call do not evict each other's prefix even when they share a slot.
      n_ctx: nCtx * parallel,
      n_parallel: parallel,
      kv_unified: false,
      n_threads: threads,
      // CPU only: this engine is the fallback where WebGPU is missing or too weak.
      n_gpu_layers: 0,
      jinja: true,
      log_level: LOG_LEVEL_ERROR,
    });
    // wllama 3.8 resolves even when llama.cpp failed to load the model; its context info says so.
    const info = wllama.getLoadedContextInfo() as { success?: boolean; n_vocab: number };
    if (info.success === false || !info.n_vocab) throw new Error(loadFailure(nativeErrors, name));
  } catch (error) {
    await wllama.exit().catch(() => undefined);
    throw new ModelLoadError(modelId, withSourceName(errorText(error), name));
  }
  loading = false;
  if (!options.modelId && !defaultModelId(source)) {
    modelId = wllama.getModelMetadata().meta['general.name'] || modelId;
  }
  report(1, 'Ready');
  const engine = new WllamaEngine(wllama, modelId, { cachePrompt: options.cachePrompt });
  return {
    engine: bounded(engine, parallel),
    unload: () => wllama.exit(),
    info: {
      threads: wllama.getNumThreads(),
      multiThread: wllama.isMultithread(),
      nCtx,
      parallel,
      chatTemplate: wllama.getChatTemplate(),
    },
    instance: wllama,
  };
}
