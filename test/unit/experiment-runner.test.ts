/**
 * The experiment runner over a real store (fake-indexeddb) with scripted engines: it runs each run key
 * once, stores every episode under the experiment, and after a pause, an engine error or a crash it
 * continues from the stored episodes without running any finished generation again.
 */
import { describe, expect, it } from 'vitest';
import { defaultDesign, expandDesign, runKey, type ExperimentProgress } from '../../src/core/experiment';
import { getEnvironment } from '../../src/core/envs';
import type { EpisodeConfig } from '../../src/core/protocol/types';
import { openLabDatabase, type LabStore } from '../../src/store';
import { ExperimentRunner } from '../../src/lab/experiment-runner';
import { summarise } from '../../src/core/metrics';
import { experimentOverview, experimentSummary } from '../../src/lab/experiment-query';
import { ScriptedEngine, type ScriptStep } from '../helpers/scripted-engine';
import { openTestStore } from '../helpers/store-fixtures';

// Two conditions × three maze tasks × two turns = 6 episodes, 12 student attempts (the script never solves).
const design = defaultDesign({
  studentModels: ['tiny'],
  tasks: 3,
  turnBudget: 2,
  temperature: 0,
  maxTokens: 16,
});
const WRONG = '<answer>UUUU</answer>';

async function setup(step: (call: number) => ScriptStep = () => WRONG) {
  const { store, factory } = await openTestStore();
  const engine = new ScriptedEngine(({ index }) => step(index), 'tiny');
  await store.putExperiment({ id: 'x1', name: 'test', createdAt: 1, appVersion: 't', design });
  let now = 1000;
  const runner = (live: string[] = []) =>
    new ExperimentRunner({
      store,
      appVersion: 't',
      clock: () => (now += 10),
      engines: () => ({ studentEngine: engine }),
      liveEpisodeIds: async () => live,
    });
  return { store, factory, engine, runner };
}

