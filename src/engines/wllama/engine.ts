/**
 * The CPU engine: llama.cpp compiled to WebAssembly (wllama), for any GGUF file. wllama 3 runs
 * llama-server's own request loop in its worker, so chat templates (Jinja, from the GGUF's
 * `tokenizer.chat_template`), sampling and end-of-generation handling are llama.cpp's.
 */
import type { ChatCompletionChunk, ChatCompletionParams, StreamParams } from '@wllama/wllama/esm/index.js';
import type {
  ChatMessage,
  ChatOptions,
  ChatResult,
  ChatUsage,
  Engine,
  FinishReason,
} from '../../core/engine';
import { normaliseUsage } from '../../core/usage';
import { ContextOverflowError, EngineCrashedError } from '../errors';
import { errorText } from '../../core/error-text';

/** The part of a loaded `Wllama` the adapter uses, typed structurally. */
export interface WllamaChatLike {
  createChatCompletion(options: ChatCompletionParams & StreamParams<ChatCompletionChunk>): Promise<void>;
}

export interface WllamaEngineOptions {
  /**
   * Reuse the KV cache of a previous request's matching prompt prefix (llama-server's `cache_prompt`):
   * later turns of an episode only prefill what is new. Default true.
   */
  cachePrompt?: boolean;
}

function isAbortError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'WllamaAbortError');
}

/** The wasm runtime aborted (or had before): the model must be loaded again. */
function isCrash(error: unknown): boolean {
  const name = error instanceof Error ? error.name : '';
  return name === 'WllamaRuntimeError' || /\(ABORT\)|wllama has crashed/.test(errorText(error));
}

/** Text of a context-overflow failure from llama-server, or null for any other error. */
function contextOverflow(error: unknown): string | null {
  const message = errorText(error);
  const type = (error as { type?: unknown } | null)?.type;
  if (
    type === 'kv_cache_full' ||
    /context size|context window|exceeds the available context/i.test(message)
  ) {
    return message;
  }
  return null;
}

/**
 * An `Engine` backed by one model loaded in wllama. Concurrent calls share the model's slots
 * (`n_parallel`, continuous batching): wrap it in `bounded(engine, slots)`.
 */
export class WllamaEngine implements Engine {
  readonly kind = 'wllama';

  constructor(
    private readonly wllama: WllamaChatLike,
    readonly modelId: string,
    private readonly options: WllamaEngineOptions = {},
  ) {}

  /**
   * Stream a chat completion with the model's chat template. Stops at an end-of-generation token
   * ('stop'), after `maxTokens` ('length'), or when `signal` aborts ('abort', with the text so far).
   * Usage: llama.cpp's token counts, with the prompt tokens it took from its KV cache (`cache_n`: an
   * earlier turn of the same conversation, kept in a slot or in its prompt cache); decode tokens/s from llama.cpp's timings when it sends them,
   * else measured from the first streamed token to the end.
   * @throws {ContextOverflowError} when the conversation does not fit the context window.
   * @throws {EngineCrashedError} when the WebAssembly runtime aborted (the model must be loaded again).
   * @throws {Error} what wllama throws on any other failure.
   */
  async chat(messages: ChatMessage[], options: ChatOptions): Promise<ChatResult> {
    const { signal } = options;
    if (signal?.aborted) {
      return { text: '', finishReason: 'abort', usage: { promptTokens: 0, completionTokens: 0 } };
    }
    let text = '';
    let pieces = 0;
    let rawFinish: string | null = null;
    let promptTokens: number | undefined;
    let cachedPromptTokens: number | undefined;
    let completionTokens: number | undefined;
    let decodePerSec: number | undefined;
    let prefillPerSec: number | undefined;
    const started = performance.now();
    let firstTokenAt: number | undefined;
    let lastTokenAt: number | undefined;

    const onData = (chunk: ChatCompletionChunk): void => {
      const choice = chunk.choices[0];
      const delta = choice?.delta?.content ?? '';
      if (delta) {
        const now = performance.now();
        firstTokenAt ??= now;
        lastTokenAt = now;
        text += delta;
        pieces++;
        options.onToken?.(delta);
      }
      if (choice?.finish_reason) rawFinish = choice.finish_reason;
      if (chunk.timings) {
        // Sent with every chunk (timings_per_token), so counts survive an abort.
        promptTokens = chunk.timings.prompt_n + (chunk.timings.cache_n ?? 0);
        cachedPromptTokens = chunk.timings.cache_n;
        completionTokens = chunk.timings.predicted_n;
        if (chunk.timings.predicted_n > 1 && chunk.timings.predicted_per_second > 0) {
          decodePerSec = chunk.timings.predicted_per_second;
        }
        if (chunk.timings.prompt_n > 0 && chunk.timings.prompt_per_second > 0) {
          prefillPerSec = chunk.timings.prompt_per_second;
        }
      }
      if (chunk.usage) {
        promptTokens = chunk.usage.prompt_tokens;
        completionTokens = chunk.usage.completion_tokens;
      }
    };

    let aborted = false;
    try {
      await this.wllama.createChatCompletion({
        messages,
        stream: true,
        onData,
        temperature: options.temperature,
        seed: options.seed,
        max_tokens: options.maxTokens,
        abortSignal: signal,
        cache_prompt: this.options.cachePrompt ?? true,
        timings_per_token: true,
      });
    } catch (error) {
      if (isAbortError(error) || signal?.aborted) aborted = true;
      else {
        const overflow = contextOverflow(error);
        if (overflow !== null) throw new ContextOverflowError(this.modelId, overflow);
        if (isCrash(error)) throw new EngineCrashedError(this.modelId, errorText(error).trim() || 'abort');
        throw error;
      }
    }
    const ended = performance.now();

    const completion = completionTokens ?? pieces;
    if (decodePerSec === undefined && firstTokenAt !== undefined && lastTokenAt !== undefined) {
      // Measured fallback: tokens after the first, over the time since the first arrived.
      const seconds = (Math.max(lastTokenAt, ended) - firstTokenAt) / 1000;
      if (completion > 1 && seconds > 0) decodePerSec = (completion - 1) / seconds;
    }
    const measuredPrefill =
      firstTokenAt !== undefined && promptTokens
        ? promptTokens / Math.max((firstTokenAt - started) / 1000, 1e-6)
        : undefined;
    // llama.cpp's numbers cross a wasm boundary as JSON: checked like any server's.
    const usage: ChatUsage = normaliseUsage({
      promptTokens,
      completionTokens: completion,
      cachedPromptTokens,
      prefillTokensPerSec: prefillPerSec ?? measuredPrefill,
      decodeTokensPerSec: decodePerSec,
    });

    let finishReason: FinishReason;
    if (aborted || signal?.aborted) finishReason = 'abort';
    else if (rawFinish === 'length') finishReason = 'length';
    else finishReason = 'stop';
    return { text, finishReason, usage };
  }
}
