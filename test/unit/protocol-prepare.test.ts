import { describe, expect, it } from 'vitest';
import { defaultEpisodeConfig, runEpisode } from '../../src/core/protocol';
import type { EpisodeEvent } from '../../src/core/protocol/types';
import type { Environment } from '../../src/core/envs/types';
import { toySum } from '../helpers/toy-env';

describe('environment preparation', () => {
  it('awaits env.prepare() once before the first verify', async () => {
    const order: string[] = [];
    const base = toySum as unknown as Environment;
    const env: Environment = {
      ...base,
      prepare: async () => {
        await new Promise((r) => setTimeout(r, 5));
        order.push('prepare');
      },
      verify: (task, text) => {
        order.push('verify');
        return base.verify(task, text);
      },
    };
    const task = env.generate(env.presets.easy, 1, 0);
    const config = defaultEpisodeConfig(env.id, { params: env.presets.easy, turnBudget: 1 });
    const events: EpisodeEvent[] = [];
    for await (const e of runEpisode(config, {
      env,
      human: { attempt: async () => `<answer>${task.solution}</answer>`, feedback: async () => '' },
      clock: () => 0,
    })) {
      events.push(e);
    }
    expect(order).toEqual(['prepare', 'verify']);
    expect(events.at(-1)).toMatchObject({ type: 'episode-end', outcome: 'solved' });
  });
});
