/**
 * The engine contract: what the protocol needs from any language model backend.
 * Adapters live in `src/engines/`; this file holds types only so `src/core/` stays pure.
 */
import type { ChatRole, FinishReason } from './protocol/vocabulary';

// Chat roles and finish reasons are closed lists of the vocabulary, which the import schema also reads.
export type { ChatRole, FinishReason };

export interface ChatMessage {
  role: ChatRole;
  content: string;
}

export interface ChatOptions {
  temperature: number;
  seed: number;
  maxTokens: number;
  signal?: AbortSignal;
  /** Called with each new piece of text as it is decoded. */
  onToken?: (delta: string) => void;
}

/**
 * What a generation cost. A count is absent when the engine did not report a valid one (see
 * `usage.ts`: engines pass what they were told through `normaliseUsage`): readers treat a missing
 * count as unknown, never as 0.
 */
export interface ChatUsage {
  /** Prompt tokens sent (the whole conversation so far, templated). */
  promptTokens?: number;
  completionTokens?: number;
  /**
   * Of `promptTokens`, how many the engine took from its KV cache instead of processing them again
   * (llama.cpp's `cache_n`, OpenAI's `prompt_tokens_details.cached_tokens`); absent where the engine
   * does not say. Prompt tokens processed = promptTokens − cachedPromptTokens.
   */
  cachedPromptTokens?: number;
  /** Tokens per second, where the engine reports them. */
  prefillTokensPerSec?: number;
  decodeTokensPerSec?: number;
}

export interface ChatResult {
  text: string;
  finishReason: FinishReason;
  usage: ChatUsage;
}

/**
 * A loaded model that can chat. Implementations bound their concurrent calls themselves: at most
 * `concurrency` requests run at once, the rest wait their turn.
 */
export interface Engine {
  /** Which backend: 'web-llm', 'wllama', 'openai', 'test-double'… */
  readonly kind: string;
  /** The model id as stored with every episode. */
  readonly modelId: string;
  /**
   * How many requests it serves at once (wllama slots, an HTTP server's parallel requests); the
   * experiment runner runs that many episodes at once. Absent means 1 (web-llm: one at a time).
   */
  readonly concurrency?: number;
  /**
   * Generate a reply. Resolves with finishReason 'abort' (and the text so far) when `signal` aborts.
   * @throws {Error} on engine failure (device lost, model unloaded).
   */
  chat(messages: ChatMessage[], options: ChatOptions): Promise<ChatResult>;
}
