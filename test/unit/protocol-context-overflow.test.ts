import { describe, expect, it } from 'vitest';
import { defaultEpisodeConfig, runEpisode } from '../../src/core/protocol';
import type { EpisodeEvent } from '../../src/core/protocol/types';
import type { Engine } from '../../src/core/engine';
import { environments } from '../../src/core/envs';
import { ContextOverflowError } from '../../src/engines/errors';

/** An engine that answers wrong `fits` times, then finds the conversation too long for its context. */
function overflowingEngine(fits: number): Engine {
  let calls = 0;
  return {
    kind: 'test-double',
    modelId: 'm',
    async chat() {
      calls++;
      if (calls <= fits) {
        return {
          text: '<answer>U</answer>',
          finishReason: 'stop',
          usage: { promptTokens: 1, completionTokens: 1 },
        };
      }
      throw new ContextOverflowError('m', '4100 tokens, context 4096');
    },
  };
}

async function run(fits: number): Promise<EpisodeEvent[]> {
  const maze = environments.maze!;
  const config = defaultEpisodeConfig('maze', {
    params: maze.presets.easy,
    student: { kind: 'model', modelId: 'm' },
    condition: { kind: 'binary' },
  });
  const events: EpisodeEvent[] = [];
  for await (const e of runEpisode(config, {
    env: maze,
    studentEngine: overflowingEngine(fits),
    clock: () => 0,
  })) {
    events.push(e);
  }
  return events;
}

describe('a student that runs out of context', () => {
  it('fails the episode (it counts in the metrics), keeping its turns and saying why', async () => {
    const events = await run(2);
    expect(events.filter((e) => e.type === 'turn-end')).toHaveLength(2);
    expect(events.at(-1)).toMatchObject({
      type: 'episode-end',
      outcome: 'failed',
      solvedAtTurn: null,
      endReason: 'context-overflow',
      error: expect.stringContaining('context window'),
    });
  });

  it('is an error when not even the first attempt fits: the setup is wrong, not the student', async () => {
    const events = await run(0);
    expect(events.at(-1)).toMatchObject({ type: 'episode-end', outcome: 'error' });
    expect(events.at(-1)).not.toHaveProperty('endReason');
  });
});
