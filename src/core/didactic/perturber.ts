/**
 * The contract of a perturber: how one environment's students err, and how its reference answer is
 * written as an attempt. One file per environment (`perturb-<id>.ts`); `perturb.ts` drives them.
 */
import type { Rng } from '../rng';
import type { Task } from '../envs/types';

/**
 * One environment's way of making wrong attempts. Pure: the same task, kind and rng state give the
 * same text.
 */
export interface Perturber {
  /** The environment it perturbs (`environments[envId]`). */
  readonly envId: string;
  /** The kinds of error it makes, e.g. `'skipped-move'`; `attempt` is called with one of them. */
  readonly kinds: readonly string[];
  /**
   * The reference answer written as an attempt in the format the task's prompt asks for (worked
   * lines where it asks for them, then `<answer>…</answer>`). The environment's verifier reads it
   * as correct.
   */
  reference(task: Task): string;
  /**
   * An attempt with one error of `kind`, in the same format as {@link Perturber.reference}; null
   * when the kind does not apply to this task (no turn in a straight path, no mixed precedence). The
   * caller checks it with the verifier: it may happen to be correct.
   */
  attempt(task: Task, kind: string, rng: Rng): string | null;
}
