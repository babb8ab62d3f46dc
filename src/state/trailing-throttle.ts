/**
 * An experiment's results were read again after every finished episode: each read takes every
 * episode with its turns, so a run's cost grew with the square of its size and the page held the
 * runner back (0.21× its own speed with an instant engine, issue 16). A `TrailingThrottle` runs its
 * task at most once per interval and never twice at once; requests in between fold into one run at
 * the end of the interval, so the last state is always read.
 */

/** Calls `run` after `ms`; returns a function that cancels the call. */
export type Delay = (run: () => void, ms: number) => () => void;

const timeoutDelay: Delay = (run, ms) => {
  const timer = setTimeout(run, ms);
  return () => clearTimeout(timer);
};

export class TrailingThrottle {
  #running: Promise<void> | null = null;
  #pending = false;
  #cancel: (() => void) | null = null;
  #lastStart = -Infinity;
  #lastDuration = 0;

  /**
   * @param task what to run (its failure is its own to report; a rejection is ignored here)
   * @param intervalMs the least time between the starts of two runs
   * @param spacing the least time between two starts as a multiple of the last run's duration: with 4,
   *   runs take at most a fifth of the time however slow they become (a results read grows with the
   *   run it reads)
   */
  constructor(
    private readonly task: () => Promise<unknown>,
    private readonly intervalMs: number,
    private readonly now: () => number = () => performance.now(),
    private readonly delay: Delay = timeoutDelay,
    private readonly spacing = 0,
  ) {}

  /** Ask for a run: now if none ran within the interval and none is running, else once, later. */
  request(): void {
    this.#pending = true;
    this.#schedule();
  }

  /** Run now (after the one in flight, if any) and drop what was waiting: the final read of a run. */
  async flush(): Promise<void> {
    this.#cancel?.();
    this.#cancel = null;
    this.#pending = false;
    await this.#running;
    await this.#start();
  }

  #schedule(): void {
    if (!this.#pending || this.#running || this.#cancel) return;
    const gap = Math.max(this.intervalMs, this.spacing * this.#lastDuration);
    const wait = this.#lastStart + gap - this.now();
    if (wait <= 0) {
      void this.#start();
      return;
    }
    this.#cancel = this.delay(() => {
      this.#cancel = null;
      this.#schedule();
    }, wait);
  }

  #start(): Promise<void> {
    this.#pending = false;
    this.#lastStart = this.now();
    const run = this.task()
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => {
        this.#lastDuration = this.now() - this.#lastStart;
        this.#running = null;
        this.#schedule();
      });
    this.#running = run;
    return run;
  }
}
