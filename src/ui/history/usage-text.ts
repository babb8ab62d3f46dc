import type { ChatUsage } from '../../core/engine';

/**
 * A turn's prompt in words: the tokens sent and, where the engine said, how many of them it took from
 * its KV cache and how many it processed again ("prompt 412 tokens: 388 cached, 24 processed").
 */
export function promptUsageText(usage: ChatUsage): string {
  if (usage.promptTokens === undefined) return 'prompt tokens unknown';
  const sent = `prompt ${usage.promptTokens} tokens`;
  if (usage.cachedPromptTokens === undefined) return sent;
  const processed = usage.promptTokens - usage.cachedPromptTokens;
  return `${sent}: ${usage.cachedPromptTokens} cached, ${processed} processed`;
}
