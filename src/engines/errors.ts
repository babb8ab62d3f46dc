/**
 * Engine errors. Each names what went wrong and what the user can do about it; the UI shows
 * `message` as is, never a stack trace.
 */
import { formatBytes } from '../core/format-bytes';

/** Base class so the UI can tell engine errors from bugs. */
export class EngineError extends Error {
  override name = 'EngineError';
}

/** A server's "requests at once" setting that cannot be used. */
export class InvalidConcurrencyError extends EngineError {
  override name = 'InvalidConcurrencyError';
  constructor(value: number, max: number) {
    super(
      `"Requests at once" must be a whole number from 1 to ${max} (got ${value}): 1 sends one at a time.`,
    );
  }
}

/** The browser exposes no WebGPU adapter. */
export class WebGpuUnavailableError extends EngineError {
  override name = 'WebGpuUnavailableError';
  constructor(detail: string) {
    super(
      `WebGPU is not available here (${detail}). Models cannot run on this device's GPU; you can still play ` +
        'as the human student with the rule-based teacher.',
    );
  }
}

/** A model that needs a device feature or limit this GPU lacks: refused before any download. */
export class ModelDoesNotFitError extends EngineError {
  override name = 'ModelDoesNotFitError';
  constructor(
    readonly modelId: string,
    reason: string,
  ) {
    super(`${modelId} cannot run on this device: ${reason}`);
  }
}

/** A custom model record whose URLs cannot work. */
export class InvalidModelRecordError extends EngineError {
  override name = 'InvalidModelRecordError';
}

/** The model library (.wasm) could not be fetched or instantiated. */
export class ModelLibraryError extends EngineError {
  override name = 'ModelLibraryError';
  constructor(
    readonly url: string,
    cause: string,
  ) {
    super(
      `The model library at ${url} could not be loaded (${cause}). Check that model_lib points to a ` +
        'WebLLM .wasm library built for this version of web-llm.',
    );
  }
}

/** Any other failure while loading a model, with web-llm's own explanation. */
export class ModelLoadError extends EngineError {
  override name = 'ModelLoadError';
  constructor(
    readonly modelId: string,
    cause: string,
  ) {
    super(`Could not load ${modelId}: ${cause}`);
  }
}

/** The person cancelled a model download or load. */
export class LoadCancelledError extends EngineError {
  override name = 'LoadCancelledError';
  constructor(
    readonly modelId: string,
    /** What became of the files: web-llm keeps what it downloaded, a GGUF download keeps nothing. */
    kept = 'Files already downloaded stay cached for next time.',
  ) {
    super(`Loading ${modelId} was cancelled. ${kept}`);
  }
}

/** The GPU device was lost (usually out of memory). */
export class DeviceLostError extends EngineError {
  override name = 'DeviceLostError';
  constructor(readonly modelId: string) {
    super(
      `The GPU device was lost while running ${modelId}, usually because it ran out of memory. ` +
        'Finished turns are saved. Reload with a smaller model.',
    );
  }
}

/** A base URL for an OpenAI-compatible server that is not an http(s) URL. */
export class InvalidBaseUrlError extends EngineError {
  override name = 'InvalidBaseUrlError';
  constructor(readonly input: string) {
    super(
      `"${input}" is not a server URL. Type it like http://localhost:11434/v1 (Ollama) or http://localhost:8080/v1.`,
    );
  }
}

/** An OpenAI-compatible server answered 401 or 403. Never carries the key or the server's text (which may echo it). */
export class ApiKeyRefusedError extends EngineError {
  override name = 'ApiKeyRefusedError';
  constructor(
    readonly url: string,
    readonly status: number,
    keyGiven: boolean,
  ) {
    super(
      keyGiven
        ? `The server at ${url} refused the API key (HTTP ${status}). Check the key in the model settings.`
        : `The server at ${url} refused the request without an API key (HTTP ${status}). Enter its API key in the model settings.`,
    );
  }
}

/** An API key entered for one server, about to go to another: refused, nothing sent. */
export class ApiKeyOriginError extends EngineError {
  override name = 'ApiKeyOriginError';
  constructor(
    readonly keyOrigin: string,
    readonly origin: string,
  ) {
    super(
      `The API key was entered for ${keyOrigin}, so it is not sent to ${origin}. Enter the key for ` +
        `${origin} (or leave it empty if that server needs none).`,
    );
  }
}

/**
 * A server that answered a request carrying the API key with a redirect. It is not followed, so the
 * key goes only to the address it was entered for.
 */
export class RedirectRefusedError extends EngineError {
  override name = 'RedirectRefusedError';
  constructor(readonly url: string) {
    super(
      `The server at ${url} answered with a redirect. A request with an API key does not follow ` +
        'redirects, so the key cannot reach another address: enter the address the server redirects to ' +
        'as the base URL.',
    );
  }
}

/** An OpenAI-compatible server answered 404: usually a base URL without `/v1`, or an unknown model. */
export class EndpointNotFoundError extends EngineError {
  override name = 'EndpointNotFoundError';
  constructor(
    readonly url: string,
    endpoint: 'chat completions' | 'model list',
    serverMessage?: string,
  ) {
    super(
      serverMessage
        ? `The server at ${url} answered 404: ${serverMessage}. Check the model name and the base URL ` +
            '(e.g. http://localhost:11434/v1 for Ollama).'
        : `No ${endpoint} endpoint at ${url} (HTTP 404) — check the base URL, e.g. http://localhost:11434/v1 ` +
            'for Ollama.',
    );
  }
}

