/**
 * The history's export, import, queries, deletion and resume on real IndexedDB in Chromium, through
 * the lab worker's service (run in the page with a private database per test).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { environments } from '../../src/core/envs';
import { defaultEpisodeConfig, type HumanInput } from '../../src/core/protocol';
import type { LabService } from '../../src/lab/lab-service';
import type { LabEvent } from '../../src/lab/lab-api';
import { runningExperimentIds, tryHoldExperimentLock } from '../../src/lab/locks';
import { openLabStore, type EpisodeWithTurns, type LabStore } from '../../src/store';
import { syntheticHistory } from '../helpers/history-fixtures';
import { storeOnlyLab } from '../helpers/lab-services';

const names: string[] = [];
const stores: LabStore[] = [];

function freshName(): string {
  const name = `history-test-${crypto.randomUUID()}`;
  names.push(name);
  return name;
}

/** A LabService on its own empty database; the clock is fixed so exports are comparable byte for byte. */
function service(name = freshName()): LabService {
  return storeOnlyLab(name, {
    appVersion: 'test',
    clock: () => 1_700_000_000_000,
    onOpen: (store) => stores.push(store),
  });
}

async function seeded(items: EpisodeWithTurns[]): Promise<LabService> {
  const lab = service();
  const text = exportOf(items);
  const result = await lab.importHistory(text);
  if (!result.ok) throw new Error(`fixture import refused: ${JSON.stringify(result.errors)}`);
  expect(result).toMatchObject({ ok: true, imported: items.length, skipped: 0 });
  return lab;
}

function exportOf(items: EpisodeWithTurns[]): string {
  return [
    JSON.stringify({
      kind: 'plasticity-lab-export',
      schemaVersion: 1,
      appVersion: 'fixture',
      exportedAt: 1,
      count: items.length,
    }),
    ...items.map((item) => JSON.stringify(item)),
  ].join('\n');
}

afterEach(async () => {
  for (const store of stores.splice(0)) store.close();
  await Promise.all(
    names.splice(0).map(
      (name) =>
        new Promise<void>((resolve) => {
          const request = indexedDB.deleteDatabase(name);
          request.onsuccess = request.onerror = request.onblocked = () => resolve();
        }),
    ),
  );
});

describe('export and import on real IndexedDB', () => {
  it('an export imported into an empty database gives deep-equal episodes, and the same export byte for byte', async () => {
    const items = syntheticHistory(60, { seed: 5 });
    const source = await seeded(items);
    const exported = await (await source.exportHistory()).text();
    expect(exported.split('\n').filter(Boolean)).toHaveLength(61);

    const target = service();
    expect(await target.importHistory(exported)).toMatchObject({ ok: true, imported: 60, skipped: 0 });
    for (const { episode } of items) {
      const a = await source.getEpisode(episode.id);
      const b = await target.getEpisode(episode.id);
      expect(b).toEqual(a);
      expect(b?.turns.length).toBe(episode.turnsDone);
    }
    expect(await (await target.exportHistory()).text()).toBe(exported);

    // Importing the same file again skips every episode and writes nothing new.
    expect(await target.importHistory(exported)).toMatchObject({ ok: true, imported: 0, skipped: 60 });
    expect((await target.queryHistory({ limit: 500 })).total).toBe(60);
  });

  it('a file with one bad line writes nothing, and says which line and why', async () => {
    const items = syntheticHistory(8, { seed: 6 });
    const lines = exportOf(items).split('\n');
    const bad = JSON.parse(lines[4]!) as EpisodeWithTurns;
    (bad.episode as unknown as { turnsDone: string }).turnsDone = 'five';
    lines[4] = JSON.stringify(bad);

    const lab = service();
    const result = await lab.importHistory(lines.join('\n'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.line)).toEqual([5]);
    expect(result.errors[0]?.reason).toMatch(/turnsDone/);
    expect((await lab.queryHistory()).total).toBe(0);
    for (const { episode } of items) expect(await lab.getEpisode(episode.id)).toBeUndefined();

    // Nor into a database that already holds episodes.
    const other = await seeded(syntheticHistory(3, { seed: 7 }));
    expect((await other.importHistory(lines.join('\n'))).ok).toBe(false);
    expect((await other.queryHistory()).total).toBe(3);
  });

  it('exports a selection or a filter’s result only', async () => {
    const items = syntheticHistory(40, { seed: 8 });
    const lab = await seeded(items);
    const picked = [items[3]!.episode.id, items[17]!.episode.id];
    const selection = (await (await lab.exportHistory({ ids: picked })).text()).trim().split('\n');
    expect(selection).toHaveLength(3);
    expect(selection.slice(1).map((l) => (JSON.parse(l) as EpisodeWithTurns).episode.id)).toEqual(picked);

    const filtered = (
      await (await lab.exportHistory({ query: { envId: 'maze', conditionKind: 'binary' } })).text()
    )
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => (JSON.parse(l) as EpisodeWithTurns).episode);
    const expected = items.filter((i) => i.episode.envId === 'maze' && i.episode.conditionKind === 'binary');
    expect(filtered.map((e) => e.id)).toEqual(expected.map((i) => i.episode.id));
    expect(filtered.length).toBeGreaterThan(0);
  });
});

