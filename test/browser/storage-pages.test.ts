/**
 * The Models page and the History page both show this site's storage: for the same estimate they must
 * show the same figures. They used to read it through two readers with two byte formatters (decimal
 * kB/MB on History, binary MB on Models), so 5 000 000 000 bytes read "5.0 GB" on one page and "4.7 GB"
 * on the other.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'vitest-browser-svelte';
import type { Remote } from 'comlink';
import type { LabApi } from '../../src/lab/lab-api';
import { LabClient } from '../../src/state/lab-client.svelte';
import { HistoryState } from '../../src/state/history.svelte';
import type { StorageEstimateResult } from '../../src/store';
import StoragePanel from '../../src/ui/history/StoragePanel.svelte';
import ModelsPage from '../../src/ui/models/ModelsPage.svelte';

afterEach(() => cleanup());

/** A page-side client over a worker that answers only what these two pages ask at first. */
function clientWith(estimate: StorageEstimateResult): LabClient {
  const api = {
    storageEstimate: async () => estimate,
    cachedModels: async () => [],
    cachedGgufs: async () => [],
  } as unknown as Remote<LabApi>;
  return new LabClient(() => ({ api, gone: new Promise(() => undefined), close: () => undefined }));
}

/** The used and quota figures a storage line shows: "Storage used…: <used> of <quota>". */
async function figures(container: HTMLElement): Promise<{ used: string; quota: string }> {
  const line = container.querySelector('[data-testid="storage"]');
  await expect.poll(() => line?.querySelector('strong')?.textContent ?? '').not.toBe('');
  const text = (line?.textContent ?? '').replace(/\s+/g, ' ');
  const used = line?.querySelector('strong')?.textContent?.trim() ?? '';
  const quota = /\bof (\S+ \S+)/.exec(text)?.[1] ?? '';
  return { used, quota };
}

const ESTIMATES: StorageEstimateResult[] = [
  // A few thousand episodes, of a quota as Chromium gives it (60 % of a disk).
  { usage: 5_000_000_000, quota: 120_000_000_000, episodes: 3000 },
  { usage: 3_456_789, quota: 10 * 2 ** 30, episodes: 40 },
  { usage: 900, quota: 500 * 2 ** 20, episodes: 0 },
];

describe('storage on the Models and History pages', () => {
  for (const estimate of ESTIMATES) {
    it(`shows the same figures for ${estimate.usage} of ${estimate.quota} bytes`, async () => {
      const client = clientWith(estimate);
      const history = new HistoryState(client);
      await history.refreshStorage();
      const onHistory = await figures(
        (await render(StoragePanel, { history, onexport: () => undefined })).container,
      );
      cleanup();
      const onModels = await figures((await render(ModelsPage, { client })).container);
      expect(onHistory.used).toMatch(/^\d+(\.\d)? [KMGT]?B$/);
      expect(onHistory.quota).toMatch(/^\d+(\.\d)? [KMGT]?B$/);
      expect(onModels).toEqual(onHistory);
    });
  }
});
