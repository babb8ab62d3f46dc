/**
 * The lab's vocabulary (`core/protocol/vocabulary.ts`): each closed list once, and every reader (the
 * design schema, the import schema, the forms) accepting exactly what the list holds.
 */
import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { defaultDesign, designSchema } from '../../src/core/experiment';
import { conditionKey } from '../../src/core/metrics';
import {
  BASELINE_KIND,
  CONDITION_KINDS,
  CONTROL_KINDS,
  ConditionSchema,
  EPISODE_OUTCOMES,
  EPISODE_STATUSES,
  EXPERIMENT_CONDITIONS,
  ExperimentConditionSchema,
  HINT_LEVELS,
  HISTORY_MODES,
  LEAK_POLICIES,
  PRIVILEGED_INFO,
  TEACHER_KINDS,
  isControlKind,
  type Condition,
} from '../../src/core/protocol';
import { CONDITION_KINDS as FORM_CONDITION_KINDS } from '../../src/state/episode-setup.svelte';
import { CONDITION_OPTIONS } from '../../src/state/experiment-design.svelte';
import { EpisodeLineSchema } from '../../src/store/jsonl-schema';
import { makeConfig, makeTask } from '../helpers/store-fixtures';

/** Every condition the vocabulary can spell: each kind, with every level or privileged info it takes. */
const EVERY_CONDITION: Condition[] = [...EXPERIMENT_CONDITIONS, { kind: 'human-teacher' }];

/** Whether the import schema takes an episode line under `condition` (the rest of the line valid). */
function importAccepts(condition: unknown): boolean {
  const config = { ...makeConfig(), condition };
  const episode = {
    id: 'e1',
    experimentId: null,
    config,
    task: makeTask(),
    status: 'solved',
    solvedAtTurn: null,
    turnsDone: 0,
    startedAt: 1,
    endedAt: 2,
    appVersion: '0.1.0-test',
    schemaVersion: 2,
    envId: config.envId,
    conditionKind: (condition as { kind?: unknown }).kind,
    studentModel: 'm',
  };
  return v.safeParse(EpisodeLineSchema, { episode, turns: [] }).success;
}
const designAccepts = (condition: unknown) =>
  v.safeParse(designSchema, { ...defaultDesign(), conditions: [condition] }).success;

describe('the vocabulary', () => {
  it('splits the condition kinds into controls and teachers, each kind once', () => {
    expect(CONDITION_KINDS).toEqual([...CONTROL_KINDS, ...TEACHER_KINDS]);
    expect(new Set(CONDITION_KINDS).size).toBe(CONDITION_KINDS.length);
    expect(CONDITION_KINDS.filter(isControlKind)).toEqual(['single', 'retry', 'binary']);
    expect(isControlKind(BASELINE_KIND)).toBe(true);
    expect(EPISODE_STATUSES).toEqual(['running', ...EPISODE_OUTCOMES]);
  });

  it('lists every experiment condition once: each control, level, privileged info and the self-teacher', () => {
    const keys = EXPERIMENT_CONDITIONS.map(conditionKey);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual([
      ...CONTROL_KINDS,
      ...HINT_LEVELS.map((l) => `rule-teacher:${l}`),
      ...PRIVILEGED_INFO.map((p) => `llm-teacher:${p}`),
      'self-teacher',
    ]);
    expect(new Set(EVERY_CONDITION.map((c) => c.kind))).toEqual(new Set(CONDITION_KINDS));
  });

  it('has the import schema take every condition, and the design schema every one but a human teacher', () => {
    for (const condition of EVERY_CONDITION) {
      const batchable = condition.kind !== 'human-teacher';
      expect(importAccepts(condition), JSON.stringify(condition)).toBe(true);
      expect(designAccepts(condition), JSON.stringify(condition)).toBe(batchable);
      expect(v.is(ConditionSchema, condition)).toBe(true);
      expect(v.is(ExperimentConditionSchema, condition)).toBe(batchable);
    }
  });

  it('has both schemas refuse a condition off the lists', () => {
    const off: unknown[] = [
      { kind: 'oracle' },
      { kind: 'rule-teacher', level: 4 },
      { kind: 'rule-teacher' },
      { kind: 'llm-teacher', privileged: 'everything' },
      { kind: 'llm-teacher' },
    ];
    for (const condition of off) {
      expect(importAccepts(condition), JSON.stringify(condition)).toBe(false);
      expect(designAccepts(condition), JSON.stringify(condition)).toBe(false);
    }
  });

  it('has both schemas take every history mode and leak policy, and nothing else', () => {
    const design = (fields: object) => v.safeParse(designSchema, { ...defaultDesign(), ...fields }).success;
    for (const history of HISTORY_MODES) expect(design({ history })).toBe(true);
    for (const leakPolicy of LEAK_POLICIES) expect(design({ leakPolicy })).toBe(true);
    expect(design({ history: 'none' })).toBe(false);
    expect(design({ leakPolicy: 'withhold' })).toBe(false);
  });
});

describe('the forms read the vocabulary', () => {
  it('lists every condition kind in the episode form, teachers first, then the controls from most help', () => {
    expect(FORM_CONDITION_KINDS).toEqual([
      'rule-teacher',
      'llm-teacher',
      'self-teacher',
      'human-teacher',
      'binary',
      'retry',
      'single',
    ]);
  });

  it('lists every experiment condition in the designer, the baseline first, in the order it always had', () => {
    expect(CONDITION_OPTIONS.map((o) => o.key)).toEqual([
      'retry',
      'single',
      'binary',
      'rule-teacher:0',
      'rule-teacher:1',
      'rule-teacher:2',
      'rule-teacher:3',
      'llm-teacher:none',
      'llm-teacher:answer',
      'llm-teacher:solution',
      'llm-teacher:diagnosis',
      'llm-teacher:guide',
      'self-teacher',
    ]);
  });
});