describe('history queries on real IndexedDB', () => {
  it('filters, searches, sorts and pages', async () => {
    const items = syntheticHistory(120, { seed: 9 });
    const lab = await seeded(items);
    const all = items.map((i) => i.episode);

    const page = await lab.queryHistory({ envId: 'arithmetic', conditionKind: 'retry', limit: 5 });
    const want = all.filter((e) => e.envId === 'arithmetic' && e.conditionKind === 'retry');
    expect(page.total).toBe(want.length);
    expect(page.rows.map((e) => e.id)).toEqual(
      [...want]
        .sort((a, b) => b.startedAt - a.startedAt)
        .slice(0, 5)
        .map((e) => e.id),
    );

    const second = await lab.queryHistory({ offset: 50, limit: 50, sort: 'oldest' });
    expect(second.rows.map((e) => e.id)).toEqual(all.slice(50, 100).map((e) => e.id));

    const from = all[10]!.startedAt;
    const to = all[19]!.startedAt;
    expect((await lab.queryHistory({ from, to })).total).toBe(10);
    const inRange = all.slice(10, 20);
    for (const filters of [{ envId: 'maze' }, { envId: 'maze', conditionKind: inRange[0]!.conditionKind }]) {
      const dated = await lab.queryHistory({ ...filters, from, to, sort: 'oldest' });
      const expected = inRange.filter(
        (e) =>
          e.envId === filters.envId && (!filters.conditionKind || e.conditionKind === filters.conditionKind),
      );
      expect(expected.length).toBeGreaterThan(0);
      expect(dated.total).toBe(expected.length);
      expect(dated.rows.map((e) => e.id)).toEqual(expected.map((e) => e.id));
    }
    expect((await lab.queryHistory({ from: to, to: from })).total).toBe(0);

    const solved = await lab.queryHistory({ sort: 'solved-soonest', limit: 500 });
    const turnsOrder = solved.rows.map((e) => e.solvedAtTurn ?? Infinity);
    expect(turnsOrder).toEqual([...turnsOrder].sort((a, b) => a - b));
    expect(solved.total).toBe(120);

    const target = items[42]!;
    const phrase = target.turns[0]!.feedback?.text ?? target.turns[0]!.attempt;
    const says = (item: EpisodeWithTurns, text: string) =>
      item.turns.some((t) =>
        `${t.attempt}\n${t.feedback?.text ?? ''}`.toLowerCase().includes(text.toLowerCase()),
      );
    const newestFirst = [...items].sort((a, b) => b.episode.startedAt - a.episode.startedAt);
    for (let run = 0; run < 2; run++) {
      // The second time from the cached text; both give every match, newest first, and page alike.
      const hits = await lab.queryHistory({ text: phrase.toUpperCase(), limit: 500 });
      const expected = newestFirst.filter((i) => says(i, phrase)).map((i) => i.episode.id);
      expect(hits.rows.map((e) => e.id)).toEqual(expected);
      expect(hits.total).toBe(expected.length);
      expect(hits.rows.map((e) => e.id)).toContain(target.episode.id);
    }
    const word = 'look again';
    const withWord = newestFirst.filter((i) => says(i, word) && i.episode.envId === 'maze');
    const paged = await lab.queryHistory({ text: word, envId: 'maze', offset: 2, limit: 3 });
    expect(paged.total).toBe(withWord.length);
    expect(paged.rows.map((e) => e.id)).toEqual(withWord.slice(2, 5).map((i) => i.episode.id));
    const soonest = await lab.queryHistory({ text: word, sort: 'solved-soonest', limit: 500 });
    expect(soonest.total).toBe(newestFirst.filter((i) => says(i, word)).length);
    const order = soonest.rows.map((e) => e.solvedAtTurn ?? Infinity);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect((await lab.queryHistory({ text: 'no attempt says this, surely' })).total).toBe(0);

    const facets = await lab.historyFacets();
    expect(facets.total).toBe(120);
    expect(facets.envIds).toEqual([...new Set(all.map((e) => e.envId))].sort());
  });

  it('finds a running episode by the text of turns written after an earlier search', async () => {
    const items = syntheticHistory(12, { seed: 5 });
    const name = freshName();
    const lab = service(name);
    expect(await lab.importHistory(exportOf(items))).toMatchObject({ ok: true });
    const store = await openLabStore({ name });
    stores.push(store);
    const { episode, turns } = items.find((i) => i.turns.length >= 2)!;
    const live = await store.createEpisode({
      config: episode.config,
      task: episode.task,
      startedAt: 1,
      appVersion: 't',
    });
    await store.appendTurn(live.id, { ...turns[0]!, attempt: 'first try' });
    expect((await lab.queryHistory({ text: 'second go' })).total).toBe(0);
    await store.appendTurn(live.id, { ...turns[1]!, attempt: 'second go' });
    expect((await lab.queryHistory({ text: 'second go' })).rows.map((e) => e.id)).toEqual([live.id]);
  });

  it('deletes an experiment with its episodes, but not while some tab runs it', async () => {
    const items = syntheticHistory(12, { seed: 4 }).map((item, i) =>
      i % 3 === 0 ? { ...item, episode: { ...item.episode, experimentId: 'exp-1' } } : item,
    );
    const name = freshName();
    const lab = service(name);
    expect(await lab.importHistory(exportOf(items))).toMatchObject({ ok: true, imported: 12 });
    const store = await openLabStore({ name });
    stores.push(store);
    await store.putExperiment({ id: 'exp-1', name: 'e', createdAt: 1, appVersion: 'test', design: null });

    // Another tab running it holds its lock: refused, nothing deleted.
    const release = (await tryHoldExperimentLock('exp-1'))!;
    await expect(lab.deleteExperiment('exp-1')).rejects.toThrow(/running/);
    expect((await lab.queryHistory()).total).toBe(12);
    release();
    await expect.poll(runningExperimentIds).not.toContain('exp-1');

    expect(await lab.deleteExperiment('exp-1')).toBe(4);
    expect(await store.getExperiment('exp-1')).toBeUndefined();
    const left = (await lab.queryHistory({ limit: 50 })).rows;
    expect(left.map((e) => e.id).sort()).toEqual(
      items
        .filter((_, i) => i % 3 !== 0)
        .map((i) => i.episode.id)
        .sort(),
    );
    expect(await lab.getEpisode(items[0]!.episode.id)).toBeUndefined();
    await expect(lab.deleteExperiment('exp-1')).rejects.toThrow(/no experiment/);
  });

  it('deletes a selection, a filter’s result, or everything', async () => {
    const items = syntheticHistory(30, { seed: 10 });
    const lab = await seeded(items);
    expect(await lab.deleteEpisodes({ ids: [items[0]!.episode.id, items[1]!.episode.id, 'not-there'] })).toBe(
      2,
    );
    expect(await lab.getEpisode(items[0]!.episode.id)).toBeUndefined();
    const maze = items.slice(2).filter((i) => i.episode.envId === 'maze').length;
    expect(await lab.deleteEpisodes({ query: { envId: 'maze' } })).toBe(maze);
    expect((await lab.queryHistory()).total).toBe(28 - maze);
    await lab.deleteAll();
    expect((await lab.queryHistory()).total).toBe(0);
    expect((await lab.historyFacets()).envIds).toEqual([]);
  });

  it('reports a storage estimate', async () => {
    const estimate = await service().storageEstimate();
    expect(estimate?.quota).toBeGreaterThan(0);
    expect(estimate?.usage).toBeGreaterThanOrEqual(0);
  });
});

