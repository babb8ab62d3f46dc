/**
 * How many requests a GGUF model loaded with wllama serves at once (llama.cpp's slots with continuous
 * batching): the episodes an experiment runs together on it. Each slot holds a whole context, so the
 * KV cache grows with every slot; past a few, two CPU cores gain nothing.
 */

/** Slots unless asked otherwise: two decode together at little more than the cost of one on a CPU. */
export const DEFAULT_GGUF_SLOTS = 2;

/** The most the form offers: each slot holds a whole context (4,096 tokens) of KV cache. */
export const MAX_GGUF_SLOTS = 8;

/**
 * The slot count, checked.
 * @throws {RangeError} naming the allowed range when `n` is not a whole number from 1 to MAX_GGUF_SLOTS.
 */
export function checkGgufSlots(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > MAX_GGUF_SLOTS) {
    throw new RangeError(
      `A GGUF model serves 1 to ${MAX_GGUF_SLOTS} requests at once (whole numbers); ${String(n)} is not one of them.`,
    );
  }
  return n;
}
