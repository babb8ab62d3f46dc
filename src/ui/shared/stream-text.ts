/** The live words under a generating turn: tokens so far and speed, and why an attempt stopped. */
import type { FinishReason } from '../../core/engine';
import type { StreamStats } from '../../state/episode-session.svelte';

/**
 * "generating… 42 tokens · 12.3 tokens/s" while a model writes. The speed is measured on the page
 * between the first and the latest token that arrived, so it is shown only once two frames of tokens
 * came (before that there is no interval to divide by); before any token: "generating…".
 */
export function generatingText(stream: StreamStats): string {
  if (stream.tokens === 0) return 'generating…';
  const count = `${stream.tokens} token${stream.tokens === 1 ? '' : 's'}`;
  const span = stream.firstAt !== null && stream.lastAt !== null ? stream.lastAt - stream.firstAt : 0;
  if (span <= 0 || stream.tokens < 2) return `generating… ${count}`;
  // The first token opens the interval; the ones after it arrived inside it.
  const rate = ((stream.tokens - 1) * 1000) / span;
  return `generating… ${count} · ${rate.toFixed(1)} tokens/s`;
}

/** Why a finished attempt stopped, in words, when it matters: cut at the token limit. Null otherwise. */
export function finishText(finishReason: FinishReason | null, maxTokens: number): string | null {
  if (finishReason === 'length') return `cut off at the ${maxTokens}-token limit`;
  return null;
}
