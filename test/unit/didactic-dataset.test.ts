import { describe, expect, it } from 'vitest';
import {
  buildDataset,
  byteLength,
  chatTemplateId,
  heldOutItems,
  lossMask,
  renderChat,
  trainingStreamSeed,
  type DidacticRecipe,
} from '../../src/core/didactic';
import { environments } from '../../src/core/envs';

const BASE: DidacticRecipe = {
  kind: 'didactic',
  envs: ['maze', 'arithmetic'],
  preset: 'easy',
  levels: [1, 2, 3],
  seed: 1,
  budget: 40_000,
};
const twin = (kind: DidacticRecipe['kind'], extra: Partial<DidacticRecipe> = {}) =>
  buildDataset({ ...BASE, kind, ...extra });

describe('buildDataset', () => {
  it('is a pure function of the recipe: the same recipe gives byte-identical output', () => {
    for (const kind of ['didactic', 'retry', 'answers-only'] as const) {
      expect(JSON.stringify(twin(kind))).toBe(JSON.stringify(twin(kind)));
    }
    expect(JSON.stringify(twin('didactic', { seed: 2 }))).not.toBe(JSON.stringify(twin('didactic')));
  }, 60_000);

  it('twins fill the same byte budget, within one item', () => {
    for (const preset of ['starter', 'medium'] as const) {
      const sets = (['didactic', 'retry', 'answers-only'] as const).map((kind) => twin(kind, { preset }));
      const largest = Math.max(...sets.flatMap((s) => s.examples.map((e) => e.bytes)));
      for (const set of sets) {
        expect(set.bytes).toBeLessThanOrEqual(BASE.budget);
        expect(BASE.budget - set.bytes).toBeLessThan(largest);
        expect(set.bytes).toBe(set.examples.reduce((n, e) => n + e.bytes, 0));
        for (const e of set.examples) expect(e.bytes).toBe(byteLength(renderChat(e.messages)));
      }
      for (const a of sets) for (const b of sets) expect(Math.abs(a.bytes - b.bytes)).toBeLessThan(largest);
      // Answers only is shorter per item, so it holds more items in the same budget.
      expect(sets[2]!.examples.length).toBeGreaterThan(sets[0]!.examples.length);
    }
  }, 60_000);

  it('didactic and retry twins show the same items with the same wrong attempts', () => {
    const didactic = twin('didactic', { wrongAttempts: [1, 2] });
    const retry = twin('retry', { wrongAttempts: [1, 2] });
    const answers = twin('answers-only');
    const n = Math.min(didactic.examples.length, retry.examples.length);
    expect(n).toBeGreaterThan(20);
    const assistant = (e: (typeof didactic.examples)[number]) =>
      e.messages.filter((m) => m.role === 'assistant');
    for (let i = 0; i < n; i++) {
      const [d, r] = [didactic.examples[i]!, retry.examples[i]!];
      expect([r.envId, r.index, r.itemSeed, r.errors]).toEqual([d.envId, d.index, d.itemSeed, d.errors]);
      expect(assistant(r)).toEqual(assistant(d));
      expect(d.messages[1]).toEqual(answers.examples[i]!.messages[1]); // the same task, in the same order
      expect(d.level).not.toBeNull();
      expect(r.level).toBeNull();
    }
    const counts = new Set(didactic.examples.map((e) => e.errors.length));
    expect([...counts].sort()).toEqual([1, 2]);
    expect(new Set(didactic.examples.map((e) => e.level))).toEqual(new Set([1, 2, 3]));
    expect(new Set(didactic.examples.map((e) => e.envId))).toEqual(new Set(['maze', 'arithmetic']));
  }, 60_000);

  it('no training item is a held-out item, by item key or by prompt', () => {
    for (const preset of ['starter', 'easy'] as const) {
      for (const kind of ['didactic', 'answers-only'] as const) {
        const set = twin(kind, { preset, seed: 3, heldOut: 60 });
        for (const envId of BASE.envs) {
          const held = heldOutItems(envId, preset, 3, 60);
          const keys = new Set(held.map((t) => t.itemSeed));
          const prompts = new Set(held.map((t) => t.prompt));
          const mine = set.examples.filter((e) => e.envId === envId);
          expect(mine.length).toBeGreaterThan(0);
          for (const e of mine) {
            expect(keys.has(e.itemSeed)).toBe(false);
            expect(prompts.has(e.messages[1]!.content)).toBe(false);
          }
        }
      }
      // Arithmetic's starter has 81 distinct sums: its held-out prompts are met in the training stream.
      if (preset === 'starter')
        expect(twin('answers-only', { preset, seed: 3, heldOut: 60 }).dropped.heldOut).toBeGreaterThan(0);
    }
  }, 60_000);

  it('held-out items are the items of an experiment with that task seed; training uses another stream', () => {
    const env = environments.maze!;
    const held = heldOutItems('maze', 'medium', 42, 5);
    expect(held.map((t) => t.index)).toEqual([0, 1, 2, 3, 4]);
    expect(held[3]).toEqual(env.generate(env.presets.medium, 42, 3));
    for (const seed of [0, 1, 42, -7, 2 ** 31]) expect(trainingStreamSeed(seed)).not.toBe(seed >>> 0);
    const set = twin('didactic', { seed: 42 });
    for (const e of set.examples)
      expect(e.itemSeed).not.toBe(env.generate(env.presets.easy, 42, e.index).itemSeed);
  }, 60_000);

  it('trains on the corrected attempt only, and counts those bytes', () => {
    const set = twin('didactic', { budget: 5_000 });
    let trained = 0;
    for (const e of set.examples) {
      expect(e.trained).toBe('last');
      expect(e.messages.at(-1)!.role).toBe('assistant');
      trained += lossMask(e.messages, e.trained).reduce((n, b) => n + b, 0);
    }
    expect(set.trainedBytes).toBe(trained);
    expect(set.template).toBe(chatTemplateId());
  });

  it('an answers-only share comes first, the same for every kind, and the rest is the kind’s own', () => {
    const sets = (['didactic', 'retry', 'answers-only'] as const).map((kind) =>
      twin(kind, { answersShare: 0.5 }),
    );
    // The share: answers-only examples worth at most half the budget, identical across the twins.
    const share = (d: (typeof sets)[number]) => {
      const out = [];
      let bytes = 0;
      for (const e of d.examples) {
        if (bytes + e.bytes > BASE.budget / 2 || e.kind !== 'answers-only') break;
        out.push(e);
        bytes += e.bytes;
      }
      return out;
    };
    const [didactic, retry, answers] = sets.map(share);
    expect(didactic!.length).toBeGreaterThan(10);
    expect(JSON.stringify(retry)).toBe(JSON.stringify(didactic));
    expect(JSON.stringify(answers)).toBe(JSON.stringify(didactic));
    // After it, the kind's own examples, to the same budget (within one item).
    expect(sets[0]!.examples.slice(didactic!.length).every((e) => e.kind === 'didactic')).toBe(true);
    expect(sets[1]!.examples.slice(didactic!.length).every((e) => e.kind === 'retry')).toBe(true);
    const most = Math.max(...sets.flatMap((d) => d.examples.map((e) => e.bytes)));
    for (const d of sets) expect(d.bytes).toBeGreaterThan(BASE.budget - most);
    for (const d of sets) expect(d.bytes).toBeLessThanOrEqual(BASE.budget);
    expect(() => twin('didactic', { answersShare: 1 })).toThrow(/answersShare/);
  });

  it('leaves out examples longer than maxBytes and says how many', () => {
    const set = twin('didactic', { envs: ['maze'], preset: 'hard', maxBytes: 900, wrongAttempts: [2] });
    expect(set.dropped.tooLong).toBeGreaterThan(0);
    for (const e of set.examples) expect(e.bytes).toBeLessThanOrEqual(900);
  }, 60_000);

  it('refuses a recipe out of range, naming the field', () => {
    const bad: [Partial<DidacticRecipe>, RegExp][] = [
      [{ kind: 'sft' as never }, /kind must be one of/],
      [{ envs: [] }, /envs must name/],
      [{ envs: ['sudoku'] }, /No didactic perturber/],
      [{ preset: 'custom' as never }, /preset must be one of/],
      [{ levels: [] }, /levels must hold/],
      [{ levels: [4 as never] }, /a level must be one of/],
      [{ seed: 1.5 }, /seed must be an integer/],
      [{ budget: 0 }, /budget must be a whole number/],
      [{ wrongAttempts: [0] }, /wrongAttempts count/],
      [{ wrongAttempts: [9] }, /at most 4/],
      [{ heldOut: -1 }, /heldOut/],
      [{ maxBytes: 0 }, /maxBytes/],
    ];
    for (const [change, message] of bad) expect(() => buildDataset({ ...BASE, ...change })).toThrow(message);
  });

  it('refuses a recipe whose preset has too few items outside the held-out set', () => {
    expect(() => twin('answers-only', { envs: ['arithmetic'], preset: 'starter', heldOut: 2_000 })).toThrow(
      /too few items/,
    );
  }, 60_000);
});
