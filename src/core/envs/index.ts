/**
 * The environment registry: `environments[id]`. Each environment is one folder here, its facade
 * `<id>/index.ts`; add it here to make it selectable everywhere.
 */
import type { Environment } from './types';
import { maze } from './maze';
import { arithmetic } from './arithmetic';
import { countdown } from './countdown';
import { sudoku } from './sudoku';
import { knights } from './knights';
import { hanoi } from './hanoi';
import { code } from './code';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- heterogeneous params/data per environment
export type AnyEnvironment = Environment<any, any>;

/**
 * Every registered environment by id. Without a prototype, so a lookup by an untrusted id never finds
 * `Object.prototype`'s members; look ids up with `findEnvironment` / `getEnvironment`.
 */
export const environments: Readonly<Record<string, AnyEnvironment>> = Object.freeze(
  Object.assign(Object.create(null) as Record<string, AnyEnvironment>, {
    // Registered environments go here, one line each, e.g. `maze,`.
    maze,
    arithmetic,
    countdown,
    sudoku,
    knights,
    hanoi,
    code,
  }),
);

/**
 * The environment registered as `id`, or undefined. Own keys only: an id comes from links, imported
 * files and stored records, and `environments['__proto__']` or `['toString']` would otherwise find
 * something that is not an environment.
 */
export function findEnvironment(id: string): AnyEnvironment | undefined {
  return Object.hasOwn(environments, id) ? environments[id] : undefined;
}

/** Why `id` names no environment, in words: the id (cut short) and the known ones. */
export function unknownEnvironmentText(id: string): string {
  const shown = id.length > 60 ? `${id.slice(0, 60)}…` : id;
  return `Unknown environment ${JSON.stringify(shown)}. Known environments: ${Object.keys(environments).join(', ')}.`;
}

/** Look up an environment. @throws {Error} naming the known ids when `id` is unknown. */
export function getEnvironment(id: string): AnyEnvironment {
  const env = findEnvironment(id);
  if (!env) throw new Error(unknownEnvironmentText(id));
  return env;
}
