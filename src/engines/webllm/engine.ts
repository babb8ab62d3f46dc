import type {
  ChatMessage,
  ChatOptions,
  ChatResult,
  ChatUsage,
  Engine,
  FinishReason,
} from '../../core/engine';
import { normaliseUsage } from '../../core/usage';

/**
 * The part of web-llm's `MLCEngineInterface` the adapter uses. Typed structurally so a test double
 * with the same shape can stand in for the real engine (which needs weights we cannot download in CI).
 */
export interface MlcChatLike {
  chat: {
    completions: {
      create(request: {
        messages: ChatMessage[];
        stream: true;
        temperature: number;
        seed: number;
        max_tokens: number;
        stream_options: { include_usage: boolean };
        model?: string;
      }): Promise<AsyncIterable<MlcChunk>>;
    };
  };
  interruptGenerate(): void;
}

/** The fields of a web-llm streaming chunk that the adapter reads. */
export interface MlcChunk {
  choices: { delta?: { content?: string | null }; finish_reason?: string | null }[];
  usage?: {
    prompt_tokens: number;
    completion_tokens: number;
    extra?: { prefill_tokens_per_s?: number; decode_tokens_per_s?: number };
  } | null;
}

function finishReasonOf(raw: string | null | undefined, aborted: boolean): FinishReason {
  if (aborted || raw === 'abort') return 'abort';
  return raw === 'length' ? 'length' : 'stop';
}

/** An `Engine` backed by a web-llm `MLCEngine` with one model loaded. */
export class WebLlmEngine implements Engine {
  readonly kind = 'web-llm';

  constructor(
    private readonly mlc: MlcChatLike,
    readonly modelId: string,
  ) {}

  /**
   * Stream a chat completion. Abort maps to `interruptGenerate()`, and the text so far is returned
   * with finish reason 'abort'.
   * @throws {Error} what web-llm throws (device lost, model not loaded).
   */
  async chat(messages: ChatMessage[], options: ChatOptions): Promise<ChatResult> {
    const { signal } = options;
    if (signal?.aborted) {
      return { text: '', finishReason: 'abort', usage: { promptTokens: 0, completionTokens: 0 } };
    }
    const onAbort = () => this.mlc.interruptGenerate();
    signal?.addEventListener('abort', onAbort, { once: true });
    let text = '';
    let rawFinish: string | null | undefined;
    let usage: ChatUsage = { promptTokens: 0, completionTokens: 0 };
    try {
      const stream = await this.mlc.chat.completions.create({
        messages,
        stream: true,
        temperature: options.temperature,
        seed: options.seed,
        max_tokens: options.maxTokens,
        stream_options: { include_usage: true },
        model: this.modelId,
      });
      for await (const chunk of stream) {
        const choice = chunk.choices[0];
        const delta = choice?.delta?.content ?? '';
        if (delta) {
          text += delta;
          options.onToken?.(delta);
        }
        if (choice?.finish_reason) rawFinish = choice.finish_reason;
        if (chunk.usage) {
          // web-llm computes these itself, but a NaN speed (a zero-length decode) is still not a number
          // the store or an import should hold.
          usage = normaliseUsage({
            promptTokens: chunk.usage.prompt_tokens,
            completionTokens: chunk.usage.completion_tokens,
            prefillTokensPerSec: chunk.usage.extra?.prefill_tokens_per_s,
            decodeTokensPerSec: chunk.usage.extra?.decode_tokens_per_s,
          });
        }
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
    return { text, finishReason: finishReasonOf(rawFinish, signal?.aborted ?? false), usage };
  }
}
