import { it, expect } from 'vitest';
import { syntheticHistory } from '../../test/helpers/history-fixtures';
import { exportEpisodesJsonl, parseEpisodesJsonl } from '../../src/store';
it('fixtures valid', () => {
  const t0 = performance.now();
  const h = syntheticHistory(2000);
  const t1 = performance.now();
  const text = exportEpisodesJsonl({ schemaVersion: 1, appVersion: 'x', exportedAt: 1 }, h);
  const p = parseEpisodesJsonl(text);
  console.log('gen ms', t1 - t0, 'bytes/episode', text.length / 2000, p.ok ? 'ok' : JSON.stringify(p.errors.slice(0, 3)));
  expect(p.ok).toBe(true);
});
