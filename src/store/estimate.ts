/** How much of the origin's storage quota is used, where the browser tells. */

export interface StorageEstimateResult {
  /** Bytes used by this origin. */
  usage: number;
  /** Bytes this origin may use. */
  quota: number;
}

/**
 * The origin's storage usage and quota via `navigator.storage.estimate()`, or null where that API is
 * missing (Node, old browsers) or fails.
 */
export async function estimateStorage(): Promise<StorageEstimateResult | null> {
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
