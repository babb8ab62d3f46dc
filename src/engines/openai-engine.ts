import type { ChatMessage, ChatOptions, ChatResult, ChatUsage, Engine, FinishReason } from '../core/engine';
import {
  ApiKeyRefusedError,
  ConnectionLostError,
  EndpointNotFoundError,
  EngineError,
  InvalidBaseUrlError,
  MalformedChunkError,
  ServerHttpError,
  ServerUnreachableError,
  errorMessage,
} from './errors';
import { readSse } from './sse';

/** How to reach one model on an OpenAI-compatible server (llama.cpp, Ollama, vLLM, LM Studio…). */
export interface OpenAiEngineOptions {
  /** As the user typed it; see {@link resolveBaseUrl}. */
  baseUrl: string;
  /** The server's name for the model, e.g. 'llama3.2:1b'. Also the engine's `modelId`. */
  model: string;
  /** Sent as `Authorization: Bearer …` when given; never logged or put in an error message. */
  apiKey?: string;
  /** Stand-in for the global fetch (tests, proxies). */
  fetch?: typeof fetch;
}

/** The fields of a streamed `chat.completion.chunk` (or a whole non-streamed reply) that are read. */
interface CompletionChunk {
  choices?: {
    delta?: { content?: string | null } | null;
    message?: { content?: string | null } | null;
    finish_reason?: string | null;
  }[];
  usage?: {
    prompt_tokens?: number;
    completion_tokens?: number;
    prompt_tokens_details?: { cached_tokens?: number } | null;
  } | null;
  /** llama.cpp's server adds its timings: `cache_n` prompt tokens came from its KV cache. */
  timings?: { cache_n?: number } | null;
  error?: unknown;
}

/** A count a server reported, when it is one (a whole number ≥ 0). */
function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

const EXCERPT_CHARS = 80;
const SERVER_MESSAGE_CHARS = 300;

/**
 * The API root to append `/chat/completions` and `/models` to. The rule:
 * - surrounding spaces go; `http://` is assumed when no scheme is typed (`localhost:11434`);
 * - trailing slashes, a pasted `/chat/completions` suffix, any query, fragment and user:password go;
 * - a URL with no path gets `/v1` (where llama.cpp, Ollama, vLLM and LM Studio all serve the API);
 * - any other path is kept as typed (`/v1`, `/api/v1`, `/openai/v1` …).
 * @throws {InvalidBaseUrlError} when the text is not an http(s) URL.
 */
