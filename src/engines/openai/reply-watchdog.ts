/**
 * Time-outs for one HTTP chat request. A server that accepts the connection and then sends no headers,
 * no text, or only keep-alive comments would otherwise hold an unattended experiment forever. The
 * watchdog aborts its own signal (passed to fetch) when a wait runs out, and says which wait it was.
 */
import { ServerTimeoutError, type ServerWait } from '../errors';

/** How long the HTTP engine waits for a server. */
export interface OpenAiTimeouts {
  /**
   * From sending the request to the first piece of reply text, headers included. Generous: a server
   * may load the model or read a long prompt first. Default 180 s.
   */
  startMs: number;
  /** Between one piece of text and the next; keep-alive comments and empty chunks do not count. Default 60 s. */
  idleMs: number;
}

export const DEFAULT_OPENAI_TIMEOUTS: Readonly<OpenAiTimeouts> = { startMs: 180_000, idleMs: 60_000 };

/** Watches one request: arm it, tell it what arrives, read `error` once its signal has aborted. */
export class ReplyWatchdog {
  readonly #controller = new AbortController();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #wait: ServerWait = 'headers';
  #bytesSinceText = false;
  #error: ServerTimeoutError | null = null;

  constructor(
    private readonly url: string,
    private readonly timeouts: OpenAiTimeouts,
  ) {
    this.#arm(timeouts.startMs);
  }

  /** Aborts when a wait runs out. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** The time-out that fired, or null while none has. */
  get error(): ServerTimeoutError | null {
    return this.#error;
  }

  /** The reply's headers are in: the wait for its first text goes on, on the same clock. */
  headers(): void {
    if (this.#wait === 'headers') this.#wait = 'first-text';
  }

  /** Bytes arrived (maybe only a comment): noted for the message, but they do not reset the clock. */
  bytes(): void {
    this.#bytesSinceText = true;
  }

  /** A piece of text arrived: the wait for the next one starts now. */
  text(): void {
    this.#wait = 'next-text';
    this.#bytesSinceText = false;
    this.#arm(this.timeouts.idleMs);
  }

  /** The request is over (done, failed or aborted): no time-out will fire. */
  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #arm(ms: number): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      const seconds = Math.round(ms / 100) / 10;
      this.#error = new ServerTimeoutError(this.url, this.#wait, seconds, this.#bytesSinceText);
      this.#controller.abort(this.#error);
    }, ms);
  }
}
