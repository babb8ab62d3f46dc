import { bench } from 'vitest';
import { exportEpisodesJsonl, openLabDatabase, parseEpisodesJsonl } from '../src/store';
import { syntheticHistory } from '../test/helpers/history-fixtures';
const N = 2000;
const items = syntheticHistory(N, { seed: 3 });
const file = exportEpisodesJsonl({ schemaVersion: 1, appVersion: 'b', exportedAt: 0 }, items);
const t = async (label: string, fn: () => Promise<unknown> | unknown) => { const s = performance.now(); const r = await fn(); console.log(label, (performance.now() - s).toFixed(0), 'ms'); return r; };
const db = await openLabDatabase({ name: 'probe-' + crypto.randomUUID() });
const parsed = (await t('parse+validate', () => parseEpisodesJsonl(file))) as { ok: true; episodes: typeof items };
await t('batched import', async () => {
  const tx = db.transaction(['episodes', 'turns'], 'readwrite');
  const ep = tx.objectStore('episodes');
  const tu = tx.objectStore('turns');
  const have = new Set(await ep.getAllKeys());
  for (const { episode, turns } of parsed.episodes) {
    if (have.has(episode.id)) continue;
    void ep.add(episode);
    for (const turn of turns) void tu.put({ ...turn, episodeId: episode.id });
  }
  await tx.done;
});
await t('getAll export', async () => {
  const tx = db.transaction(['episodes', 'turns'], 'readonly');
  const [eps, turns] = await Promise.all([tx.objectStore('episodes').index('by-startedAt').getAll(), tx.objectStore('turns').getAll()]);
  const by = new Map<string, unknown[]>();
  for (const { episodeId, ...turn } of turns) { const l = by.get(episodeId) ?? []; l.push(turn); by.set(episodeId, l); }
  return exportEpisodesJsonl({ schemaVersion: 1, appVersion: 'b', exportedAt: 0 }, eps.map((episode) => ({ episode, turns: (by.get(episode.id) ?? []) as never })));
});
bench('noop', () => {}, { iterations: 1, time: 0 });
