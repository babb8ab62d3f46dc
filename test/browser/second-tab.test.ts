/**
 * A second tab opening while another runs an episode (issue 16, point 5): the new lab worker serves
 * reads (the history, the model list) as soon as the store is open, without waiting for the startup
 * sweep, which waits on the other tab's episode lock (`liveEpisodeIds`, 1.5 s). Writes still wait for
 * the sweep, so it can never mark an episode this tab starts meanwhile. Checked by order of events,
 * not by timing (the benchmark times it: `npm run bench`, store: "second tab first read").
 */
import { afterEach, describe, expect, it } from 'vitest';
import { environments } from '../../src/core/envs';
import { defaultEpisodeConfig } from '../../src/core/protocol';
import { holdEpisodeLock } from '../../src/lab/locks';
import { openLabStore, type LabStore } from '../../src/store';
import { storeOnlyLab } from '../helpers/lab-services';

const names: string[] = [];
const stores: LabStore[] = [];

afterEach(async () => {
  for (const store of stores.splice(0)) store.close();
  for (const name of names.splice(0)) indexedDB.deleteDatabase(name);
});

const maze = environments.maze!;
const config = defaultEpisodeConfig('maze', { params: maze.presets.easy, student: { kind: 'human' } });

describe('a second tab while another runs an episode', () => {
  it('reads at once, shows the other tab’s episode running, and writes only after the sweep', async () => {
    const name = `second-tab-${crypto.randomUUID()}`;
    names.push(name);
    const first = await openLabStore({ name });
    stores.push(first);
    const task = maze.generate(maze.presets.easy, 1, 0);
    const running = await first.createEpisode({ config, task, startedAt: 1, appVersion: 'test' });
    const left = await first.createEpisode({ config, task, startedAt: 2, appVersion: 'test' });
    // The other tab runs `running` (holds its lock); `left` was cut short by a tab that closed.
    const release = await holdEpisodeLock(running.id);
    try {
      const lab = storeOnlyLab(name, { appVersion: 'test', onOpen: (s) => stores.push(s) });
      const order: string[] = [];
      const swept = lab.interruptedAtStartup().then((n) => (order.push('sweep'), n));
      const page = lab.queryHistory({ sort: 'oldest' }).then((p) => (order.push('history'), p));
      const models = lab.models().then((m) => (order.push('models'), m));
      const deleted = lab.deleteEpisodes({ ids: [left.id] }).then((n) => (order.push('delete'), n));
      const [count, rows] = await Promise.all([swept, page, models, deleted]);
      // Reads came before the sweep ended; the write after it.
      expect(order.indexOf('history')).toBeLessThan(order.indexOf('sweep'));
      expect(order.indexOf('models')).toBeLessThan(order.indexOf('sweep'));
      expect(order.indexOf('delete')).toBeGreaterThan(order.indexOf('sweep'));
      // Read before the sweep, the closed tab's episode already reads as interrupted; the live one runs.
      expect(rows.rows.map((r) => [r.id, r.status])).toEqual([
        [running.id, 'running'],
        [left.id, 'interrupted'],
      ]);
      expect(count).toBe(1);
      expect((await lab.queryHistory()).rows.map((r) => r.id)).toEqual([running.id]);
    } finally {
      await release();
    }
  }, 30_000);
});
