/**
 * How much of a server's reply the HTTP engine will hold. A server is untrusted: one that ignores
 * `max_tokens` and streams 64 KB deltas without end filled a tab's memory in seconds and froze it.
 * Every limit is derived from the request's `maxTokens`, with room for any honest server.
 */

/** The most characters one token decodes to that we allow for (long whitespace and code tokens). */
const CHARS_PER_TOKEN = 64;
/** Raw bytes per token: the SSE framing and JSON of one chunk (ids, timings, logprobs) plus its text. */
const BYTES_PER_TOKEN = 2048;
/** Headroom for the first and last chunks (role, usage, timings) of any reply. */
const BASE_BYTES = 64 * 1024;

/** The caps on one reply of at most `maxTokens` tokens. */
export interface ReplyLimits {
  /** Non-empty text deltas: a server sends at most one per token. */
  deltas: number;
  /** Characters of reply text kept. */
  chars: number;
  /** Bytes read from the response body (SSE framing, comments and JSON included). */
  bytes: number;
}

/** The caps for a request of `maxTokens` (at least 1). */
export function replyLimits(maxTokens: number): ReplyLimits {
  const tokens = Math.max(1, Math.floor(Number.isFinite(maxTokens) ? maxTokens : 1));
  return {
    deltas: tokens,
    chars: Math.max(1024, tokens * CHARS_PER_TOKEN),
    bytes: BASE_BYTES + tokens * BYTES_PER_TOKEN,
  };
}

/** A body read up to a byte limit. */
export interface CappedText {
  text: string;
  /** The body went on past `maxBytes`; `text` holds only what came before (and the read was cancelled). */
  truncated: boolean;
}

/**
 * Read a response body as UTF-8 text, at most `maxBytes` of it: error bodies, model lists and
 * non-streamed replies are read through this, never with an unbounded `response.text()`.
 * @throws what reading the body throws (an AbortError when the fetch's signal aborts, a TypeError
 *   when the connection drops).
 */
export async function readCappedText(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
): Promise<CappedText> {
  if (!body) return { text: '', truncated: false };
  const reader = body.getReader();
  const decoder = new TextDecoder('utf-8');
  let text = '';
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { text: text + decoder.decode(), truncated: false };
      const room = maxBytes - bytes;
      if (value.length > room) {
        text += decoder.decode(value.subarray(0, room));
        await reader.cancel().catch(() => undefined);
        return { text, truncated: true };
      }
      bytes += value.length;
      text += decoder.decode(value, { stream: true });
    }
  } finally {
    reader.releaseLock();
  }
}
