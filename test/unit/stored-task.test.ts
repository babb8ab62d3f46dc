/**
 * Stored tasks are untrusted (issue 18, point 7): every environment's generated data passes its own
 * shape check, any field removed or replaced fails it with the field named, and an id that is only
 * an inherited key of a plain object is an unknown environment everywhere ids are looked up.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { environments, findEnvironment, getEnvironment } from '../../src/core/envs';
import { storedTaskProblems } from '../../src/core/envs/stored-task';
import { PRESET_NAMES, type Task } from '../../src/core/envs/types';
import { designProblems, defaultDesign } from '../../src/core/experiment';
import { defaultEpisodeConfig } from '../../src/core/protocol';

const INHERITED = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];
const ENVS = Object.values(environments);

const sourceOf = (task: Task) => ({
  envId: task.envId,
  params: task.params,
  taskSeed: task.seed,
  index: task.index,
});

describe('stored task shapes', () => {
  for (const env of ENVS) {
    it(`${env.id}: every generated task at every preset has no problems`, () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...PRESET_NAMES),
          fc.integer({ min: 0, max: 2 ** 31 - 1 }),
          fc.integer({ min: 0, max: 1000 }),
          (preset, seed, index) => {
            const task = env.generate(env.presets[preset], seed, index);
            expect(storedTaskProblems(sourceOf(task), task)).toEqual([]);
            // As read back from a file, too.
            const read = JSON.parse(JSON.stringify(task)) as Task;
            expect(storedTaskProblems(sourceOf(read), read)).toEqual([]);
          },
        ),
        { numRuns: env.id === 'code' || env.id === 'sudoku' ? 40 : 150 },
      );
    });

    it(`${env.id}: data that is not an object, or lacks or garbles any field, is refused by name`, () => {
      const task = env.generate(env.presets[env.defaultPreset], 3, 1);
      for (const data of [{}, null, [], 'maze', 7]) {
        const problems = storedTaskProblems(sourceOf(task), { ...task, data });
        expect(problems.length, JSON.stringify(data)).toBeGreaterThan(0);
        expect(problems.every((p) => p.startsWith('task.data'))).toBe(true);
      }
      const fields = Object.keys(task.data as object);
      for (const key of fields) {
        const original = (task.data as Record<string, unknown>)[key];
        // An array-like of a huge length stands in for an array (what `Array.from` would allocate by).
        const garbled = [undefined, [], -1.5, ...(Array.isArray(original) ? [{ length: 1e15 }] : [])];
        for (const value of garbled) {
          const data = { ...(task.data as object), [key]: value };
          if (value === undefined) delete (data as Record<string, unknown>)[key];
          const problems = storedTaskProblems(sourceOf(task), { ...task, data });
          expect(problems.join('\n'), `${key} = ${JSON.stringify(value)}`).toContain(`task.data.${key}`);
        }
      }
    });

    it(`${env.id}: params out of range in the config or the task are refused with the generator's reason`, () => {
      const task = env.generate(env.presets[env.defaultPreset], 3, 1);
      for (const params of [{}, null, 'x', { rows: 1e7, cols: 1e7 }]) {
        expect(storedTaskProblems({ ...sourceOf(task), params }, task)[0]).toMatch(/^config\.params: /);
        expect(storedTaskProblems(sourceOf(task), { ...task, params })).toEqual([
          expect.stringMatching(/^task\.params: /),
        ]);
      }
    });
  }

  it('a maze whose S is not at start is refused', () => {
    const task = getEnvironment('maze').generate(getEnvironment('maze').presets.easy, 1, 0);
    const data = task.data as { start: { row: number; col: number }; goal: { row: number; col: number } };
    expect(storedTaskProblems(sourceOf(task), { ...task, data: { ...data, start: data.goal } })).toEqual([
      'task.data.grid must hold one S at start and one G at goal.',
    ]);
  });

  it('a task of a newer generator, or of another item than the config, is refused', () => {
    const task = getEnvironment('hanoi').generate(getEnvironment('hanoi').presets.easy, 1, 0);
    expect(storedTaskProblems(sourceOf(task), { ...task, generatorVersion: 99 })[0]).toMatch(
      /version 99 of the hanoi generator.*Update the lab/,
    );
    expect(storedTaskProblems({ ...sourceOf(task), index: 4 }, task)).toEqual([
      "task.seed and task.index must be the config's taskSeed and index.",
    ]);
  });
});

describe('environment ids are own keys only', () => {
  it.each(INHERITED)('%s is an unknown environment, with a clear message', (id) => {
    expect(findEnvironment(id)).toBeUndefined();
    expect(() => getEnvironment(id)).toThrow(
      `Unknown environment ${JSON.stringify(id)}. Known environments: maze`,
    );
    expect(() => defaultEpisodeConfig(id)).toThrow(/Unknown environment/);
    expect(designProblems(defaultDesign({ envIds: [id], studentModels: ['m'] }))).toContain(
      `Unknown environment ${JSON.stringify(id)}. Known environments: ${Object.keys(environments).join(', ')}.`,
    );
    const task = getEnvironment('maze').generate(getEnvironment('maze').presets.easy, 1, 0);
    expect(storedTaskProblems({ ...sourceOf(task), envId: id }, { ...task, envId: id })).toEqual([
      expect.stringContaining(`Unknown environment ${JSON.stringify(id)}`),
    ]);
  });

  it('a code family named like an inherited key is unknown', () => {
    const code = getEnvironment('code');
    for (const family of INHERITED) {
      expect(() => code.validateParams({ ...code.presets.easy, families: [family] })).toThrow(
        /unknown family/,
      );
    }
  });

  it('a long unknown id is cut short in the message', () => {
    expect(() => getEnvironment('x'.repeat(10_000))).toThrow(/"x{60}…"/);
  });
});
