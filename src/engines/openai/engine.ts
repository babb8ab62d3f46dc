import type {
  ChatMessage,
  ChatOptions,
  ChatResult,
  ChatUsage,
  Engine,
  FinishReason,
} from '../../core/engine';
import {
  ApiKeyOriginError,
  ApiKeyRefusedError,
  ConnectionLostError,
  EndpointNotFoundError,
  EngineError,
  InvalidBaseUrlError,
  MalformedChunkError,
  RedirectRefusedError,
  ReplyTooLargeError,
  ServerHttpError,
  ServerUnreachableError,
} from '../errors';
import { readCappedText, replyLimits, type ReplyLimits } from './reply-limits';
import { DEFAULT_OPENAI_TIMEOUTS, ReplyWatchdog, type OpenAiTimeouts } from './reply-watchdog';
import { readSse, SseLimitError } from './sse';
import { normaliseUsage } from '../../core/usage';
import { parseServerUrl } from '../../core/server-url';
import { errorText } from '../../core/error-text';

export { DEFAULT_OPENAI_TIMEOUTS, type OpenAiTimeouts } from './reply-watchdog';

/** How to reach one model on an OpenAI-compatible server (llama.cpp, Ollama, vLLM, LM Studio…). */
export interface OpenAiEngineOptions {
  /** As the user typed it; see {@link resolveBaseUrl}. */
  baseUrl: string;
  /** The server's name for the model, e.g. 'llama3.2:1b'. Also the engine's `modelId`. */
  model: string;
  /** Sent as `Authorization: Bearer …` when given; never logged or put in an error message. */
  apiKey?: string;
  /**
   * The origin the key was entered for (the server form binds it as the key is typed). The key is
   * sent there only: a base URL on any other origin is refused before a request is made. Absent: the
   * base URL's own origin.
   */
  apiKeyOrigin?: string;
  /** Stand-in for the global fetch (tests, proxies). */
  fetch?: typeof fetch;
  /** How long to wait for a quiet server; each field defaults to `DEFAULT_OPENAI_TIMEOUTS`. */
  timeouts?: Partial<OpenAiTimeouts>;
}

/** The fields of a streamed `chat.completion.chunk` (or a whole non-streamed reply) that are read. */
interface CompletionChunk {
  choices?: {
    delta?: { content?: string | null } | null;
    message?: { content?: string | null } | null;
    finish_reason?: string | null;
  }[];
  /** As the server sent it: untrusted (negative, fractional, a string…), normalised before use. */
  usage?: {
    prompt_tokens?: unknown;
    completion_tokens?: unknown;
    prompt_tokens_details?: { cached_tokens?: unknown } | null;
  } | null;
  /** llama.cpp's server adds its timings: `cache_n` prompt tokens came from its KV cache. */
  timings?: { cache_n?: unknown } | null;
  error?: unknown;
}

/** A count a server reported, when it is one (a whole number ≥ 0). */
function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

const EXCERPT_CHARS = 80;
const SERVER_MESSAGE_CHARS = 300;
/** An error body is read this far: enough for any explanation, never a flood. */
const ERROR_BODY_BYTES = 64 * 1024;
/** A model list this long holds thousands of ids. */
const MODEL_LIST_BYTES = 4 * 2 ** 20;

/**
 * The API root to append `/chat/completions` and `/models` to. The rule:
 * - surrounding spaces go; `http://` is assumed when no scheme is typed (`localhost:11434`);
 * - trailing slashes, a pasted `/chat/completions` suffix, any query, fragment and user:password go;
 * - a URL with no path gets `/v1` (where llama.cpp, Ollama, vLLM and LM Studio all serve the API);
 * - any other path is kept as typed (`/v1`, `/api/v1`, `/openai/v1` …).
 * @throws {InvalidBaseUrlError} when the text is not an http(s) URL.
 */
