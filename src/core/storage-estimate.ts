/**
 * How much of the origin's storage quota is used, checked against what the store itself holds (issue
 * 18, point 12). `navigator.storage.estimate()` is the browser's bookkeeping, not a measurement taken
 * when asked: Chromium keeps a per-bucket usage figure that it updates when it is told of writes, and
 * it has been seen reporting "0 B" with 50 000 episodes stored. A figure that small cannot be right,
 * so it is shown as not known rather than as a number nobody measured. Pure: the store reads the
 * browser (`store/estimate.ts`), the pages read these.
 */

/** What the browser reports, as it reports it. */
export interface BrowserEstimate {
  /** Bytes used by this origin, by the browser's account. */
  usage: number;
  /** Bytes this origin may use. */
  quota: number;
}

export interface StorageEstimateResult {
  /**
   * Bytes used by this origin, as the browser reports them; null when that figure cannot be right
   * (less than the stored episodes take at the very least, see `MIN_BYTES_PER_EPISODE`).
   */
  usage: number | null;
  /** Bytes this origin may use. */
  quota: number;
  /** Episodes in the store, counted there (an index count, no record read). */
  episodes: number;
}

/**
 * Fewer bytes than this per stored episode cannot be a real account of them: an episode's config and
 * task alone are over 500 bytes of JSON, and Chromium stores a five-turn episode in about 3 KB
 * compressed. Far below both, so a true figure is never called unknown.
 */
export const MIN_BYTES_PER_EPISODE = 100;

/** The share of the quota past which the history page warns that storage is nearly full. */
export const NEARLY_FULL_SHARE = 0.9;

/**
 * The browser's figure checked against the store: its usage is kept only when it is at least what
 * `episodes` stored episodes must take (`MIN_BYTES_PER_EPISODE` each).
 */
export function checkEstimate(browser: BrowserEstimate, episodes: number): StorageEstimateResult {
  const plausible = Number.isFinite(browser.usage) && browser.usage >= episodes * MIN_BYTES_PER_EPISODE;
  return { usage: plausible ? browser.usage : null, quota: browser.quota, episodes };
}

/** The share of the quota in use, from a usage the browser accounted for; null when that is unknown. */
export function shareUsed(estimate: StorageEstimateResult): number | null {
  return estimate.usage !== null && estimate.quota > 0 ? estimate.usage / estimate.quota : null;
}
