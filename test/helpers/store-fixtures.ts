/**
 * Fixtures for store tests: plain episode configs, tasks and turns, and a store on a fresh in-memory
 * IndexedDB (fake-indexeddb) per test so tests never share data.
 */
// Installs fake-indexeddb's IDB* globals, which idb needs for its instanceof checks in Node.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import type { EpisodeConfig, TurnRecord } from '../../src/core/protocol/types';
import type { Task } from '../../src/core/envs/types';
import { findEnvironment, getEnvironment } from '../../src/core/envs';
import {
  openLabStore,
  type CreateEpisodeInput,
  type LabStore,
  type OpenLabStoreOptions,
} from '../../src/store';

/** A new, empty IndexedDB universe. */
export function freshFactory(): IDBFactory {
  return new IDBFactory();
}

/** A store on its own fresh factory (or the one given, to open a second connection to the same data). */
export async function openTestStore(
  options: OpenLabStoreOptions = {},
): Promise<{ store: LabStore; factory: IDBFactory }> {
  const factory = options.factory ?? freshFactory();
  const store = await openLabStore({ name: 'test-lab', ...options, factory });
  return { store, factory };
}

export function makeConfig(overrides: Partial<EpisodeConfig> = {}): EpisodeConfig {
  return {
    envId: 'maze',
    preset: 'easy',
    params: getEnvironment('maze').presets.easy,
    taskSeed: 7,
    index: 0,
    condition: { kind: 'rule-teacher', level: 2 },
    student: { kind: 'model', modelId: 'SmolLM2-360M-Instruct-q4f16_1-MLC' },
    turnBudget: 5,
    history: 'full',
    studentSampling: { temperature: 0.7, seed: 1, maxTokens: 256 },
    teacherSampling: { temperature: 0.7, seed: 2, maxTokens: 256 },
    leakPolicy: 'regenerate',
    maxLeakRetries: 2,
    ...overrides,
  };
}

/**
 * Task `index` of the stream seeded 7 of environment `envId` at its easy preset (what makeConfig
 * holds), as the import expects; for an id no environment has (store tests that only index the
 * records), a made-up task of that id.
 */
export function makeTask(envId = 'maze', index = 0): Task {
  const env = findEnvironment(envId);
  if (env) return env.generate(env.presets.easy, 7, index);
  return {
    envId,
    generatorVersion: 1,
    params: {},
    seed: 7,
    index,
    itemSeed: 123456 + index,
    prompt: 'A task of an environment this lab does not have. Answer inside <answer></answer>.',
    solution: 'RRDD',
    data: {},
  };
}

export function makeTurn(turn: number, overrides: Partial<TurnRecord> = {}): TurnRecord {
  const correct = overrides.diagnosis?.correct ?? false;
  return {
    turn,
    studentPrompt: [{ role: 'user', content: `prompt for turn ${turn}` }],
    attempt: `<answer>attempt ${turn}</answer>`,
    finishReason: 'stop',
    diagnosis: { correct, score: correct ? 1 : 0, issues: [], parsed: `attempt ${turn}` },
    feedback: null,
    startedAt: 1000 * turn,
    endedAt: 1000 * turn + 500,
    studentMs: 500,
    ...overrides,
  };
}

/** CreateEpisode input for a config (task from the same environment). */
export function episodeInput(
  config: EpisodeConfig = makeConfig(),
  extra: Partial<Omit<CreateEpisodeInput, 'config' | 'task'>> = {},
): CreateEpisodeInput {
  return {
    config,
    task: makeTask(config.envId, config.index),
    startedAt: 1,
    appVersion: '0.1.0-test',
    ...extra,
  };
}