export function resolveBaseUrl(input: string): string {
  const url = parseServerUrl(input);
  if (url === undefined) throw new InvalidBaseUrlError(input);
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
  readonly #timeouts: OpenAiTimeouts;

  /**
   * @throws {InvalidBaseUrlError} when `baseUrl` is not an http(s) URL.
   * @throws {ApiKeyOriginError} when a key is given for another origin than `baseUrl`'s.
   */
  constructor(options: OpenAiEngineOptions) {
    this.baseUrl = resolveBaseUrl(options.baseUrl);
    this.modelId = options.model;
    this.#apiKey = options.apiKey || undefined;
    const origin = new URL(this.baseUrl).origin;
    if (this.#apiKey && options.apiKeyOrigin !== undefined && options.apiKeyOrigin !== origin) {
      throw new ApiKeyOriginError(options.apiKeyOrigin, origin);
    }
    // Looked up per call and never called as a method: a bare native fetch with the wrong `this` throws.
    const custom = options.fetch;
    this.#fetch = custom ?? ((input, init) => globalThis.fetch(input, init));
    this.#timeouts = { ...DEFAULT_OPENAI_TIMEOUTS, ...options.timeouts };
  }

  /**
   * Stream a chat completion. Tokens go to `onToken` as they arrive; aborting `signal` cancels the HTTP
   * request and resolves with the text so far and finish reason 'abort'. Usage comes from the server
   * when it sends it (`stream_options.include_usage`), else completion tokens are counted as chunks;
   * decode tokens/s is measured here, from the first token to the last.
   *
   * The server is not trusted to honour `max_tokens`: a reply is cut (finish reason 'length', the
   * request cancelled) past `maxTokens` text deltas, or past the characters or bytes such a reply can
   * take (`replyLimits`). A server that stays quiet past the time-outs is given up on.
   * @throws {ServerUnreachableError} the request could not be sent (server down, CORS).
   * @throws {ApiKeyRefusedError} HTTP 401/403.
   * @throws {RedirectRefusedError} a redirect, to a request that carries the API key.
   * @throws {EndpointNotFoundError} HTTP 404.
   * @throws {ServerHttpError} any other HTTP error, or an error object inside the stream.
   * @throws {MalformedChunkError} a chunk that is not JSON.
   * @throws {ServerTimeoutError} no headers, no text, or only keep-alive comments for too long.
   * @throws {ReplyTooLargeError} a non-streamed reply larger than `maxTokens` allows.
   * @throws {ConnectionLostError} the connection dropped mid-reply.
   */
  async chat(messages: ChatMessage[], options: ChatOptions): Promise<ChatResult> {
    const { signal } = options;
    const url = `${this.baseUrl}/chat/completions`;
    const limits = replyLimits(options.maxTokens);
    // Nothing is sent, so nothing is used: zero, not unknown.
    if (signal?.aborted)
      return { text: '', finishReason: 'abort', usage: { promptTokens: 0, completionTokens: 0 } };
    const progress = new Progress(options.onToken, limits);
    const body = JSON.stringify({
      model: this.modelId,
      messages,
      temperature: options.temperature,
      seed: options.seed,
      max_tokens: options.maxTokens,
      stream: true,
      stream_options: { include_usage: true },
    });
    const watchdog = new ReplyWatchdog(url, this.#timeouts);
    const requestSignal = signal ? AbortSignal.any([signal, watchdog.signal]) : watchdog.signal;
    try {
      let response: Response;
      try {
        response = await this.#fetch(url, {
          ...this.#init(true),
          method: 'POST',
          body,
          signal: requestSignal,
        });
      } catch (error) {
        if (signal?.aborted) return progress.result('abort');
        if (watchdog.error) throw watchdog.error;
        throw new ServerUnreachableError(url, errorText(error));
      }
      watchdog.headers();
      if (!response.ok) throw await this.#httpError(response, url, 'chat completions');
      try {
        await this.#readReply(response, url, limits, progress, watchdog);
      } catch (error) {
        if (signal?.aborted) return progress.result('abort');
        if (watchdog.error) throw watchdog.error;
        if (error instanceof EngineError) throw error;
        // Our own string or array limits (V8's "Invalid string length"), not the network: say so.
        if (error instanceof RangeError) throw new ReplyTooLargeError(url, limits.bytes);
        throw new ConnectionLostError(url, errorText(error));
      }
      if (signal?.aborted) return progress.result('abort');
      if (progress.cut) return progress.result('length');
      if (!progress.sawChunk) {
        throw new ServerHttpError(url, response.status, 'the reply held no chat completion chunks');
      }
      return progress.result(finishReasonOf(progress.rawFinish));
    } finally {
      watchdog.stop();
    }
  }

  /** Read a streamed (or, from a server that ignored `stream`, whole) reply into `progress`. */
  async #readReply(
    response: Response,
    url: string,
    limits: ReplyLimits,
    progress: Progress,
    watchdog: ReplyWatchdog,
  ): Promise<void> {
    if ((response.headers.get('content-type') ?? '').includes('application/json')) {
      // A server that ignored `stream: true` and sent the whole reply at once.
      const whole = await readCappedText(response.body, limits.bytes);
      if (whole.truncated) throw new ReplyTooLargeError(url, limits.bytes);
      progress.take(this.#parse(whole.text, url));
      return;
    }
    if (!response.body) return;
    const events = readSse(response.body, { maxBytes: limits.bytes, onBytes: () => watchdog.bytes() });
    try {
      for await (const message of events) {
        if (message.data === '[DONE]') break;
        const before = progress.deltas;
        progress.take(this.#parse(message.data, url));
        if (progress.deltas > before) watchdog.text();
        // Leaving the loop cancels the body: the server sees the connection close.
        if (progress.cut) break;
      }
    } catch (error) {
      if (!(error instanceof SseLimitError)) throw error;
      progress.cut = true;
    }
  }

  /**
   * The ids of the models the server offers (`GET {baseUrl}/models`), in the server's order.
   * @throws the same errors as {@link chat}, and {@link ServerHttpError} when the reply is not a model list.
   */
  async listModels(signal?: AbortSignal): Promise<string[]> {
    const url = `${this.baseUrl}/models`;
    // The whole list must come within the start time-out: Connect must not wait forever either.
    const watchdog = new ReplyWatchdog(url, this.#timeouts);
    const requestSignal = signal ? AbortSignal.any([signal, watchdog.signal]) : watchdog.signal;
    let response: Response;
    let body: { text: string; truncated: boolean };
    try {
      try {
        response = await this.#fetch(url, { ...this.#init(false), signal: requestSignal });
      } catch (error) {
        if (signal?.aborted) throw error;
        if (watchdog.error) throw watchdog.error;
        throw new ServerUnreachableError(url, errorText(error));
      }
      watchdog.headers();
      if (!response.ok) throw await this.#httpError(response, url, 'model list');
      try {
        body = await readCappedText(response.body, MODEL_LIST_BYTES);
      } catch (error) {
        if (signal?.aborted) throw error;
        if (watchdog.error) throw watchdog.error;
        throw new ConnectionLostError(url, errorText(error));
      }
    } finally {
      watchdog.stop();
    }
    let list: unknown;
    try {
      list = body.truncated ? undefined : JSON.parse(body.text);
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

  /**
   * Headers and redirect mode of a request. A request that carries the key does not follow redirects
   * (`redirect: 'manual'`): the key was entered for this origin, and a redirect could take it anywhere.
   * (Chromium and undici drop Authorization on a cross-origin redirect themselves, as the Fetch
   * standard now says, but an older browser or a fetch stand-in may not, and a same-origin hop could
   * still lead on to another origin; the base URL should name the server's real address anyway.)
   */
  #init(json: boolean): RequestInit {
    const headers: Record<string, string> = { Accept: json ? 'text/event-stream' : 'application/json' };
    if (json) headers['Content-Type'] = 'application/json';
    if (!this.#apiKey) return { headers };
    headers.Authorization = `Bearer ${this.#apiKey}`;
    return { headers, redirect: 'manual' };
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
    // A browser hides a redirect not followed (an 'opaqueredirect' response, status 0); Node shows the 3xx.
    if (response.type === 'opaqueredirect' || (status >= 300 && status < 400))
      return new RedirectRefusedError(url);
    // 401/403 bodies often quote the key back ("Incorrect API key provided: sk-…"): not even read.
    if (status === 401 || status === 403)
      return new ApiKeyRefusedError(url, status, this.#apiKey !== undefined);
    const raw = await readCappedText(response.body, ERROR_BODY_BYTES).then(
      (body) => body.text,
      () => '',
    );
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
  /** The reply reached one of its limits: it ends here, as if the server had stopped at max_tokens. */
  cut = false;
  /** Non-empty text deltas taken. */
  deltas = 0;
  private firstAt: number | undefined;
  private lastAt = 0;
  /** The server's own counts, as sent (validated in `result`). */
  private reported: { promptTokens: unknown; completionTokens: unknown } | undefined;
  private cached: unknown;

  constructor(
    private readonly onToken: ((delta: string) => void) | undefined,
    private readonly limits: ReplyLimits,
  ) {}

  take(chunk: CompletionChunk): void {
    this.sawChunk = true;
    const choice = Array.isArray(chunk.choices) ? chunk.choices[0] : undefined;
    const raw = choice?.delta?.content ?? choice?.message?.content ?? '';
    // Model output is untrusted: a number or an object where text belongs is no text.
    let delta = typeof raw === 'string' ? raw : '';
    if (delta && this.deltas >= this.limits.deltas) {
      this.cut = true; // more deltas than tokens were asked for: the server ignores max_tokens
      return;
    }
    const room = this.limits.chars - this.text.length;
    if (delta.length > room) {
      delta = delta.slice(0, room);
      this.cut = true;
    }
    if (delta) {
      const now = performance.now();
      this.firstAt ??= now;
      this.lastAt = now;
      this.deltas++;
      this.text += delta;
      this.onToken?.(delta);
    }
    if (this.cut) return;
    if (choice?.finish_reason) this.rawFinish = choice.finish_reason;
    if (typeof chunk.usage === 'object' && chunk.usage !== null) {
      // A field the server left out is counted here (one streamed chunk is one token on the servers
      // we know); one it sent is its word, and becomes unknown in `result` when it is not a count.
      this.reported = {
        promptTokens: chunk.usage.prompt_tokens,
        completionTokens:
          chunk.usage.completion_tokens === undefined ? this.deltas : chunk.usage.completion_tokens,
      };
    }
    this.cached =
      count(chunk.usage?.prompt_tokens_details?.cached_tokens) ??
      count(chunk.timings?.cache_n) ??
      this.cached;
  }

  result(finishReason: FinishReason): ChatResult {
    const usage: ChatUsage = normaliseUsage({
      ...(this.reported ?? { promptTokens: undefined, completionTokens: this.deltas }),
      cachedPromptTokens: this.cached,
    });
    // Tokens after the first, over the time they took: prefill and network latency stay out of it.
    const seconds = this.firstAt === undefined ? 0 : (this.lastAt - this.firstAt) / 1000;
    const completion = usage.completionTokens;
    if (completion !== undefined && completion > 1 && seconds > 0) {
      usage.decodeTokensPerSec = (completion - 1) / seconds;
    }
    return { text: this.text, finishReason, usage };
  }
}