async function countsByKey(store: LabStore): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const e of await store.listEpisodes({ experimentId: 'x1' })) {
    const key = runKey(e.config);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

async function expectCompleteOnce(store: LabStore) {
  const episodes = await store.listEpisodes({ experimentId: 'x1' });
  expect(episodes).toHaveLength(6);
  expect(episodes.every((e) => e.status === 'failed' && e.turnsDone === 2)).toBe(true);
  expect([...(await countsByKey(store)).values()]).toEqual([1, 1, 1, 1, 1, 1]);
}

describe('ExperimentRunner', () => {
  it('runs every planned episode once, stores it under the experiment and reports progress', async () => {
    const { store, engine, runner } = await setup();
    const seen: ExperimentProgress[] = [];
    const final = await runner().run('x1', (p) => seen.push(p));
    expect(final.state).toBe('done');
    expect([final.done, final.total]).toEqual([6, 6]);
    expect(engine.calls).toHaveLength(12);
    await expectCompleteOnce(store);
    expect(seen[0]).toMatchObject({ state: 'running', done: 0, total: 6 });
    expect(seen.map((p) => p.done)).toEqual([...seen.map((p) => p.done)].sort((a, b) => a - b));
    expect(final.tokens).toBeGreaterThan(0);
    expect(final.tokensPerSec).toBeGreaterThan(0);
    expect(final.etaMs).toBe(0);
    expect((await store.getExperiment('x1'))?.state).toBe('done');
    // Temperature, seed and token budget come from the design.
    expect(engine.calls[0]).toMatchObject({ temperature: 0, maxTokens: 16 });

    // Running it again runs nothing.
    const again = await runner().run('x1');
    expect(again).toMatchObject({ state: 'done', done: 6, total: 6 });
    expect(engine.calls).toHaveLength(12);

    const summary = await experimentSummary(store, 'x1');
    expect(summary.rows.map((r) => [r.conditionKey, r.completedIds.length])).toEqual([
      ['retry', 3],
      ['rule-teacher:2', 3],
    ]);
    expect(summary.rows[1]!.feedbackGain?.items).toBe(3);
    // Read from the turns as stored (no prompt rebuilt), it is the summary of the full episodes.
    const full = await store.getEpisodes(
      (await store.listEpisodes({ experimentId: 'x1', sort: 'oldest' })).map((e) => e.id),
    );
    expect(summary).toEqual(summarise(full.map(({ episode, turns }) => ({ ...episode, turns }))));
  });

  it('pauses mid-episode and resumes it from its finished turn, generating nothing twice', async () => {
    // The 4th call (episode 2, turn 2) hangs until aborted.
    const { store, engine, runner } = await setup((call) => (call === 3 ? { hang: true } : WRONG));
    const first = runner();
    const waiting = first.run('x1');
    await expect.poll(() => engine.inFlight === 1 && engine.calls.length === 4).toBe(true);
    first.pause('x1');
    const paused = await waiting;
    expect(paused).toMatchObject({ state: 'paused', done: 1, total: 6 });
    const cut = (await store.listEpisodes({ experimentId: 'x1', status: 'aborted' }))[0]!;
    expect(cut.turnsDone).toBe(1);

    const overview = await experimentOverview(store, (await store.getExperiment('x1'))!, new Set());
    expect(overview).toMatchObject({ state: 'paused', done: 1, total: 6 });

    const resumed = await runner().run('x1');
    expect(resumed).toMatchObject({ state: 'done', done: 6, total: 6 });
    // 12 attempts + the one aborted mid-generation; turn 1 of the cut episode was not generated again.
    expect(engine.calls).toHaveLength(13);
    await expectCompleteOnce(store);
    expect(await store.getEpisode(cut.id)).toBeUndefined();
  });

  it('stops with the error when an engine fails, and a later run goes on from there', async () => {
    let fail = true;
    const { store, engine, runner } = await setup((call) =>
      call === 6 && fail ? { error: 'GPU lost' } : WRONG,
    );
    const stopped = await runner().run('x1');
    expect(stopped.state).toBe('error');
    expect(stopped.error).toMatch(/GPU lost/);
    expect(stopped.done).toBe(3);
    expect((await store.getExperiment('x1'))?.state).toBe('error');
    fail = false;
    const calls = engine.calls.length;
    const final = await runner().run('x1');
    expect(final.state).toBe('done');
    // The failed episode's first attempt is re-generated (the engine threw: no turn was stored), then 2 more episodes.
    expect(engine.calls.length - calls).toBe(1 + 1 + 4);
    await expectCompleteOnce(store);
  });

  it('after a crash (episodes left running, a half-made continuation copy) runs each run key once', async () => {
    const { store, factory, engine, runner } = await setup((call) => (call === 3 ? { hang: true } : WRONG));
    const first = runner();
    const waiting = first.run('x1');
    await expect.poll(() => engine.inFlight === 1 && engine.calls.length === 4).toBe(true);
    first.pause('x1');
    await waiting;
    // Rewrite the store as a crash would have left it: the cut episode still 'running', the experiment
    // 'running', and a copy of the episode made by a continuation that crashed too.
    const db = await openLabDatabase({ factory, name: 'test-lab' });
    const cut = (await db.getAll('episodes')).find((e) => e.status === 'aborted')!;
    await db.put('episodes', { ...cut, status: 'running', endedAt: null });
    await db.put('episodes', {
      ...cut,
      id: 'copy',
      status: 'running',
      endedAt: null,
      turnsDone: 0,
      startedAt: cut.startedAt + 1,
    });
    const experiment = (await db.get('experiments', 'x1'))!;
    await db.put('experiments', { ...experiment, state: 'running' });
    db.close();
    expect(await experimentOverview(store, (await store.getExperiment('x1'))!, new Set())).toMatchObject({
      state: 'paused',
    });

    const final = await runner().run('x1');
    expect(final).toMatchObject({ state: 'done', done: 6, total: 6 });
    expect(engine.calls).toHaveLength(13);
    await expectCompleteOnce(store);
  });

  it('refuses to start twice at once and names a missing experiment', async () => {
    const { runner } = await setup((call) => (call === 0 ? { hang: true } : WRONG));
    const one = runner();
    const waiting = one.run('x1');
    await expect(one.run('x1')).rejects.toThrow(/already running/);
    one.cancel('x1');
    expect((await waiting).state).toBe('cancelled');
    await expect(one.run('nope')).rejects.toThrow(/no experiment nope/);
  });

  it('leaves episodes another tab is running alone', async () => {
    const { store, runner } = await setup();
    const config: EpisodeConfig = expandDesign(design)[0]!.config;
    const task = getEnvironment('maze').generate(config.params, config.taskSeed, config.index);
    await store.createEpisode({
      id: 'other-tab',
      config,
      task,
      startedAt: 1,
      experimentId: 'x1',
      appVersion: 't',
    });
    await expect(runner(['other-tab']).run('x1')).rejects.toThrow(/another tab is running episodes/i);
    expect((await store.getEpisode('other-tab'))?.episode.status).toBe('running');
  });
});
