/**
 * Any two rows of a summary compared paired by task item: two conditions of one student, two
 * students on one condition, two teachers. Each row carries its per-item outcomes
 * (`ConditionSummary.itemOutcomes`), so a contrast needs no episodes and can be computed on the page.
 */
import { isCompleted, itemKey, solvedAt, type EpisodeOutcomeInput } from './input';
import { pairedDifference, type BootstrapOptions, type PairedDifference } from './paired';

/** One task item of a row: how many of its completed episodes were solved (by the row's budget). */
export interface ItemOutcome {
  /** `itemKey` of the item. */
  item: string;
  solved: number;
  /** Completed episodes of the item in the row. */
  n: number;
}

/** Per-item outcomes of completed episodes, in item-key order. */
export function itemOutcomes(episodes: readonly EpisodeOutcomeInput[]): ItemOutcome[] {
  const byItem = new Map<string, ItemOutcome>();
  for (const e of episodes) {
    if (!isCompleted(e)) continue;
    const item = itemKey(e.config);
    const entry = byItem.get(item) ?? { item, solved: 0, n: 0 };
    entry.n++;
    if (solvedAt(e) !== null) entry.solved++;
    byItem.set(item, entry);
  }
  return [...byItem.values()].sort((x, y) => (x.item < y.item ? -1 : x.item > y.item ? 1 : 0));
}

/** A − B over the items both rows completed. */
export interface Contrast extends PairedDifference {
  /** Items compared (completed on both sides). */
  items: number;
  /** Items only one side has: left out of the comparison. */
  onlyA: number;
  onlyB: number;
}

/**
 * Compare row A with row B paired by item: the mean over shared items of (share solved under A −
 * share solved under B), with Newcombe's interval and McNemar's exact test when each item has one
 * episode per side, else an item bootstrap and the sign test (see `pairedDifference`). Null when the
 * rows share no item.
 * @throws {RangeError} on invalid bootstrap options.
 */
export function contrast(
  a: readonly ItemOutcome[],
  b: readonly ItemOutcome[],
  options: BootstrapOptions = {},
): Contrast | null {
  const other = new Map(b.map((o) => [o.item, o]));
  const shared = a.filter((o) => o.n > 0 && (other.get(o.item)?.n ?? 0) > 0);
  if (shared.length === 0) return null;
  const pairs = shared.map((o) => [o, other.get(o.item)!] as const);
  const single = pairs.every(([x, y]) => x.n === 1 && y.n === 1);
  const difference = pairedDifference(
    pairs.map(([x]) => x.solved / x.n),
    pairs.map(([, y]) => y.solved / y.n),
    single,
    options,
  );
  const mine = new Set(a.filter((o) => o.n > 0).map((o) => o.item));
  return {
    ...difference,
    items: shared.length,
    onlyA: mine.size - shared.length,
    onlyB: b.filter((o) => o.n > 0 && !mine.has(o.item)).length,
  };
}
