/**
 * Wrong attempts the way students err: a registered environment's perturber proposes an attempt
 * with one error, and the environment's own verifier must read it as wrong, or another is drawn.
 */
import type { Rng } from '../rng';
import { getEnvironment } from '../envs/index';
import type { Diagnosis, Task } from '../envs/types';
import { arithmeticPerturber } from './perturb-arithmetic';
import { countdownPerturber } from './perturb-countdown';
import { hanoiPerturber } from './perturb-hanoi';
import { mazePerturber } from './perturb-maze';
import type { Perturber } from './perturber';

/** How many draws `perturb` makes before it gives up on a task. */
export const MAX_PERTURB_DRAWS = 32;

/** The perturbers by environment id (own keys only, no prototype). */
export const PERTURBERS: Readonly<Record<string, Perturber>> = Object.freeze(
  Object.assign(Object.create(null) as Record<string, Perturber>, {
    maze: mazePerturber,
    arithmetic: arithmeticPerturber,
    countdown: countdownPerturber,
    hanoi: hanoiPerturber,
  }),
);

/** The environments that have a perturber, in registry order. */
export const PERTURBABLE_ENVS: readonly string[] = Object.freeze(Object.keys(PERTURBERS));

/**
 * The perturber of `envId`.
 * @throws {Error} naming the environments that have one, when `envId` has none.
 */
export function getPerturber(envId: string): Perturber {
  if (!Object.hasOwn(PERTURBERS, envId)) {
    throw new Error(
      `No didactic perturber for environment ${JSON.stringify(envId)}; ones with a perturber: ${PERTURBABLE_ENVS.join(', ')}.`,
    );
  }
  return PERTURBERS[envId] as Perturber;
}

/** A wrong attempt, the kind of error it was made with, and the verifier's diagnosis of it. */
export interface WrongAttempt {
  text: string;
  kind: string;
  diagnosis: Diagnosis;
}

/**
 * A wrong attempt at `task`: a kind drawn from the environment's perturber, an attempt made with it,
 * kept only when the environment's `verify` reads it as incorrect and it is none of `avoid` (earlier
 * attempts of the same transcript). Deterministic in `rng`'s state; advances it.
 * @returns null when {@link MAX_PERTURB_DRAWS} draws found none (a task with almost no wrong moves).
 * @throws {Error} when the task's environment is not registered or has no perturber.
 */
export function perturb(task: Task, rng: Rng, avoid: readonly string[] = []): WrongAttempt | null {
  const env = getEnvironment(task.envId);
  const perturber = getPerturber(task.envId);
  for (let draw = 0; draw < MAX_PERTURB_DRAWS; draw++) {
    const kind = rng.pick(perturber.kinds);
    const text = perturber.attempt(task, kind, rng);
    if (text === null || avoid.includes(text)) continue;
    const diagnosis = env.verify(task, text);
    if (!diagnosis.correct) return { text, kind, diagnosis };
  }
  return null;
}

/**
 * The reference answer of `task` as the corrected attempt, in the format its prompt asks for.
 * @throws {Error} when the task's environment has no perturber.
 */
export function referenceAttempt(task: Task): string {
  return getPerturber(task.envId).reference(task);
}