describe('resume on real IndexedDB', () => {
  const maze = environments.maze!;
  const task = maze.generate(maze.presets.easy, 21, 0);
  const config = defaultEpisodeConfig('maze', {
    taskSeed: 21,
    params: maze.presets.easy,
    condition: { kind: 'rule-teacher', level: 2 },
  });

  /** A person who answers from a list and then walks away (never answers). */
  function person(answers: string[]): HumanInput {
    let n = 0;
    return {
      attempt: () => (n < answers.length ? Promise.resolve(answers[n++]!) : new Promise(() => undefined)),
      feedback: () => new Promise(() => undefined),
    };
  }

  it('continues a stopped episode from its last finished turn, keeping one copy with the same turns', async () => {
    const lab = service();
    const first = task.solution.split(' ')[0]!;
    const summary = await lab.runEpisode(
      config,
      (e) => {
        if (e.type === 'turn-start' && e.turn === 2) void lab.stopEpisode(e.episodeId);
      },
      person([`<answer>${first}</answer>`]),
    );
    expect(summary).toMatchObject({ outcome: 'aborted', turns: 1 });
    const before = (await lab.getEpisode(summary.episodeId))!;

    const events: LabEvent[] = [];
    const resumed = await lab.resumeEpisode(
      summary.episodeId,
      (e) => events.push(e),
      person([`<answer>${task.solution}</answer>`]),
    );
    expect(resumed).toMatchObject({ outcome: 'solved', solvedAtTurn: 2, turns: 2 });
    expect(resumed.episodeId).not.toBe(summary.episodeId);
    expect(await lab.getEpisode(summary.episodeId)).toBeUndefined();
    const after = (await lab.getEpisode(resumed.episodeId))!;
    expect(after.episode).toMatchObject({ status: 'solved', turnsDone: 2, config: before.episode.config });
    expect(after.turns[0]).toEqual(before.turns[0]);
    // The page sees the copied turn as events, so the live view shows it.
    expect(
      events.filter((e) => e.type === 'turn-end').map((e) => e.type === 'turn-end' && e.record.turn),
    ).toEqual([1, 2]);
    expect((await lab.queryHistory()).total).toBe(1);
  });

  it('keeps the old episode when the resumed run cannot begin, and refuses finished episodes', async () => {
    // An interrupted model-student episode whose model is not loaded in this tab.
    const source = syntheticHistory(12, { seed: 11 }).find(
      (i) => i.episode.studentModel !== 'human' && i.turns.length >= 3 && !i.turns[1]!.diagnosis.correct,
    )!;
    const interrupted: EpisodeWithTurns = {
      episode: { ...source.episode, status: 'interrupted', solvedAtTurn: null, turnsDone: 2 },
      turns: source.turns.slice(0, 2),
    };
    const lab = await seeded([interrupted]);
    await expect(lab.resumeEpisode(interrupted.episode.id, () => undefined)).rejects.toThrow(/not loaded/);
    expect((await lab.queryHistory()).rows.map((e) => e.id)).toEqual([interrupted.episode.id]);
    expect(await lab.getEpisode(interrupted.episode.id)).toEqual(interrupted);

    const solved = await lab.runEpisode(
      config,
      () => undefined,
      person([`<answer>${task.solution}</answer>`]),
    );
    await expect(lab.resumeEpisode(solved.episodeId, () => undefined)).rejects.toThrow(/solved/);
  });
});
