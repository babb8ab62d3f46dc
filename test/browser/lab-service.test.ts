/**
 * The lab worker's service in real Chromium with real IndexedDB, the engine replaced by a scripted
 * test double behind the same `Engine` interface (no model weights can be downloaded here).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { environments } from '../../src/core/envs';
import { defaultEpisodeConfig } from '../../src/core/protocol';
import type { Engine } from '../../src/core/engine';
import type { ModelRecordLike } from '../../src/engines/webllm/model-catalog';
import { LabService } from '../../src/lab/lab-service';
import type { LabEvent } from '../../src/lab/lab-api';
import { openLabStore } from '../../src/store';
import { ScriptedEngine } from '../helpers/scripted-engine';
import { softwarePreflight } from '../helpers/lab-services';

const records: ModelRecordLike[] = [
  { model_id: 'double-q4f32_1-MLC', model: 'http://localhost/double/', model_lib: 'double.wasm' },
  { model_id: 'double-q4f16_1-MLC', model: 'http://localhost/double/', model_lib: 'double.wasm' },
];
const names: string[] = [];

function service(
  engine: Engine,
  loads: string[] = [],
  name = `lab-service-test-${crypto.randomUUID()}`,
  ggufOptions: Array<{ modelId: string; source?: string; parallel?: number }> = [],
) {
  names.push(name);
  return new LabService({
    openStore: () => openLabStore({ name }),
    records: async () => records,
    loadEngine: async (record) => {
      loads.push(record.model_id);
      return { engine, unload: async () => undefined };
    },
    loadGguf: async (_source, _progress, options) => {
      ggufOptions.push(options);
      return { engine, unload: async () => undefined };
    },
    preflight: async () => softwarePreflight('test'),
    appVersion: 'test',
  });
}

afterEach(async () => {
  for (const name of names.splice(0)) indexedDB.deleteDatabase(name);
});

describe('LabService', () => {
  it('refuses a model that does not fit before loading anything', async () => {
    const loads: string[] = [];
    const lab = service(new ScriptedEngine([]), loads);
    await expect(lab.loadModel('double-q4f16_1-MLC')).rejects.toThrow(/shader-f16.*double-q4f32_1-MLC/);
    expect(loads).toEqual([]);
    await lab.loadModel('double-q4f32_1-MLC');
    expect(loads).toEqual(['double-q4f32_1-MLC']);
  });

  it('loads a GGUF with the slot count asked for, 2 by default, and refuses one out of range', async () => {
    const options: Array<{ modelId: string; source?: string; parallel?: number }> = [];
    const lab = service(new ScriptedEngine([]), [], undefined, options);
    const file = new Blob([new Uint8Array([0x47, 0x47, 0x55, 0x46])]);
    expect(await lab.loadGguf({ file, name: 'a.gguf' })).toBe('a');
    expect(await lab.loadGguf({ file, name: 'b.gguf' }, undefined, { parallel: 4 })).toBe('b');
    await expect(lab.loadGguf({ file, name: 'c.gguf' }, undefined, { parallel: 0 })).rejects.toThrow(
      /1 to 8 requests at once/,
    );
    await expect(lab.loadGguf({ file, name: 'd.gguf' }, undefined, { parallel: 2.5 })).rejects.toThrow(
      RangeError,
    );
    expect(options).toEqual([
      // The loader is told what the user chose, for its messages (a broken file is named so).
      { modelId: 'a', source: 'a.gguf', parallel: 2 },
      { modelId: 'b', source: 'b.gguf', parallel: 4 },
    ]);
  });

  it('runs a model-student maze episode, streaming tokens and storing every turn', async () => {
    const maze = environments.maze!;
    const task = maze.generate(maze.presets.easy, 3, 0);
    const engine = new ScriptedEngine(
      ['I think <answer>U</answer>', `Now <answer>${task.solution}</answer>`],
      'double-q4f32_1-MLC',
    );
    const lab = service(engine);
    await lab.loadModel('double-q4f32_1-MLC');
    const events: LabEvent[] = [];
    const config = defaultEpisodeConfig('maze', {
      taskSeed: 3,
      index: 0,
      params: maze.presets.easy,
      student: { kind: 'model', modelId: 'double-q4f32_1-MLC' },
      condition: { kind: 'rule-teacher', level: 2 },
    });
    const summary = await lab.runEpisode(config, (e) => events.push(e));
    expect(summary).toMatchObject({ outcome: 'solved', solvedAtTurn: 2, turns: 2 });

    const types = events.map((e) => e.type);
    expect(types.indexOf('student-token')).toBeLessThan(types.indexOf('attempt'));
    expect(events.every((e) => e.episodeId === summary.episodeId)).toBe(true);

    const stored = await lab.getEpisode(summary.episodeId);
    expect(stored?.episode).toMatchObject({
      status: 'solved',
      turnsDone: 2,
      studentModel: 'double-q4f32_1-MLC',
    });
    expect(stored?.episode.config.studentSampling).toEqual(config.studentSampling);
    expect(stored?.turns.map((t) => t.turn)).toEqual([1, 2]);
    expect(stored?.turns[0]?.feedback?.source).toBe('rule-teacher');
    expect(stored?.turns[0]?.studentPrompt.length).toBeGreaterThan(1);
    expect(stored?.turns[0]?.studentUsage?.completionTokens).toBeGreaterThan(0);
  });

  it('stops a running episode mid-generation and keeps a consistent record', async () => {
    const engine = new ScriptedEngine(
      ['<answer>U</answer>', { text: 'thinking about it', hang: true }],
      'double-q4f32_1-MLC',
    );
    const lab = service(engine);
    await lab.loadModel('double-q4f32_1-MLC');
    const config = defaultEpisodeConfig('maze', {
      params: environments.maze!.presets.easy,
      student: { kind: 'model', modelId: 'double-q4f32_1-MLC' },
      condition: { kind: 'binary' },
    });
    let stopped = false;
    const summary = await lab.runEpisode(config, (e) => {
      if (e.type === 'student-token' && e.turn === 2 && !stopped) {
        stopped = true;
        void lab.stopEpisode(e.episodeId);
      }
    });
    expect(summary.outcome).toBe('aborted');
    const stored = await lab.getEpisode(summary.episodeId);
    expect(stored?.episode.status).toBe('aborted');
    expect(stored?.turns.map((t) => t.turn)).toEqual([1]);
  });
});

/** A fresh database holding one maze episode left 'running' (as a tab closed mid-episode leaves it). */
async function databaseWithRunningEpisode() {
  const maze = environments.maze!;
  const name = `lab-service-test-${crypto.randomUUID()}`;
  const store = await openLabStore({ name });
  const task = maze.generate(maze.presets.easy, 1, 0);
  const config = defaultEpisodeConfig('maze', { params: maze.presets.easy });
  const record = await store.createEpisode({ config, task, startedAt: 1000, appVersion: 'test' });
  store.close();
  return { name, record };
}

