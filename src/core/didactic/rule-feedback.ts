/**
 * The rule teacher's feedback on a wrong attempt, as a real episode delivers it to a model student
 * under the lab's default leak policy ('regenerate'): the environment's hint at the level, passed
 * through the leak guard with the attempt, and replaced by the safe fallback when it leaks
 * (`protocol/feedback.ts`, whose pieces this composes; a unit test holds the two equal).
 */
import type { Diagnosis, HintLevel, Task } from '../envs/types';
import { getEnvironment } from '../envs/index';
import { guardTeacherMessage } from '../protocol/leak-reading';
import { safeFallback } from '../protocol/feedback';

/**
 * The text a model student reads after `attempt` under `rule-teacher` at `level`.
 * @throws {Error} when the task's environment is not registered.
 */
export function ruleFeedback(task: Task, attempt: string, diagnosis: Diagnosis, level: HintLevel): string {
  const env = getEnvironment(task.envId);
  const text = env.hint(task, diagnosis, level);
  const leak = guardTeacherMessage(env, task, text, { attempt });
  return leak.leaked ? safeFallback(env, task, diagnosis, 'model') : text;
}
