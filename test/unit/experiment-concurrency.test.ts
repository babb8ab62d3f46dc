/**
 * The experiment runner with engines that serve several requests at once: it keeps as many episodes in
 * flight as the engines' `concurrency` (never more), still runs each run key once, reports every episode
 * in flight, and pause, cancel and errors with several in flight leave a run that resumes to the same
 * complete set of episodes.
 */
import { describe, expect, it } from 'vitest';
import { defaultDesign, runKey, type ExperimentProgress } from '../../src/core/experiment';
import type { Engine } from '../../src/core/engine';
import { ExperimentRunner } from '../../src/lab/experiment-runner';
import { bounded } from '../../src/engines/serial-queue';
import type { LabStore } from '../../src/store';
import { ScriptedEngine, type ScriptCall, type ScriptStep } from '../helpers/scripted-engine';
import { openTestStore } from '../helpers/store-fixtures';

// Two conditions × three maze tasks × two turns = 6 episodes (the script never solves).
const design = defaultDesign({
  studentModels: ['tiny'],
  tasks: 3,
  turnBudget: 2,
  temperature: 0,
  maxTokens: 16,
});
const WRONG = '<answer>UUUU</answer>';
// Every episode's first attempt is sent the same number of messages (a demonstration may add some);
// a later attempt is sent more.
let firstTurnLength = Infinity;
const secondTurn = (call: ScriptCall) => {
  if (call.index === 0) firstTurnLength = call.messages.length;
  return call.messages.length > firstTurnLength;
};

/**
 * Holds the first `n` calls until all `n` have arrived, so they overlap in the engine however the store's
 * latency spaces the episodes' starts (a loaded machine would otherwise let one finish first).
 */
function gathered(engine: Engine, n: number): Engine {
  let arrived = 0;
  let open!: () => void;
  const all = new Promise<void>((resolve) => (open = resolve));
  return {
    kind: engine.kind,
    modelId: engine.modelId,
    chat: async (messages, options) => {
      if (arrived < n) {
        if (++arrived === n) open();
        await all;
      }
      return engine.chat(messages, options);
    },
  };
}

async function setup(limit: number | null, script: (call: ScriptCall) => ScriptStep = () => WRONG) {
  const { store } = await openTestStore();
  let step = script;
  const raw = new ScriptedEngine((call) => step(call), 'tiny');
  const engine: Engine = limit === null ? raw : bounded(gathered(raw, limit), limit);
  await store.putExperiment({ id: 'x1', name: 'test', createdAt: 1, appVersion: 't', design });
  let now = 1000;
  const runner = () =>
    new ExperimentRunner({
      store,
      appVersion: 't',
      clock: () => (now += 10),
      engines: () => ({ studentEngine: engine }),
      liveEpisodeIds: async () => [],
    });
  return { store, raw, runner, setScript: (s: typeof script) => (step = s) };
}

async function expectCompleteOnce(store: LabStore) {
  const episodes = await store.listEpisodes({ experimentId: 'x1' });
  expect(episodes.map((e) => [e.status, e.turnsDone])).toEqual(Array(6).fill(['failed', 2]));
  expect(new Set(episodes.map((e) => runKey(e.config))).size).toBe(6);
}

describe('ExperimentRunner with concurrent engines', () => {
  it("keeps the engine's concurrency of episodes in flight, never more, each run key once", async () => {
    const { store, raw, runner } = await setup(3);
    const seen: ExperimentProgress[] = [];
    const final = await runner().run('x1', (p) => seen.push(p));
    expect(final).toMatchObject({ state: 'done', done: 6, total: 6, concurrency: 3, running: [] });
    expect(raw.maxInFlight).toBe(3);
    expect(raw.calls).toHaveLength(12);
    await expectCompleteOnce(store);
    // Progress lists each episode in flight, in plan order, and counts finished ones up one by one.
    expect(Math.max(...seen.map((p) => p.running.length))).toBe(3);
    expect(seen.every((p) => p.running.length <= 3 && p.concurrency === 3)).toBe(true);
    const orders = seen.map((p) => p.running.map((r) => r.order));
    expect(orders.every((o) => o.join() === [...o].sort((a, b) => a - b).join())).toBe(true);
    expect(seen.map((p) => p.done)).toEqual([...seen.map((p) => p.done)].sort((a, b) => a - b));
    // Time left is wall time per finished episode × those left, so it comes down as episodes finish.
    const etas = seen.filter((p) => p.etaMs !== null).map((p) => p.etaMs!);
    expect(etas.at(-1)).toBe(0);
    expect(final.activeMs).toBeGreaterThan(0);
  });

  it('runs one episode at a time for an engine that does not say (web-llm)', async () => {
    const { raw, runner } = await setup(null);
    const final = await runner().run('x1');
    expect(final).toMatchObject({ state: 'done', concurrency: 1 });
    expect(raw.maxInFlight).toBe(1);
  });

  it('pauses every episode in flight; a resumed run continues each from its finished turn', async () => {
    const { store, raw, runner, setScript } = await setup(3, (call) =>
      secondTurn(call) ? { hang: true } : WRONG,
    );
    const first = runner();
    const waiting = first.run('x1');
    await expect.poll(() => raw.inFlight).toBe(3);
    first.pause('x1');
    expect(await waiting).toMatchObject({ state: 'paused', done: 0, running: [] });
    const cut = await store.listEpisodes({ experimentId: 'x1', status: 'aborted' });
    expect(cut.map((e) => e.turnsDone)).toEqual([1, 1, 1]);
    expect(raw.calls).toHaveLength(6);

    setScript(() => WRONG);
    expect(await runner().run('x1')).toMatchObject({ state: 'done', done: 6, total: 6 });
    // The three cut episodes need one turn each, the three not started two each.
    expect(raw.calls).toHaveLength(6 + 3 + 6);
    await expectCompleteOnce(store);
  });

  it('cancels with several in flight and records the run as cancelled', async () => {
    const { store, raw, runner } = await setup(4, (call) => (secondTurn(call) ? { hang: true } : WRONG));
    const one = runner();
    const waiting = one.run('x1');
    await expect.poll(() => raw.inFlight).toBe(4);
    one.cancel('x1');
    expect(await waiting).toMatchObject({ state: 'cancelled', done: 0, running: [] });
    expect((await store.getExperiment('x1'))?.state).toBe('cancelled');
  });

  it('an engine error stops the run, cuts the others in flight, and a later run completes it once', async () => {
    let failed = false;
    const { store, runner, setScript } = await setup(3, (call) => {
      if (secondTurn(call) && !failed) {
        failed = true;
        return { error: 'GPU lost' };
      }
      return secondTurn(call) ? { hang: true } : WRONG;
    });
    const stopped = await runner().run('x1');
    expect(stopped).toMatchObject({ state: 'error', done: 0, running: [] });
    expect(stopped.error).toMatch(/GPU lost/);
    setScript(() => WRONG);
    expect(await runner().run('x1')).toMatchObject({ state: 'done', done: 6 });
    await expectCompleteOnce(store);
  });
});