/** An OpenAI-compatible server failed the request (any other HTTP error, or an error sent mid-stream). */
export class ServerHttpError extends EngineError {
  override name = 'ServerHttpError';
  constructor(
    readonly url: string,
    /** The HTTP status, or undefined for an error reported inside a 200 stream. */
    readonly status: number | undefined,
    serverMessage?: string,
  ) {
    super(
      status === undefined
        ? `The server at ${url} reported an error mid-reply: ${serverMessage ?? 'no details'}.`
        : serverMessage
          ? `The server at ${url} answered HTTP ${status}: ${serverMessage}`
          : `The server at ${url} answered HTTP ${status} with no explanation. Check the server's log.`,
    );
  }
}

/** A streamed chunk that does not parse as JSON: not an OpenAI-compatible stream, or a broken server. */
export class MalformedChunkError extends EngineError {
  override name = 'MalformedChunkError';
  constructor(
    readonly url: string,
    readonly excerpt: string,
  ) {
    super(
      `The server sent a chunk that is not valid JSON: ${excerpt} (from ${url}). ` +
        'Is this an OpenAI-compatible server?',
    );
  }
}

/** fetch itself failed: server down, wrong host or port, or a cross-origin request the server does not allow. */
export class ServerUnreachableError extends EngineError {
  override name = 'ServerUnreachableError';
  constructor(
    readonly url: string,
    cause: string,
  ) {
    super(
      `Could not reach ${url} (${cause}). Check that the server is running; a local server must allow this ` +
        "page's origin (CORS), e.g. set OLLAMA_ORIGINS for Ollama.",
    );
  }
}

/** The connection dropped after the server had started answering. */
export class ConnectionLostError extends EngineError {
  override name = 'ConnectionLostError';
  constructor(
    readonly url: string,
    cause: string,
  ) {
    super(`The connection to ${url} dropped mid-reply (${cause}). Check that the server is still running.`);
  }
}

/** Which wait ran out: the reply's headers, its first text, or the next text after some had come. */
export type ServerWait = 'headers' | 'first-text' | 'next-text';

/**
 * An OpenAI-compatible server that went quiet: no headers, no text, or only keep-alive comments for
 * longer than the engine's time-out (`OpenAiTimeouts`). The request has been cancelled.
 */
export class ServerTimeoutError extends EngineError {
  override name = 'ServerTimeoutError';
  constructor(
    readonly url: string,
    readonly wait: ServerWait,
    readonly seconds: number,
    /** Bytes arrived during the wait, but no text: keep-alive comments or empty chunks. */
    keepAliveOnly: boolean,
  ) {
    const quiet = keepAliveOnly ? 'only keep-alive comments, no text,' : 'nothing';
    super(
      wait === 'headers'
        ? `The server at ${url} did not answer within ${seconds} s (no reply headers). It may still be ` +
            "loading the model: try again in a moment, or check the server's log."
        : wait === 'first-text'
          ? `The server at ${url} accepted the request but sent ${quiet} for ${seconds} s. Check that the ` +
            'model runs on the server (its log says why), or give it a longer time-out.'
          : `The server at ${url} stopped mid-reply: ${quiet} for ${seconds} s. Finished turns are saved; ` +
            "check the server's log.",
    );
  }
}

/**
 * A reply far larger than `maxTokens` allows (a server that ignores max_tokens, or is not a chat
 * server), refused before it fills the tab's memory. A streamed reply is cut at its limit instead.
 */
export class ReplyTooLargeError extends EngineError {
  override name = 'ReplyTooLargeError';
  constructor(
    readonly url: string,
    readonly limitBytes: number,
  ) {
    super(
      `The server at ${url} sent more than ${formatBytes(limitBytes)} for one reply, far more than the ` +
        'token limit allows: it ignores max_tokens or is not an OpenAI-compatible chat server. Check the ' +
        'server and its model settings.',
    );
  }
}

/** A file or download handed to the CPU engine (wllama) that is not a GGUF model. */
export class NotGgufError extends EngineError {
  override name = 'NotGgufError';
  constructor(
    readonly source: string,
    detail: string,
  ) {
    super(
      `This file is not a GGUF model (${source}: ${detail}). The CPU engine loads llama.cpp .gguf files: ` +
        'choose a .gguf file, for example a Q4_K_M quantisation of a small chat model.',
    );
  }
}

/** A model file that could not be downloaded. */
export class ModelDownloadError extends EngineError {
  override name = 'ModelDownloadError';
  constructor(
    readonly url: string,
    cause: string,
  ) {
    super(
      `Could not download the model from ${url} (${cause}). Check the address and the connection, or choose ` +
        'the .gguf file from disk instead.',
    );
  }
}

/** The conversation outgrew the model's context window. */
export class ContextOverflowError extends EngineError {
  override name = 'ContextOverflowError';
  constructor(
    readonly modelId: string,
    detail: string,
  ) {
    super(
      `The conversation no longer fits ${modelId}'s context window (${detail}). Finished turns are saved. ` +
        "Use a smaller turn budget, the 'last' history mode, or fewer tokens per reply.",
    );
  }
}

/** The WebAssembly runtime of a CPU (wllama) model aborted; the loaded model is gone. */
export class EngineCrashedError extends EngineError {
  override name = 'EngineCrashedError';
  constructor(
    readonly modelId: string,
    detail: string,
  ) {
    super(
      `The CPU engine running ${modelId} crashed (${detail}). Finished turns are saved. Load the model again ` +
        'to continue; if it crashes again, the file may be damaged or use a feature this engine lacks.',
    );
  }
}