export function resolveBaseUrl(input: string): string {
  const typed = input.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(typed) ? typed : `http://${typed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new InvalidBaseUrlError(input);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
    throw new InvalidBaseUrlError(input);
  }
  let path = url.pathname.replace(/\/+$/, '').replace(/\/chat\/completions$/, '');
  if (path === '') path = '/v1';
  return url.origin + path;
}

function finishReasonOf(raw: string | undefined): FinishReason {
  return raw === 'length' ? 'length' : 'stop';
}

function excerpt(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** The server's own explanation from an error body: `{error: {message}}`, `{error}`, `{message}`, `{detail}`. */
function messageFrom(body: unknown): string | undefined {
  if (typeof body === 'string') return body || undefined;
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  for (const key of ['error', 'message', 'detail']) {
    const found = messageFrom(record[key]);
    if (found) return found;
  }
  return undefined;
}

/** An OpenAI-compatible chat completions endpoint as an `Engine`. Wrap it in `bounded(engine, n)`: n requests at once. */
export class OpenAiEngine implements Engine {
  readonly kind = 'openai';
  readonly modelId: string;
  /** The resolved API root, e.g. 'http://localhost:11434/v1'. */
  readonly baseUrl: string;
  // Private fields stay out of JSON.stringify and structured clones, so the key cannot leak by accident.
  readonly #apiKey: string | undefined;
  readonly #fetch: typeof fetch;

  /** @throws {InvalidBaseUrlError} when `baseUrl` is not an http(s) URL. */
  constructor(options: OpenAiEngineOptions) {
    this.baseUrl = resolveBaseUrl(options.baseUrl);
    this.modelId = options.model;
    this.#apiKey = options.apiKey || undefined;
    // Looked up per call and never called as a method: a bare native fetch with the wrong `this` throws.
    const custom = options.fetch;
    this.#fetch = custom ?? ((input, init) => globalThis.fetch(input, init));
  }

  /**
   * Stream a chat completion. Tokens go to `onToken` as they arrive; aborting `signal` cancels the HTTP
   * request and resolves with the text so far and finish reason 'abort'. Usage comes from the server
   * when it sends it (`stream_options.include_usage`), else completion tokens are counted as chunks;
   * decode tokens/s is measured here, from the first token to the last.
   * @throws {ServerUnreachableError} the request could not be sent (server down, CORS).
   * @throws {ApiKeyRefusedError} HTTP 401/403.
   * @throws {EndpointNotFoundError} HTTP 404.
   * @throws {ServerHttpError} any other HTTP error, or an error object inside the stream.
   * @throws {MalformedChunkError} a chunk that is not JSON.
   * @throws {ConnectionLostError} the connection dropped mid-reply.
   */
  async chat(messages: ChatMessage[], options: ChatOptions): Promise<ChatResult> {
    const { signal } = options;
    const url = `${this.baseUrl}/chat/completions`;
    const progress = new Progress(options.onToken);
    if (signal?.aborted) return progress.result('abort');
    const body = JSON.stringify({
      model: this.modelId,
      messages,
      temperature: options.temperature,
      seed: options.seed,
      max_tokens: options.maxTokens,
      stream: true,
      stream_options: { include_usage: true },
    });
    let response: Response;
    try {
      response = await this.#fetch(url, { method: 'POST', headers: this.#headers(true), body, signal });
    } catch (error) {
      if (signal?.aborted) return progress.result('abort');
      throw new ServerUnreachableError(url, errorMessage(error));
    }
    if (!response.ok) throw await this.#httpError(response, url, 'chat completions');

    try {
      if ((response.headers.get('content-type') ?? '').includes('application/json')) {
        // A server that ignored `stream: true` and sent the whole reply at once.
        progress.take(this.#parse(await response.text(), url));
      } else if (response.body) {
        for await (const message of readSse(response.body)) {
          if (message.data === '[DONE]') break;
          progress.take(this.#parse(message.data, url));
        }
      }
    } catch (error) {
      if (signal?.aborted) return progress.result('abort');
      if (error instanceof EngineError) throw error;
      throw new ConnectionLostError(url, errorMessage(error));
    }
    if (signal?.aborted) return progress.result('abort');
    if (!progress.sawChunk) {
      throw new ServerHttpError(url, response.status, 'the reply held no chat completion chunks');
    }
    return progress.result(finishReasonOf(progress.rawFinish));
  }

  /**
   * The ids of the models the server offers (`GET {baseUrl}/models`), in the server's order.
   * @throws the same errors as {@link chat}, and {@link ServerHttpError} when the reply is not a model list.
   */
  async listModels(signal?: AbortSignal): Promise<string[]> {
    const url = `${this.baseUrl}/models`;
    let response: Response;
    try {
      response = await this.#fetch(url, { headers: this.#headers(false), signal });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new ServerUnreachableError(url, errorMessage(error));
    }
    if (!response.ok) throw await this.#httpError(response, url, 'model list');
    let list: unknown;
    try {
      list = JSON.parse(await response.text());
    } catch {
      list = undefined;
    }
    const data = (list as { data?: unknown } | undefined)?.data;
    if (!Array.isArray(data))
      throw new ServerHttpError(url, response.status, 'the reply is not a model list');
    return data
      .map((entry: unknown) => (entry as { id?: unknown } | null)?.id)
      .filter((id): id is string => typeof id === 'string');
  }

  #headers(json: boolean): Record<string, string> {
    const headers: Record<string, string> = { Accept: json ? 'text/event-stream' : 'application/json' };
    if (json) headers['Content-Type'] = 'application/json';
    if (this.#apiKey) headers.Authorization = `Bearer ${this.#apiKey}`;
    return headers;
  }

  /** Parse one chunk; an `error` object in it becomes a thrown error. */
  #parse(data: string, url: string): CompletionChunk {
    let chunk: unknown;
    try {
      chunk = JSON.parse(data);
    } catch {
      throw new MalformedChunkError(url, this.#redact(excerpt(data, EXCERPT_CHARS)));
    }
    if (typeof chunk !== 'object' || chunk === null || Array.isArray(chunk)) {
      throw new MalformedChunkError(url, this.#redact(excerpt(data, EXCERPT_CHARS)));
    }
    const typed = chunk as CompletionChunk;
    if (typed.error !== undefined && typed.error !== null) {
      throw new ServerHttpError(
        url,
        undefined,
        this.#serverText(messageFrom(typed.error) ?? 'unknown error'),
      );
    }
    return typed;
  }

  async #httpError(
    response: Response,
    url: string,
    endpoint: 'chat completions' | 'model list',
  ): Promise<Error> {
    const { status } = response;
    // 401/403 bodies often quote the key back ("Incorrect API key provided: sk-…"): not even read.
    if (status === 401 || status === 403)
      return new ApiKeyRefusedError(url, status, this.#apiKey !== undefined);
    const raw = await response.text().catch(() => '');
    let said: string | undefined;
    let structured = false;
    try {
      said = messageFrom(JSON.parse(raw));
      structured = true;
    } catch {
      // Plain text is worth showing; an HTML error page is not.
      said = raw.trim() && !/^\s*</.test(raw) ? raw : undefined;
    }
    const text = said === undefined ? undefined : this.#serverText(said);
    // A JSON 404 comes from the API itself (Ollama: "model … not found"); a plain one from a router
    // that has no such path ("404 page not found"), which says nothing the base URL hint does not.
    if (status === 404) return new EndpointNotFoundError(url, endpoint, structured ? text : undefined);
    return new ServerHttpError(url, status, text ?? (response.statusText || undefined));
  }

  #serverText(text: string): string {
    return this.#redact(excerpt(text, SERVER_MESSAGE_CHARS));
  }

  #redact(text: string): string {
    return this.#apiKey ? text.split(this.#apiKey).join('[API key]') : text;
  }
}

