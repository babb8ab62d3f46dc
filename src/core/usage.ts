/**
 * Token usage as the lab stores it. Engines report counts as their server or runtime sends them, and a
 * server is untrusted input: `prompt_tokens: -5`, `completion_tokens: "many"` or `1e400` have all been
 * seen. Every engine adapter passes what it was told through `normaliseUsage`, so what reaches the store
 * is what the import schema accepts; an invalid count is left out (unknown), never stored raw or
 * guessed as 0.
 */
import type { ChatUsage } from './engine';

/** Usage fields as an engine received them: any value, validated here. */
export interface ReportedUsage {
  promptTokens?: unknown;
  completionTokens?: unknown;
  cachedPromptTokens?: unknown;
  prefillTokensPerSec?: unknown;
  decodeTokensPerSec?: unknown;
}

/** A token count: a whole number from 0 up to what a double holds exactly. */
export function isTokenCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** A speed: a finite, positive number of tokens per second. */
export function isTokenRate(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

/**
 * Usage with every invalid field left out. Counts must be whole and non-negative, speeds finite and
 * positive; anything else (negative, fractional, NaN, Infinity, a string, null) becomes unknown. The
 * result has only the keys that are known, so it survives JSON and structured clone unchanged.
 */
export function normaliseUsage(reported: ReportedUsage): ChatUsage {
  const usage: ChatUsage = {};
  if (isTokenCount(reported.promptTokens)) usage.promptTokens = reported.promptTokens;
  if (isTokenCount(reported.completionTokens)) usage.completionTokens = reported.completionTokens;
  // Cached tokens are a part of the prompt: more than the prompt is as invalid as a negative count.
  const cached = reported.cachedPromptTokens;
  if (isTokenCount(cached) && (usage.promptTokens === undefined || cached <= usage.promptTokens)) {
    usage.cachedPromptTokens = cached;
  }
  if (isTokenRate(reported.prefillTokensPerSec)) usage.prefillTokensPerSec = reported.prefillTokensPerSec;
  if (isTokenRate(reported.decodeTokensPerSec)) usage.decodeTokensPerSec = reported.decodeTokensPerSec;
  return usage;
}

/**
 * The usage of several generations (a teacher's drafts) summed: a count is known only when every
 * generation reported it; speeds are the latest generation's.
 */
export function addUsage(total: ChatUsage | undefined, next: ChatUsage): ChatUsage {
  if (!total) return { ...next };
  const sum: ChatUsage = { ...next };
  const prompt = sumKnown(total.promptTokens, next.promptTokens);
  const completion = sumKnown(total.completionTokens, next.completionTokens);
  if (prompt === undefined) delete sum.promptTokens;
  else sum.promptTokens = prompt;
  if (completion === undefined) delete sum.completionTokens;
  else sum.completionTokens = completion;
  return sum;
}

function sumKnown(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined || b === undefined) return undefined;
  const sum = a + b;
  return isTokenCount(sum) ? sum : undefined;
}
