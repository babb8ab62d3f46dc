/**
 * The solved example a model student sees before its task (`EpisodeConfig.demonstration`).
 */
import { getEnvironment } from '../envs/index';
import type { Demonstration, EpisodeConfig } from './types';

/** How many items of the example stream are tried before giving up (a preset with very few items). */
const MAX_TRIES = 64;

/** Mixed into the task seed so the examples come from a stream of their own, never the task stream. */
const DEMONSTRATION_STREAM = 0x5eed_de30;

/**
 * A solved item of the same environment and params as the episode's task, answered in the answer
 * format: `generate(params, taskSeed ^ stream, index)`, the next index of that stream whenever the
 * example would equal the task (so it never shows the task's own answer). Pure and deterministic, so
 * every condition of a paired design shows the same example for the same item. Undefined when the
 * params allow too few distinct items to find one that differs from the task.
 * @throws {Error} when the environment is not registered, {RangeError} when params are invalid.
 */
export function demonstrationFor(
  config: Pick<EpisodeConfig, 'envId' | 'params' | 'taskSeed' | 'index'>,
): Demonstration | undefined {
  const env = getEnvironment(config.envId);
  const task = env.generate(config.params, config.taskSeed, config.index);
  const seed = (config.taskSeed ^ DEMONSTRATION_STREAM) >>> 0;
  for (let index = config.index; index < config.index + MAX_TRIES; index++) {
    const example = env.generate(config.params, seed, index);
    if (example.solution !== task.solution && example.prompt !== task.prompt) {
      return { prompt: example.prompt, answer: `<answer>${example.solution}</answer>` };
    }
  }
  return undefined;
}

/** `config` with its demonstration when the student is a model (a person is shown none). */
export function withDemonstration(config: EpisodeConfig): EpisodeConfig {
  if (config.student.kind !== 'model') return config;
  const demonstration = demonstrationFor(config);
  return demonstration ? { ...config, demonstration } : config;
}
