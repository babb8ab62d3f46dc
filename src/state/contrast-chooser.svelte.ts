/**
 * The results page's "compare two rows" state: which two rows, the contrast between them, and how
 * many different pairs this page has shown (for the multiplicity note).
 */
import { untrack } from 'svelte';
import { BASELINE_CONDITION_KEY, contrast, type ConditionSummary, type Contrast } from '../core/metrics';

export class ContrastChooser {
  /** Row keys (ConditionSummary.key) of side A and side B; null until chosen. */
  a = $state<string | null>(null);
  b = $state<string | null>(null);
  /** Unordered pairs shown so far on this page. */
  #seen = $state<string[]>([]);

  /** Pick a default pair when none is chosen: the first non-retry row against its slice's retry. */
  defaults(rows: readonly ConditionSummary[]): void {
    if (this.a !== null && rows.some((r) => r.key === this.a)) return;
    const first = rows.find((r) => r.conditionKey !== BASELINE_CONDITION_KEY) ?? rows[0];
    const retry =
      rows.find((r) => r.conditionKey === BASELINE_CONDITION_KEY && r.sliceKey === first?.sliceKey) ??
      rows.find((r) => r.key !== first?.key);
    this.a = first?.key ?? null;
    this.b = retry?.key ?? null;
  }

  /** A − B for the chosen rows; null when either is missing, they are the same row, or share no item. */
  result(rows: readonly ConditionSummary[]): Contrast | null {
    const a = rows.find((r) => r.key === this.a);
    const b = rows.find((r) => r.key === this.b);
    if (!a || !b || a.key === b.key) return null;
    return contrast(a.itemOutcomes, b.itemOutcomes);
  }

  /** Record that the current pair was read (call when it is shown). */
  noteShown(): void {
    if (this.a === null || this.b === null || this.a === this.b) return;
    const pair = [this.a, this.b].sort().join('\u0000');
    // Read without tracking: called from an effect that follows a and b, not the list it grows.
    untrack(() => {
      if (!this.#seen.includes(pair)) this.#seen = [...this.#seen, pair];
    });
  }

  /** How many different pairs were shown. */
  get comparisons(): number {
    return this.#seen.length;
  }
}
