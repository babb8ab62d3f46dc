import { describe, expect, it } from 'vitest';
import { defaultEpisodeConfig, runEpisode } from '../../src/core/protocol';
import type { EpisodeEvent } from '../../src/core/protocol/types';
import type { Engine } from '../../src/core/engine';
import { environments } from '../../src/core/envs';

/** An engine whose GPU device is lost on the second call, as web-llm reports it. */
function losingEngine(): Engine {
  let calls = 0;
  return {
    kind: 'test-double',
    modelId: 'm',
    async chat() {
      calls++;
      if (calls === 1)
        return {
          text: '<answer>U</answer>',
          finishReason: 'stop',
          usage: { promptTokens: 1, completionTokens: 1 },
        };
      const error = new Error('The GPU device was lost while running m. Reload with a smaller model.');
      error.name = 'DeviceLostError';
      throw error;
    },
  };
}

describe('a lost GPU device', () => {
  it('ends the episode interrupted (resumable), keeping the finished turn, with the reason', async () => {
    const maze = environments.maze!;
    const config = defaultEpisodeConfig('maze', {
      params: maze.presets.easy,
      student: { kind: 'model', modelId: 'm' },
      condition: { kind: 'binary' },
    });
    const events: EpisodeEvent[] = [];
    for await (const e of runEpisode(config, { env: maze, studentEngine: losingEngine(), clock: () => 0 })) {
      events.push(e);
    }
    expect(events.filter((e) => e.type === 'turn-end')).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({
      type: 'episode-end',
      outcome: 'interrupted',
      error: expect.stringContaining('smaller model'),
    });
  });
});
