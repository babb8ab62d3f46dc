/**
 * The storage meter shows only what was measured (issue 18, point 12: "0 B of 10.7 GB" with 50 000
 * episodes stored), in real Chromium on real IndexedDB, with thousands of stored episodes.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render } from 'vitest-browser-svelte';
import type { LabService } from '../../src/lab/lab-service';
import type { HistoryState } from '../../src/state/history.svelte';
import type { LabStore, StorageEstimateResult } from '../../src/store';
import { MIN_BYTES_PER_EPISODE } from '../../src/store/estimate';
import StoragePanel from '../../src/ui/history/StoragePanel.svelte';
import { syntheticHistory } from '../helpers/history-fixtures';
import { storeOnlyLab } from '../helpers/lab-services';

const EPISODES = 3000;
/** What Chromium was seen to report with 50 000 episodes stored: nothing used, of a 10 GiB quota. */
const STALE = { usage: 0, quota: 10 * 2 ** 30 };

const names: string[] = [];
const stores: LabStore[] = [];

afterEach(async () => {
  cleanup();
  vi.restoreAllMocks();
  for (const store of stores.splice(0)) store.close();
  for (const name of names.splice(0)) {
    await new Promise<void>((resolve) => {
      const request = indexedDB.deleteDatabase(name);
      request.onsuccess = request.onerror = request.onblocked = () => resolve();
    });
  }
});

/** A lab on its own database holding `count` episodes (imported, as a restored history would be). */
async function labWith(count: number): Promise<LabService> {
  const name = `storage-estimate-${crypto.randomUUID()}`;
  names.push(name);
  const lab = storeOnlyLab(name, { appVersion: 'test', onOpen: (s) => stores.push(s) });
  const items = syntheticHistory(count);
  const header = { kind: 'plasticity-lab-export', schemaVersion: 1, appVersion: 'f', exportedAt: 1, count };
  const file = new Blob([[header, ...items].map((line) => JSON.stringify(line)).join('\n')]);
  expect(await lab.importHistory(file)).toMatchObject({ ok: true, imported: count });
  return lab;
}

async function panel(storage: StorageEstimateResult | null): Promise<HTMLElement> {
  const history = { storage, storageFull: null } as unknown as HistoryState;
  return (await render(StoragePanel, { history, onexport: () => undefined })).container;
}

describe('the storage estimate with many episodes stored', () => {
  it("keeps Chromium's own figure when it accounts for the stored episodes", async () => {
    const lab = await labWith(EPISODES);
    const estimate = await lab.storageEstimate();
    expect(estimate?.episodes).toBe(EPISODES);
    expect(estimate?.usage).toBeGreaterThanOrEqual(EPISODES * MIN_BYTES_PER_EPISODE);
    const text = (await panel(estimate)).textContent ?? '';
    expect(text).toMatch(/Storage used by this site: \d+(\.\d+)? MB of 10\.\d GB/);
  });

  it('calls a figure below what the stored episodes take "not measured yet", with no meter or share', async () => {
    const lab = await labWith(EPISODES);
    vi.spyOn(navigator.storage, 'estimate').mockResolvedValue(STALE);
    const estimate = await lab.storageEstimate();
    expect(estimate).toEqual({ usage: null, quota: STALE.quota, episodes: EPISODES });
    const shown = await panel(estimate);
    const text = shown.textContent ?? '';
    expect(text).toContain('not measured yet');
    expect(text).toContain('3,000 stored episodes');
    expect(text).not.toMatch(/\b0 B\b|%/);
    expect(shown.querySelector('meter')).toBeNull();
  });

  it('warns that storage is nearly full only from a figure the browser accounted for', async () => {
    const lab = await labWith(EPISODES);
    const used = { usage: 0.95 * STALE.quota, quota: STALE.quota };
    vi.spyOn(navigator.storage, 'estimate').mockResolvedValue(used);
    const shown = await panel(await lab.storageEstimate());
    expect(shown.querySelector('[data-testid="storage-nearly-full"]')).not.toBeNull();
    expect(shown.querySelector('meter')?.getAttribute('value')).toBe('0.95');
    cleanup();
    // The same quota with usage unknown: no warning can be given, and none is.
    const unknown = await panel({ usage: null, quota: STALE.quota, episodes: EPISODES });
    expect(unknown.querySelector('[data-testid="storage-nearly-full"]')).toBeNull();
  });
});
