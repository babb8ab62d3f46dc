/**
 * The shape every benchmark reports to `scripts/bench.mjs`: one row per figure. The harness judges
 * each row against its target and prints them all in one table.
 */

/** A figure's goal: `value op target` must hold. */
export interface BenchTarget {
  op: '<' | '<=' | '>=' | '>';
  value: number;
}

export interface BenchRow {
  /** Stable id, used as the key in bench-results/summary.json (e.g. 'lab-overhead.protocol'). */
  id: string;
  /** What was measured, in words. */
  figure: string;
  value: number;
  unit: string;
  target?: BenchTarget;
  /** How it was measured, briefly (shown under the table). */
  detail?: string;
  /** Raw numbers behind the figure, kept in the JSON. */
  data?: Record<string, unknown>;
}

/** A browser benchmark module (`bench/browser/*.bench-browser.ts`). */
export interface BrowserBench {
  run(options: URLSearchParams): Promise<BenchRow[]>;
}

/** Median of a non-empty list. */
export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** The q-quantile (0–1) of a non-empty list, interpolated. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Milliseconds with sub-millisecond precision since the epoch, for a lab clock. */
export function preciseClock(): number {
  return performance.timeOrigin + performance.now();
}

/** Let the page breathe (GC, the harness's polling) between measured blocks. */
export function idle(ms = 0): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
