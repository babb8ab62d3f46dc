/**
 * Streamed tokens reach the page one event each, and a fast server sends thousands a second: applying
 * each to reactive state re-rendered the transcript per token and froze the tab. The batcher holds
 * tokens and hands them over at most once per animation frame, joined per (turn, role).
 */

/** Which text a token belongs to. */
export type TokenRole = 'student' | 'feedback';

/** Calls `flush` soon (once per frame); returns a function that cancels the call. */
export type FrameScheduler = (flush: () => void) => () => void;

/**
 * The next animation frame, or 100 ms later when frames do not come (a hidden tab gets none, and its
 * tokens should still land before it is shown again).
 */
export const nextFrame: FrameScheduler = (flush) => {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    if (frame !== undefined) globalThis.cancelAnimationFrame?.(frame);
    flush();
  };
  const frame = globalThis.requestAnimationFrame?.(once);
  const timer = setTimeout(once, 100);
  return () => {
    done = true;
    clearTimeout(timer);
    if (frame !== undefined) globalThis.cancelAnimationFrame?.(frame);
  };
};

/**
 * Joins tokens until the next frame, then gives them to `apply` in the order they came, with how many
 * tokens (stream deltas) each joined text holds, for the live token count.
 */
export class TokenBatcher {
  #pending: { turn: number; role: TokenRole; text: string; count: number }[] = [];
  #cancel: (() => void) | null = null;

  constructor(
    private readonly apply: (turn: number, role: TokenRole, text: string, count: number) => void,
    private readonly schedule: FrameScheduler = nextFrame,
  ) {}

  /** Hold one token for the next flush. */
  add(turn: number, role: TokenRole, delta: string): void {
    const last = this.#pending.at(-1);
    if (last && last.turn === turn && last.role === role) {
      last.text += delta;
      last.count++;
    } else this.#pending.push({ turn, role, text: delta, count: 1 });
    this.#cancel ??= this.schedule(() => {
      this.#cancel = null;
      this.flush();
    });
  }

  /** Apply every held token now (before any other event, so the order on screen is the stream's). */
  flush(): void {
    this.#cancel?.();
    this.#cancel = null;
    const pending = this.#pending;
    this.#pending = [];
    for (const { turn, role, text, count } of pending) this.apply(turn, role, text, count);
  }

  /** Drop held tokens (a new episode starts). */
  clear(): void {
    this.#cancel?.();
    this.#cancel = null;
    this.#pending = [];
  }
}
