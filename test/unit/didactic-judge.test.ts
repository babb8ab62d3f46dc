/**
 * The judge (core/didactic/judge.ts): its design runs exactly the recipe's held-out items (which the
 * twins' training data never holds) under retry and the rule teacher with each twin a student, and
 * its report reads each model's feedback-specific gain and the didactic-minus-answers-only headline
 * from the experiment's summary, as the metrics compute them from the episodes.
 */
import { describe, expect, it } from 'vitest';
import {
  buildDataset,
  heldOutItems,
  judgeDesign,
  judgeReport,
  type DidacticRecipe,
} from '../../src/core/didactic';
import { getEnvironment } from '../../src/core/envs';
import { designProblems, expandDesign } from '../../src/core/experiment';
import { contrast, gainDifference, summarise, type EpisodeOutcomeInput } from '../../src/core/metrics';
import { createRng } from '../../src/core/rng';
import { outcome } from './metrics-fixtures';

const recipe: DidacticRecipe = {
  kind: 'didactic',
  envs: ['arithmetic', 'maze'],
  preset: 'starter',
  levels: [1, 2],
  seed: 41,
  budget: 20_000,
  heldOut: 12,
};
const models = { didactic: 'trained: d', answersOnly: 'trained: a', retry: 'trained: r' };

describe('judgeDesign', () => {
  const design = judgeDesign(recipe, models);

  it('runs the held-out items under retry and the rule teacher, each twin a student', () => {
    expect(designProblems(design)).toEqual([]);
    expect(design.conditions).toEqual([{ kind: 'retry' }, { kind: 'rule-teacher', level: 2 }]);
    expect(design.studentModels).toEqual(['trained: d', 'trained: a', 'trained: r']);
    expect(design).toMatchObject({ demonstration: false, temperature: 0, turnBudget: 2, replicates: 1 });
    const planned = expandDesign(design);
    expect(planned).toHaveLength(2 * 12 * 2 * 3);
    for (const envId of recipe.envs) {
      const env = getEnvironment(envId);
      const prompts = new Set(
        planned
          .filter((p) => p.config.envId === envId)
          .map((p) => env.generate(p.config.params, p.config.taskSeed, p.config.index).prompt),
      );
      expect(prompts).toEqual(new Set(heldOutItems(envId, 'starter', 41, 12).map((t) => t.prompt)));
    }
  });

  it('holds no item any twin trained on (by item key or by prompt)', () => {
    const held = recipe.envs.flatMap((id) => heldOutItems(id, 'starter', 41, 12));
    const heldSeeds = new Set(held.map((t) => t.itemSeed));
    const heldPrompts = new Set(held.map((t) => t.prompt));
    for (const kind of ['didactic', 'answers-only', 'retry'] as const) {
      const data = buildDataset({ ...recipe, kind });
      expect(data.examples.length).toBeGreaterThan(10);
      expect(data.examples.filter((e) => heldSeeds.has(e.itemSeed))).toEqual([]);
      const firstUser = (e: (typeof data.examples)[number]) =>
        e.messages.filter((m) => m.role === 'user')[0]?.content ?? '';
      expect(data.examples.filter((e) => heldPrompts.has(firstUser(e)))).toEqual([]);
    }
  });

  it('takes a level, budget and item count, and refuses what cannot be judged', () => {
    expect(judgeDesign(recipe, models, { level: 1, turnBudget: 3, tasks: 5 })).toMatchObject({
      conditions: [{ kind: 'retry' }, { kind: 'rule-teacher', level: 1 }],
      turnBudget: 3,
      tasks: 5,
    });
    expect(() => judgeDesign(recipe, { didactic: 'm', answersOnly: 'm' })).toThrow(/different/);
    expect(() => judgeDesign(recipe, models, { tasks: 13 })).toThrow(/held-out/);
    expect(() => judgeDesign(recipe, models, { turnBudget: 1 })).toThrow(/turnBudget/);
  });
});

describe('judgeReport', () => {
  const design = judgeDesign(recipe, models);
  /** Episodes of the design with outcomes drawn per (model, condition): didactic gains most. */
  function episodes(): EpisodeOutcomeInput[] {
    const rng = createRng(9);
    const solveRate: Record<string, [number, number]> = {
      'trained: d': [0.2, 0.7],
      'trained: a': [0.2, 0.3],
      'trained: r': [0.3, 0.3],
    };
    return expandDesign(design).map((p, i) => {
      const model = p.config.student.kind === 'model' ? p.config.student.modelId : '';
      const rate = solveRate[model]![p.config.condition.kind === 'retry' ? 0 : 1];
      const at = rng.next() < rate ? (rng.next() < 0.5 ? 1 : 2) : null;
      return outcome(`e${i}`, at, {
        condition: p.config.condition,
        envId: p.config.envId,
        params: p.config.params,
        taskSeed: p.config.taskSeed,
        index: p.config.index,
        turnBudget: 2,
        student: p.config.student,
      });
    });
  }

  it("reads each model's gain and the headline from the summary, as the metrics compute them", () => {
    const all = episodes();
    const summary = summarise(all);
    const report = judgeReport(summary, design, models);
    expect(report.teacherKey).toBe('rule-teacher:2');
    expect(report.models.map((m) => m.role)).toEqual(['didactic', 'answersOnly', 'retry']);
    const rows = (id: string, key: string) =>
      summary.rows
        .filter((r) => r.studentModel === id && r.conditionKey === key)
        .flatMap((r) => r.itemOutcomes);
    for (const m of report.models) {
      expect(m.rowKeys).toHaveLength(4); // two environments × two conditions
      expect(m.gain).toEqual(contrast(rows(m.modelId, 'rule-teacher:2'), rows(m.modelId, 'retry')));
      expect(m.gain!.items).toBe(24);
      expect(m.gain!.method).toBe('newcombe');
    }
    const side = (id: string) => ({ teacher: rows(id, 'rule-teacher:2'), retry: rows(id, 'retry') });
    expect(report.headline).toEqual(gainDifference(side('trained: d'), side('trained: a')));
    expect(report.headline!.estimate).toBeCloseTo(
      report.models[0]!.gain!.estimate - report.models[1]!.gain!.estimate,
      12,
    );
    expect(report.headline!.estimate).toBeGreaterThan(0);
  });

  it('has no headline before any item is judged under all four arms', () => {
    const partial = episodes().filter(
      (e) => e.config.student.kind === 'model' && e.config.student.modelId !== 'trained: a',
    );
    const report = judgeReport(summarise(partial), design, models);
    expect(report.headline).toBeNull();
    expect(report.models[1]!.gain).toBeNull();
    expect(report.models[0]!.gain).not.toBeNull();
  });
});
