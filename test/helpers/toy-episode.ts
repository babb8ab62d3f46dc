/**
 * Protocol tests over the toy sum environment: its standard params, an episode config with a scripted
 * model student, deps with a ticking clock, and a collector for the events.
 */
import { defaultEpisodeConfig } from '../../src/core/protocol';
import type { Condition, EpisodeConfig, EpisodeDeps, EpisodeEvent } from '../../src/core/protocol/types';
import { toySum, type SumParams } from './toy-env';

/** Two-digit addends: the solution is never one of them, so a leak of it is unambiguous. */
export const TOY_PARAMS: SumParams = { min: 10, max: 49 };

/** A toy episode's config under `condition`, the student a scripted model. */
export function toyConfig(condition: Condition, overrides: Partial<EpisodeConfig> = {}): EpisodeConfig {
  return defaultEpisodeConfig(toySum.id, {
    params: TOY_PARAMS,
    preset: 'easy',
    student: { kind: 'model', modelId: 'scripted-model' },
    condition,
    ...overrides,
  });
}

/** Deps for the toy environment, with a clock that ticks 1 ms per reading. */
export function toyDeps(extra: Partial<EpisodeDeps> = {}): EpisodeDeps {
  let now = 1_000;
  return { env: toySum, clock: () => (now += 1), ...extra };
}

/** Every event of an episode, in order (each also handed to `onEvent` as it comes). */
export async function collectEvents(
  events: AsyncGenerator<EpisodeEvent, void>,
  onEvent?: (e: EpisodeEvent) => void,
): Promise<EpisodeEvent[]> {
  const out: EpisodeEvent[] = [];
  for await (const event of events) {
    out.push(event);
    onEvent?.(event);
  }
  return out;
}
