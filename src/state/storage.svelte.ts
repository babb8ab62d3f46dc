/**
 * The browser's storage for this site: how much is used, the quota, and whether it is persistent
 * (not evicted under pressure, which matters for multi-hundred-MB models). Usage and quota come from
 * the worker, checked against the store (`store/estimate.ts`): a usage the browser has not accounted
 * for yet is null, never shown as a number.
 */
import type { LabApi } from '../lab/lab-api';

export class StorageInfo {
  /** Bytes used; null when unknown (the browser does not tell, or its figure is out of date). */
  usage = $state<number | null>(null);
  quota = $state<number | null>(null);
  persisted = $state<boolean | null>(null);
  message = $state<string | null>(null);

  readonly #api: Pick<LabApi, 'storageEstimate'>;

  /** @param api the worker's `storageEstimate` (the page's LabClient.api). */
  constructor(api: Pick<LabApi, 'storageEstimate'>) {
    this.#api = api;
  }

  async refresh(): Promise<void> {
    const storage = globalThis.navigator?.storage;
    const estimate = await this.#api.storageEstimate().catch(() => null);
    this.usage = estimate?.usage ?? null;
    this.quota = estimate?.quota ?? null;
    this.persisted = storage?.persisted ? await storage.persisted() : null;
  }

  /** Ask the browser to keep this site's data; it may say no (then nothing changes). */
  async persist(): Promise<void> {
    const granted = (await globalThis.navigator?.storage?.persist?.()) ?? false;
    this.message = granted
      ? 'Storage is now persistent: the browser will not clear models and episodes to make room.'
      : 'The browser declined persistent storage (browsers usually grant it to installed or often-used sites).';
    await this.refresh();
  }
}

/** Bytes as MB or GB for people. */
export function formatBytes(bytes: number | null): string {
  if (bytes === null) return 'unknown';
  return bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(1)} GB` : `${(bytes / 2 ** 20).toFixed(1)} MB`;
}
