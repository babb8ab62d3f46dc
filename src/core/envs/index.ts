/**
 * The environment registry: `environments[id]`. Each environment is one file in this folder
 * (DESIGN.md §3); add it here to make it selectable everywhere.
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

export const environments: Record<string, AnyEnvironment> = {
  // Registered environments go here, one line each, e.g. `maze,`.
  maze,
  arithmetic,
  countdown,
  sudoku,
  knights,
  hanoi,
  code,
};

/** Look up an environment. @throws {Error} naming the known ids when `id` is unknown. */
export function getEnvironment(id: string): AnyEnvironment {
  const env = environments[id];
  if (!env) {
    throw new Error(
      `Unknown environment "${id}". Known environments: ${Object.keys(environments).join(', ')}.`,
    );
  }
  return env;
}
