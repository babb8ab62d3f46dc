/** The browser's account of this origin's storage (`src/core/storage-estimate.ts` checks it). */
import type { BrowserEstimate } from '../core/storage-estimate';

export {
  MIN_BYTES_PER_EPISODE,
  NEARLY_FULL_SHARE,
  checkEstimate,
  shareUsed,
  type BrowserEstimate,
  type StorageEstimateResult,
} from '../core/storage-estimate';

/**
 * The origin's storage usage and quota via `navigator.storage.estimate()`, or null where that API is
 * missing (Node, old browsers) or fails.
 */
export async function estimateStorage(): Promise<BrowserEstimate | null> {
  const storage = (globalThis as { navigator?: { storage?: Partial<StorageManager> } }).navigator?.storage;
  if (typeof storage?.estimate !== 'function') return null;
  try {
    const { usage, quota } = await storage.estimate();
    if (typeof usage !== 'number' || typeof quota !== 'number') return null;
    return { usage, quota };
  } catch {
    return null;
  }
}
