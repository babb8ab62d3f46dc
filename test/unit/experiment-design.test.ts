import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  defaultDesign,
  designProblems,
  episodeCount,
  estimateDesign,
  expandDesign,
  runKey,
  type ExperimentCondition,
  type ExperimentDesign,
} from '../../src/core/experiment';
import { getEnvironment } from '../../src/core/envs';
import { conditionKey, itemKey } from '../../src/core/metrics';

const ALL_CONDITIONS: ExperimentCondition[] = [
  { kind: 'single' },
  { kind: 'retry' },
  { kind: 'binary' },
  { kind: 'rule-teacher', level: 0 },
  { kind: 'rule-teacher', level: 3 },
  { kind: 'llm-teacher', privileged: 'answer' },
  { kind: 'self-teacher' },
];

const designArb: fc.Arbitrary<ExperimentDesign> = fc
  .record({
    envIds: fc.subarray(['maze', 'arithmetic', 'countdown'], { minLength: 1 }),
    presets: fc.subarray(['easy', 'medium', 'hard'] as const, { minLength: 1 }),
    conditions: fc.subarray(ALL_CONDITIONS, { minLength: 1 }),
    studentModels: fc.subarray(['a', 'b', 'c'], { minLength: 1 }),
    teacherModels: fc.subarray(['t1', 't2']),
    tasks: fc.integer({ min: 1, max: 4 }),
    turnBudget: fc.integer({ min: 1, max: 6 }),
    taskSeed: fc.integer({ min: 0, max: 1000 }),
  })
  .map((r) => defaultDesign({ ...r, presets: [...r.presets] }));