describe('LabService startup', () => {
  it('marks episodes left running by a closed tab as interrupted, keeping their turns', async () => {
    const maze = environments.maze!;
    const name = `lab-service-test-${crypto.randomUUID()}`;
    const engine = new ScriptedEngine(
      ['<answer>U</answer>', { text: 'never finishes', hang: true }],
      'double-q4f32_1-MLC',
    );
    const first = service(engine, [], name);
    await first.loadModel('double-q4f32_1-MLC');
    const config = defaultEpisodeConfig('maze', {
      params: maze.presets.easy,
      student: { kind: 'model', modelId: 'double-q4f32_1-MLC' },
      condition: { kind: 'binary' },
    });
    let episodeId = '';
    const turnEnded = new Promise<void>((resolve) => {
      void first.runEpisode(config, (e) => {
        episodeId = e.episodeId;
        if (e.type === 'turn-end') resolve();
      });
    });
    await turnEnded;
    // While the first service still runs it (and holds its lock), a second one leaves it alone.
    const second = service(new ScriptedEngine([]), [], name);
    expect(await second.interruptedAtStartup()).toBe(0);
    expect((await second.getEpisode(episodeId))?.episode.status).toBe('running');
    await first.stopEpisode(episodeId);
  });

  it('counts and marks an unlocked running episode', async () => {
    const { name, record } = await databaseWithRunningEpisode();
    const lab = service(new ScriptedEngine([]), [], name);
    expect(await lab.interruptedAtStartup()).toBe(1);
    expect((await lab.getEpisode(record.id))?.episode.status).toBe('interrupted');
  });
});

describe('LabService across tabs', () => {
  it('marks another tab’s episode interrupted once that tab lets go of it without finishing', async () => {
    const { name, record } = await databaseWithRunningEpisode();
    // Another "tab" holds the episode's lock, as a live worker running it would.
    let releaseOther = () => {};
    const held = new Promise<void>((resolveHeld) => {
      void navigator.locks.request(
        `plasticity-lab/episode/${record.id}`,
        () =>
          new Promise<void>((release) => {
            releaseOther = release;
            resolveHeld();
          }),
      );
    });
    await held;
    const lab = service(new ScriptedEngine([]), [], name);
    expect(await lab.interruptedAtStartup()).toBe(0);
    const totals: number[] = [];
    await lab.onInterrupted((total) => totals.push(total));
    releaseOther();
    await expect.poll(() => totals).toEqual([1]);
    expect((await lab.getEpisode(record.id))?.episode.status).toBe('interrupted');
  });
});

describe('LabService with every environment', () => {
  it('runs a model-student episode with the rule-based teacher in each environment, stored turn by turn', async () => {
    for (const id of Object.keys(environments)) {
      const env = environments[id]!;
      const params = env.presets[env.defaultPreset];
      await env.prepare?.();
      const task = env.generate(params, 4, 0);
      const engine = new ScriptedEngine(
        ['I do not know yet.', `Here it is: <answer>${task.solution}</answer>`],
        'double-q4f32_1-MLC',
      );
      const lab = service(engine);
      await lab.loadModel('double-q4f32_1-MLC');
      const config = defaultEpisodeConfig(id, {
        params,
        taskSeed: 4,
        index: 0,
        student: { kind: 'model', modelId: 'double-q4f32_1-MLC' },
        condition: { kind: 'rule-teacher', level: 3 },
      });
      const summary = await lab.runEpisode(config, () => undefined);
      expect(summary, id).toMatchObject({ outcome: 'solved', solvedAtTurn: 2 });
      const stored = await lab.getEpisode(summary.episodeId);
      expect(
        stored?.turns.map((t) => t.diagnosis.correct),
        id,
      ).toEqual([false, true]);
      expect(stored?.turns[0]?.feedback?.leak.leaked, id).toBe(false);
    }
  }, 120_000);
});
