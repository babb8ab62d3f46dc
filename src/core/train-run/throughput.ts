/**
 * Tokens per second and time left, from the steps actually measured: the mean over a window of the
 * latest steps (a step that compiled a new batch shape is slow once; the window lets it age out).
 * Nothing is estimated before a step has been timed.
 */

/** One timed step. */
export interface TimedStep {
  /** Tokens the step read (transcript bytes in its rows, padding excluded). */
  tokens: number;
  ms: number;
}

/** Steps the averages run over. */
export const THROUGHPUT_WINDOW = 20;

/** What the measured steps say. */
export interface Throughput {
  /** Null until a step has been timed. */
  tokensPerSecond: number | null;
  msPerStep: number | null;
}

/** Throughput over the last {@link THROUGHPUT_WINDOW} of `steps`. */
export function throughput(steps: readonly TimedStep[]): Throughput {
  const recent = steps.slice(-THROUGHPUT_WINDOW);
  const ms = recent.reduce((n, s) => n + s.ms, 0);
  if (recent.length === 0 || ms <= 0) return { tokensPerSecond: null, msPerStep: null };
  const tokens = recent.reduce((n, s) => n + s.tokens, 0);
  return { tokensPerSecond: (tokens * 1000) / ms, msPerStep: ms / recent.length };
}

/** Milliseconds left for `stepsLeft` steps at the measured pace; null before any step is timed. */
export function msLeft(measured: Throughput, stepsLeft: number): number | null {
  return measured.msPerStep === null ? null : Math.max(0, stepsLeft) * measured.msPerStep;
}

/** "1 h 05 min", "3 min 20 s", "12 s": a duration for the progress bar. */
export function durationText(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}
