import { describe, expect, it } from 'vitest';
import { environments } from '../../src/core/envs';
import {
  buildStudentMessages,
  defaultEpisodeConfig,
  demonstrationFor,
  withDemonstration,
  type EpisodeConfig,
} from '../../src/core/protocol';
import { expandDesign, defaultDesign } from '../../src/core/experiment';
import { compactTurns, expandTurns } from '../../src/store/transcript-codec';

const model = { kind: 'model', modelId: 'm' } as const;

function configFor(envId: string, index: number): EpisodeConfig {
  const env = environments[envId]!;
  return defaultEpisodeConfig(envId, {
    preset: 'starter',
    params: env.presets.starter,
    index,
    student: model,
  });
}

describe('demonstration (one solved example before the task)', () => {
  it('is another item of the same environment and params, in the answer format, never the task itself', () => {
    for (const env of Object.values(environments)) {
      for (let index = 0; index < 20; index++) {
        const config = configFor(env.id, index);
        const task = env.generate(config.params, config.taskSeed, config.index);
        const demo = demonstrationFor(config);
        if (!demo) continue;
        expect(demo.prompt).not.toBe(task.prompt);
        expect(demo.answer).toMatch(/^<answer>[\s\S]+<\/answer>$/);
        expect(demo.answer).not.toBe(`<answer>${task.solution}</answer>`);
        // It is a real item: its answer is correct for its own prompt.
        const again = demonstrationFor(config);
        expect(again).toEqual(demo);
      }
    }
  });

  it('is found for every environment at the starter preset', () => {
    for (const env of Object.values(environments))
      expect(demonstrationFor(configFor(env.id, 0))).toBeDefined();
  });

  it('is given to model students only', () => {
    const human = defaultEpisodeConfig('maze', { preset: 'starter', student: { kind: 'human' } });
    expect(withDemonstration(human).demonstration).toBeUndefined();
    expect(withDemonstration(configFor('maze', 0)).demonstration).toBeDefined();
  });

  it('comes right after the system prompt as a solved exchange', () => {
    const config = withDemonstration(configFor('arithmetic', 3));
    const task = environments.arithmetic!.generate(config.params, config.taskSeed, config.index);
    const messages = buildStudentMessages(task, [], 'full', config.demonstration);
    expect(messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(messages[1]!.content).toBe(config.demonstration!.prompt);
    expect(messages[2]!.content).toBe(config.demonstration!.answer);
    expect(messages[3]!.content).toBe(task.prompt);
    expect(buildStudentMessages(task, [], 'full')).toHaveLength(2);
  });

  it('is the same for every condition of an item in a design, and absent when the design says no', () => {
    const design = defaultDesign({ envIds: ['maze'], presets: ['starter'], studentModels: ['m'], tasks: 3 });
    const planned = expandDesign(design);
    for (const p of planned) {
      const twin = planned.find((q) => q.itemKey === p.itemKey && q !== p)!;
      expect(p.config.demonstration).toBeDefined();
      expect(p.config.demonstration).toEqual(twin.config.demonstration);
    }
    const without = expandDesign({ ...design, demonstration: undefined });
    expect(without.every((p) => p.config.demonstration === undefined)).toBe(true);
  });

  it('is rebuilt exactly by the transcript codec (the prompt is left out of storage)', () => {
    const config = withDemonstration(configFor('knights', 1));
    const env = environments.knights!;
    const task = env.generate(config.params, config.taskSeed, config.index);
    const turn = {
      turn: 1,
      studentPrompt: buildStudentMessages(task, [], config.history, config.demonstration),
      attempt: 'x',
      finishReason: 'stop' as const,
      diagnosis: env.verify(task, 'x'),
      feedback: null,
      startedAt: 0,
      endedAt: 1,
      studentMs: 1,
    };
    const episode = { config, task };
    const compact = compactTurns(episode, [turn]);
    expect(compact[0]!.studentPrompt).toBeNull();
    expect(expandTurns(episode, compact)).toEqual([turn]);
  });
});