describe('expandDesign', () => {
  it('runs the same task items under every condition (paired), once per run key', () => {
    fc.assert(
      fc.property(designArb, (design) => {
        const planned = expandDesign(design);
        expect(planned).toHaveLength(episodeCount(design));
        if (planned.length === 0) {
          // Only llm-teacher conditions and no teacher model: nothing to run (designProblems says so).
          expect(design.teacherModels).toEqual([]);
          expect(designProblems(design).join(' ')).toMatch(/needs a teacher model/);
          return;
        }
        expect(new Set(planned.map((p) => p.runKey)).size).toBe(planned.length);
        const byVariant = new Map<string, Set<string>>();
        for (const p of planned) {
          const variant = JSON.stringify([
            p.conditionKey,
            p.config.student,
            p.config.condition.kind === 'llm-teacher' ? p.config.teacherModelId : null,
          ]);
          const items = byVariant.get(variant) ?? new Set();
          items.add(itemKey(p.config));
          byVariant.set(variant, items);
        }
        const sets = [...byVariant.values()].map((s) => [...s].sort().join('|'));
        expect(new Set(sets).size).toBe(1);
        expect(sets[0]!.split('|')).toHaveLength(design.envIds.length * design.presets.length * design.tasks);
      }),
    );
  });

  it('builds configs from the design: preset params, seeds, budgets and sampling', () => {
    const design = defaultDesign({
      envIds: ['maze'],
      presets: ['medium'],
      conditions: [{ kind: 'retry' }, { kind: 'single' }, { kind: 'llm-teacher', privileged: 'none' }],
      studentModels: ['tiny'],
      teacherModels: ['big'],
      tasks: 2,
      taskSeed: 42,
      turnBudget: 3,
      temperature: 0,
      seed: 9,
      maxTokens: 16,
      samplingSeeds: 'shared',
    });
    const planned = expandDesign(design);
    expect(planned.map((p) => [p.config.index, p.conditionKey])).toEqual([
      [0, 'retry'],
      [0, 'single'],
      [0, 'llm-teacher:none'],
      [1, 'retry'],
      [1, 'single'],
      [1, 'llm-teacher:none'],
    ]);
    const [retry, single, llm] = planned.map((p) => p.config);
    expect(retry!.params).toEqual(getEnvironment('maze').presets.medium);
    expect(retry!.taskSeed).toBe(42);
    expect(retry!.turnBudget).toBe(3);
    expect(single!.turnBudget).toBe(1);
    expect(retry!.studentSampling).toEqual({ temperature: 0, seed: 9, maxTokens: 16 });
    expect(retry!.teacherSampling.seed).toBe(10);
    expect(retry!.student).toEqual({ kind: 'model', modelId: 'tiny' });
    expect(llm!.teacherModelId).toBe('big');
    expect(retry!.teacherModelId).toBeUndefined();
    expect(planned.map((p) => p.order)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("derives each episode's seeds from (seed, item, replicate): new across items and replicates, shared across conditions", () => {
    const design = defaultDesign({
      conditions: [{ kind: 'retry' }, { kind: 'binary' }, { kind: 'rule-teacher', level: 1 }],
      studentModels: ['tiny'],
      tasks: 6,
      replicates: 3,
    });
    expect(design.samplingSeeds).toBe('per-episode');
    const planned = expandDesign(design);
    expect(planned).toHaveLength(6 * 3 * 3);
    expect(new Set(planned.map((p) => p.runKey)).size).toBe(planned.length);
    const byDraw = new Map<string, number[]>();
    for (const p of planned) {
      const draw = `${p.config.index}/${p.config.replicate ?? 0}`;
      byDraw.set(draw, [...(byDraw.get(draw) ?? []), p.config.studentSampling.seed]);
      expect(p.config.teacherSampling.seed).not.toBe(p.config.studentSampling.seed);
    }
    // One seed per (item, replicate), the same under every condition; 18 different ones in all.
    for (const seeds of byDraw.values()) expect(new Set(seeds).size).toBe(1);
    expect(new Set([...byDraw.values()].map((s) => s[0])).size).toBe(18);
    expect(planned.map((p) => p.config.replicate)).toContain(2);
    // Pure: the same design gives the same seeds; another design seed gives others.
    expect(expandDesign(design).map((p) => p.config.studentSampling.seed)).toEqual(
      planned.map((p) => p.config.studentSampling.seed),
    );
    const reseeded = expandDesign({ ...design, seed: design.seed + 1 });
    expect(reseeded[0]!.config.studentSampling.seed).not.toBe(planned[0]!.config.studentSampling.seed);
  });

  it('keeps the run keys of one-replicate designs and of generator version 1 as they were', () => {
    const design = defaultDesign({ studentModels: ['tiny'], tasks: 2, samplingSeeds: 'shared' });
    for (const p of expandDesign(design)) {
      const { envId, params, taskSeed, index } = p.config;
      expect(p.config.replicate).toBeUndefined();
      expect(itemKey({ envId, params, taskSeed, index, generatorVersion: 1 })).toBe(
        itemKey({ envId, params, taskSeed, index }),
      );
      expect(itemKey({ envId, params, taskSeed, index, generatorVersion: 2 })).not.toBe(
        itemKey({ envId, params, taskSeed, index }),
      );
      expect(p.runKey).toContain(
        JSON.stringify(
          itemKey({ envId, params, taskSeed, index, generatorVersion: p.config.generatorVersion }),
        ),
      );
      expect(p.config.generatorVersion).toBe(getEnvironment(envId).generatorVersion);
    }
  });

  it('counts episodes: items × conditions (llm-teacher × teachers) × students', () => {
    const design = defaultDesign({
      envIds: ['maze', 'arithmetic'],
      presets: ['easy', 'hard'],
      conditions: [{ kind: 'retry' }, { kind: 'llm-teacher', privileged: 'answer' }, { kind: 'binary' }],
      studentModels: ['a', 'b'],
      teacherModels: ['t1', 't2', 't3'],
      tasks: 5,
    });
    // 2 envs × 2 presets × 5 tasks = 20 items; conditions 1 + 3 + 1 = 5; students 2.
    expect(episodeCount(design)).toBe(200);
    expect(expandDesign(design)).toHaveLength(200);
  });

  it('runKey tells apart item, condition, student and teacher, and ignores sampling', () => {
    const [a] = expandDesign(defaultDesign({ studentModels: ['m'], tasks: 1 }));
    const base = a!.config;
    expect(runKey({ ...base, studentSampling: { ...base.studentSampling, temperature: 0.1 } })).toBe(
      runKey(base),
    );
    expect(runKey({ ...base, index: 1 })).not.toBe(runKey(base));
    expect(runKey({ ...base, condition: { kind: 'binary' } })).not.toBe(runKey(base));
    expect(runKey({ ...base, student: { kind: 'model', modelId: 'n' } })).not.toBe(runKey(base));
    expect(conditionKey(base.condition)).toBe('retry');
  });
});

describe('designProblems', () => {
  it('accepts the default design once a student is chosen', () => {
    expect(designProblems(defaultDesign())).toEqual(['Choose at least one student model.']);
    expect(designProblems(defaultDesign({ studentModels: ['m'] }))).toEqual([]);
  });

  it('names unknown environments, a missing teacher, a missing retry control and repeated conditions', () => {
    const problems = designProblems(
      defaultDesign({
        envIds: ['nope'],
        studentModels: ['m'],
        conditions: [{ kind: 'binary' }, { kind: 'binary' }, { kind: 'llm-teacher', privileged: 'answer' }],
      }),
    );
    expect(problems.join('\n')).toMatch(/Unknown environment "nope"/);
    expect(problems.join('\n')).toMatch(/needs a teacher model/);
    expect(problems.join('\n')).toMatch(/retry condition/);
    expect(problems.join('\n')).toMatch(/listed twice: binary/);
  });
});

describe('estimateDesign', () => {
  it('adds student tokens for every turn and teacher tokens between turns, then divides by speed', () => {
    const design = defaultDesign({
      studentModels: ['m'],
      conditions: [{ kind: 'retry' }, { kind: 'self-teacher' }, { kind: 'single' }],
      tasks: 2,
      turnBudget: 3,
      maxTokens: 100,
      teacherMaxTokens: 50,
    });
    // per item: retry 3×100, self-teacher 3×100 + 2×50, single 1×100 → 800; 2 items → 1600.
    const estimate = estimateDesign(design, 20, 0.5);
    expect(estimate).toEqual({ episodes: 6, maxTokens: 1600, expectedTokens: 800, seconds: 40 });
    expect(estimateDesign(design, null).seconds).toBeNull();
    expect(estimateDesign(design, 0).seconds).toBeNull();
  });
});
