/**
 * The engine contract (DESIGN.md §3): what the protocol needs from any language model backend.
 * Adapters live in `src/engines/`; this file holds types only so `src/core/` stays pure.
 */

export type ChatRole = 'system' | 'user' | 'assistant';

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

export type FinishReason = 'stop' | 'length' | 'abort';

/**
 * What a generation cost. A count is absent when the engine did not report a valid one (see
 * `usage.ts`: engines pass what they were told through `normaliseUsage`): readers treat a missing
 * count as unknown, never as 0.
 */
export interface ChatUsage {
  promptTokens?: number;
  completionTokens?: number;
  /** Tokens per second, where the engine reports them. */
  prefillTokensPerSec?: number;
  decodeTokensPerSec?: number;
}

export interface ChatResult {
  text: string;
  finishReason: FinishReason;
  usage: ChatUsage;
}

/** A loaded model that can chat. Implementations must serialise concurrent calls (one request at a time). */
export interface Engine {
  /** Which backend: 'web-llm', 'wllama', 'openai', 'test-double'… */
  readonly kind: string;
  /** The model id as stored with every episode. */
  readonly modelId: string;
  /**
   * Generate a reply. Resolves with finishReason 'abort' (and the text so far) when `signal` aborts.
   * @throws {Error} on engine failure (device lost, model unloaded).
   */
  chat(messages: ChatMessage[], options: ChatOptions): Promise<ChatResult>;
}
