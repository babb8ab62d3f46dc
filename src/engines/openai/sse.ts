/**
 * A small server-sent events parser (the WHATWG "event stream" format) for streamed chat completions.
 * Network reads split the stream anywhere (mid-line, between CR and LF, inside a UTF-8 sequence), so
 * the parser keeps the unfinished line between pushes and never assumes a read ends at a line break.
 */

/** One dispatched event. `event` is 'message' unless the server named it. */
export interface SseMessage {
  event: string;
  /** The event's data lines joined with '\n'. */
  data: string;
  /** The last event id seen in the stream ('' when none). */
  id: string;
}

const LF = 10;
const CR = 13;

/** Incremental parser: push text as it arrives, collect the messages each push completes. */
export class SseParser {
  /** The line read so far, not yet terminated. */
  private partial = '';
  /** The previous push ended with CR: a leading LF in the next push belongs to the same line break. */
  private afterCr = false;
  private started = false;
  private dataBuffer = '';
  private eventType = '';
  private lastId = '';

  /** Feed the next piece of decoded text; returns the messages it completes, in order. */
  push(text: string): SseMessage[] {
    const out: SseMessage[] = [];
    let chunk = text;
    if (!this.started && chunk.length > 0) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (this.afterCr) {
        this.afterCr = false;
        if (c === LF) {
          start = i + 1;
          continue;
        }
      }
      if (c === LF || c === CR) {
        const line = this.partial + chunk.slice(start, i);
        this.partial = '';
        this.processLine(line, out);
        this.afterCr = c === CR;
        start = i + 1;
      }
    }
    this.partial += chunk.slice(start);
    return out;
  }

  /**
   * The stream has ended. The spec drops an event that was not followed by a blank line; some servers
   * close right after their last `data:` line, so that event is dispatched instead of lost.
   */
  end(): SseMessage[] {
    const out: SseMessage[] = [];
    if (this.partial !== '') {
      const line = this.partial;
      this.partial = '';
      this.processLine(line, out);
    }
    this.dispatch(out);
    this.afterCr = false;
    return out;
  }

  private processLine(line: string, out: SseMessage[]): void {
    if (line === '') {
      this.dispatch(out);
      return;
    }
    if (line.charCodeAt(0) === 0x3a) return; // ':' starts a comment (keep-alives)
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 0x20) value = value.slice(1);
    switch (field) {
      case 'data':
        this.dataBuffer += value + '\n';
        break;
      case 'event':
        this.eventType = value;
        break;
      case 'id':
        if (!value.includes('\0')) this.lastId = value;
        break;
      default:
        break; // 'retry' and unknown fields do not matter to a fetch-based reader
    }
  }

  private dispatch(out: SseMessage[]): void {
    if (this.dataBuffer === '') {
      this.eventType = '';
      return;
    }
    out.push({ event: this.eventType || 'message', data: this.dataBuffer.slice(0, -1), id: this.lastId });
    this.dataBuffer = '';
    this.eventType = '';
  }
}

/** The stream went on past `ReadSseOptions.maxBytes`; reading stopped there and the body was cancelled. */
export class SseLimitError extends Error {
  override name = 'SseLimitError';
  constructor(readonly maxBytes: number) {
    super(`The event stream went on past ${maxBytes} bytes.`);
  }
}

export interface ReadSseOptions {
  /**
   * Read at most this many bytes. The parser holds an unfinished line until its end comes, so without
   * a limit a stream with no line break (or no end) would grow without bound.
   */
  maxBytes?: number;
  /** Called with the size of every read, before it is parsed (comments included: a sign of life). */
  onBytes?: (bytes: number) => void;
}

/**
 * The events of a response body as they arrive. Bytes are decoded as streaming UTF-8, so a character
 * split across reads survives. Leaving the loop early (break, throw) cancels the body.
 * @throws {SseLimitError} when the body goes on past `options.maxBytes` (the events before are yielded).
 * @throws what reading the body throws (an AbortError when the fetch's signal aborts, a TypeError
 *   when the connection drops).
 */
export async function* readSse(
  body: ReadableStream<Uint8Array>,
  options: ReadSseOptions = {},
): AsyncGenerator<SseMessage> {
  const reader = body.getReader();
  const decoder = new TextDecoder('utf-8');
  const parser = new SseParser();
  const maxBytes = options.maxBytes ?? Infinity;
  let total = 0;
  let done = false;
  try {
    for (;;) {
      const read = await reader.read();
      if (read.done) break;
      options.onBytes?.(read.value.length);
      total += read.value.length;
      if (total > maxBytes) {
        // What fits is still parsed: a complete event before the limit is not lost.
        const room = read.value.length - (total - maxBytes);
        yield* parser.push(decoder.decode(read.value.subarray(0, room), { stream: true }));
        throw new SseLimitError(maxBytes);
      }
      yield* parser.push(decoder.decode(read.value, { stream: true }));
    }
    done = true;
    yield* parser.push(decoder.decode());
    yield* parser.end();
  } finally {
    if (!done) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
