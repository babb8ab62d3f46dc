/**
 * Checks on a task read from outside the lab's own generator: an imported file's, or a stored
 * record's. The task is a pure function of (envId, generatorVersion, params, seed, index), and
 * every reader (the verifier on resume, the hints, the task views) trusts its data to have the shape
 * `generate` gives; a crafted file with `data: {}` or `envId: "__proto__"` once left the replay at
 * "Loading…" for good. So the import checks the environment exists (own keys only), both params
 * are valid, and the data has the environment's shape (`Environment.dataProblems`).
 *
 * Shape, not regeneration: a task's shape can be checked for every generator version and costs
 * nothing; regenerating costs a generation (a sudoku or countdown search) per imported episode, and
 * would refuse a faithful export of an older build whenever a prompt's wording changed without a
 * version bump. What a view or verifier can trip on is the shape, and that is what is checked.
 */
import { errorText } from '../error-text';
import { findEnvironment, unknownEnvironmentText } from './index';
import type { Task } from './types';

/** What of an episode's config a stored task must agree with. */
export interface TaskSource {
  envId: string;
  params: unknown;
  taskSeed: number;
  index: number;
}

/** The message of whatever `check` throws, or null when it does not. */
function thrown(check: () => void): string | null {
  try {
    check();
    return null;
  } catch (error) {
    return errorText(error);
  }
}

/**
 * Everything wrong with `task` as the task of an episode configured by `source`, one sentence each
 * naming the field; empty when it is a task this lab can verify, hint on and draw. Never throws.
 */
export function storedTaskProblems(source: TaskSource, task: Task): string[] {
  const env = findEnvironment(source.envId);
  if (!env) return [unknownEnvironmentText(source.envId)];
  const problems: string[] = [];
  const configParams = thrown(() => env.validateParams(source.params));
  if (configParams !== null) problems.push(`config.params: ${configParams}`);
  if (task.generatorVersion > env.generatorVersion) {
    problems.push(
      `task: made by version ${task.generatorVersion} of the ${env.id} generator, and this lab has ` +
        `version ${env.generatorVersion}. Update the lab, then import again.`,
    );
    return problems;
  }
  if (task.seed !== source.taskSeed || task.index !== source.index) {
    problems.push("task.seed and task.index must be the config's taskSeed and index.");
  }
  const taskParams = thrown(() => env.validateParams(task.params));
  if (taskParams !== null) {
    problems.push(`task.params: ${taskParams}`);
    return problems;
  }
  const shape = (() => {
    try {
      return env.dataProblems(task.params, task.data);
    } catch (error) {
      return [
        `must have the shape the ${env.id} generator makes (${thrown(() => {
          throw error;
        })})`,
      ];
    }
  })();
  for (const problem of shape) {
    problems.push(`task.data${problem.startsWith('must ') ? ' ' : '.'}${problem}.`);
  }
  return problems;
}