/** What has streamed in so far, and the numbers for `ChatUsage`. */
class Progress {
  text = '';
  rawFinish: string | undefined;
  sawChunk = false;
  private deltas = 0;
  private firstAt: number | undefined;
  private lastAt = 0;
  private reported: { promptTokens: number; completionTokens: number } | undefined;
  private cached: number | undefined;

  constructor(private readonly onToken: ((delta: string) => void) | undefined) {}

  take(chunk: CompletionChunk): void {
    this.sawChunk = true;
    const choice = chunk.choices?.[0];
    const delta = choice?.delta?.content ?? choice?.message?.content ?? '';
    if (delta) {
      const now = performance.now();
      this.firstAt ??= now;
      this.lastAt = now;
      this.deltas++;
      this.text += delta;
      this.onToken?.(delta);
    }
    if (choice?.finish_reason) this.rawFinish = choice.finish_reason;
    if (chunk.usage) {
      this.reported = {
        promptTokens: chunk.usage.prompt_tokens ?? 0,
        completionTokens: chunk.usage.completion_tokens ?? this.deltas,
      };
    }
    this.cached =
      count(chunk.usage?.prompt_tokens_details?.cached_tokens) ??
      count(chunk.timings?.cache_n) ??
      this.cached;
  }

  result(finishReason: FinishReason): ChatResult {
    const usage: ChatUsage = { ...(this.reported ?? { promptTokens: 0, completionTokens: this.deltas }) };
    if (this.cached !== undefined && this.cached <= usage.promptTokens)
      usage.cachedPromptTokens = this.cached;
    // Tokens after the first, over the time they took: prefill and network latency stay out of it.
    const seconds = this.firstAt === undefined ? 0 : (this.lastAt - this.firstAt) / 1000;
    if (usage.completionTokens > 1 && seconds > 0) {
      usage.decodeTokensPerSec = (usage.completionTokens - 1) / seconds;
    }
    return { text: this.text, finishReason, usage };
  }
}
