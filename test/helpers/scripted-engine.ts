/**
 * A test-double Engine that replies from a script. It streams each reply piece by piece through
 * `onToken` (one piece = one "token": a word with its leading whitespace), yielding to the event loop
 * between pieces so streaming is observable live; honours `maxTokens` (finishReason 'length') and
 * `signal` (finishReason 'abort' with the text so far); and records every call it receives.
 */
import type {
  ChatMessage,
  ChatOptions,
  ChatResult,
  ChatUsage,
  Engine,
  FinishReason,
} from '../../src/core/engine';

/** One scripted reply. A bare string is `{ text }`. */
export type ScriptStep =
  | string
  | {
      /** The reply, split into word pieces. */
      text?: string;
      /** The reply as explicit pieces (overrides `text`). */
      tokens?: readonly string[];
      /** Reported finish reason when the whole reply was emitted (default 'stop'). */
      finishReason?: FinishReason;
      /** Reject with this after streaming the pieces (an engine failure). */
      error?: string;
      /** After streaming the pieces, wait until the signal aborts (a generation that never ends). */
      hang?: boolean;
    };

export interface ScriptCall {
  messages: ChatMessage[];
  options: ChatOptions;
  /** 0-based index of this call. */
  index: number;
}

/** A list of replies used in order, or a function choosing the reply from the call. */
export type Script = readonly ScriptStep[] | ((call: ScriptCall) => ScriptStep);

/** What the engine recorded about one call (messages deep-copied as received). */
export interface RecordedCall {
  messages: ChatMessage[];
  temperature: number;
  seed: number;
  maxTokens: number;
  streamed: boolean;
}

function pieces(text: string): string[] {
  return text.match(/\s*\S+\s*$|\s*\S+/g) ?? [];
}

function countWords(messages: readonly ChatMessage[]): number {
  return messages.reduce((n, m) => n + (m.content.match(/\S+/g)?.length ?? 0), 0);
}

/** Resolve when `signal` aborts (immediately if it already has). */
function whenAborted(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (!signal) return; // never: the test forgot a signal and will time out, loudly
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

export class ScriptedEngine implements Engine {
  readonly kind = 'test-double';
  readonly calls: RecordedCall[] = [];
  /** Calls started and not yet settled. */
  inFlight = 0;
  /** The most calls ever in flight together. */
  maxInFlight = 0;

  constructor(
    private readonly script: Script,
    readonly modelId = 'scripted-model',
  ) {}

  async chat(messages: ChatMessage[], options: ChatOptions): Promise<ChatResult> {
    const index = this.calls.length;
    this.calls.push({
      messages: messages.map((m) => ({ ...m })),
      temperature: options.temperature,
      seed: options.seed,
      maxTokens: options.maxTokens,
      streamed: options.onToken !== undefined,
    });
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      return await this.reply(messages, options, index);
    } finally {
      this.inFlight--;
    }
  }

  private stepFor(messages: ChatMessage[], options: ChatOptions, index: number): ScriptStep {
    if (typeof this.script === 'function') return this.script({ messages, options, index });
    const step = this.script[index];
    if (step === undefined) throw new Error(`ScriptedEngine: the script has no reply for call ${index + 1}.`);
    return step;
  }

  private async reply(messages: ChatMessage[], options: ChatOptions, index: number): Promise<ChatResult> {
    const raw = this.stepFor(messages, options, index);
    const step = typeof raw === 'string' ? { text: raw } : raw;
    const all = step.tokens ? [...step.tokens] : pieces(step.text ?? '');
    const usage = (completionTokens: number): ChatUsage => ({
      promptTokens: countWords(messages),
      completionTokens,
    });
    let text = '';
    let emitted = 0;
    for (const piece of all) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (options.signal?.aborted) return { text, finishReason: 'abort', usage: usage(emitted) };
      if (emitted >= options.maxTokens) return { text, finishReason: 'length', usage: usage(emitted) };
      text += piece;
      emitted++;
      options.onToken?.(piece);
    }
    if (step.error !== undefined) throw new Error(step.error);
    if (step.hang) {
      await whenAborted(options.signal);
      return { text, finishReason: 'abort', usage: usage(emitted) };
    }
    if (options.signal?.aborted) return { text, finishReason: 'abort', usage: usage(emitted) };
    return { text, finishReason: step.finishReason ?? 'stop', usage: usage(emitted) };
  }
}
