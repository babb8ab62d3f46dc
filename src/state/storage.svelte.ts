/**
 * The browser's storage for this site, read one way for every page that shows it (Models, History):
 * how much is used, the quota, and whether it is persistent (not evicted under pressure, which
 * matters for multi-hundred-MB models). Usage and quota come from the worker, checked against the
 * store (`store/estimate.ts`): a usage the browser has not accounted for yet is null, never shown as
 * a number. Figures are written with `core/format-bytes.ts`.
 */
import type { LabApi } from '../lab/lab-api';
import type { StorageEstimateResult } from '../store';

export class StorageInfo {
  /** The worker's estimate; null when the browser does not tell (or the worker could not ask). */
  estimate = $state.raw<StorageEstimateResult | null>(null);
  persisted = $state<boolean | null>(null);
  message = $state<string | null>(null);

  readonly #api: () => Pick<LabApi, 'storageEstimate'>;

  /** @param api the worker's API, asked for at each refresh (a restart replaces it): `() => client.api`. */
  constructor(api: () => Pick<LabApi, 'storageEstimate'>) {
    this.#api = api;
  }

  /** Bytes used; null when unknown (the browser does not tell, or its figure is out of date). */
  get usage(): number | null {
    return this.estimate?.usage ?? null;
  }

  /** Bytes this site may use; null when the browser does not tell. */
  get quota(): number | null {
    return this.estimate?.quota ?? null;
  }

  async refresh(): Promise<void> {
    const storage = globalThis.navigator?.storage;
    this.estimate = await this.#api()
      .storageEstimate()
      .catch(() => null);
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
