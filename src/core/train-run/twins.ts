/**
 * Which stored runs are twins the judge can compare: finished runs whose recipes are the same but
 * for their transcript kind (the Train page's "Train the three twins" makes them), with at least a
 * didactic and an answers-only one. Twins differ in kind only, so their gains differ by what they
 * were trained on.
 */
import { canonicalJson } from '../rng';
import type { TrainRecipe } from './recipe';

/** What the grouping reads of a stored run. */
export interface RunBrief {
  id: string;
  recipe: TrainRecipe | null;
  status: string;
  updatedAt: number;
}

/** A didactic run and its answers-only (and maybe retry) twin. */
export interface TwinGroup<R extends RunBrief> {
  /** The didactic run's recipe (its kind `didactic`). */
  recipe: TrainRecipe;
  didactic: R;
  answersOnly: R;
  retry?: R;
}

/**
 * The twin groups among `runs`, the most recently updated first. Of several finished runs of one
 * recipe and kind (a recipe trained twice), the latest counts.
 */
export function twinGroups<R extends RunBrief>(runs: readonly R[]): TwinGroup<R>[] {
  const groups = new Map<string, Map<string, R>>();
  for (const run of runs) {
    if (run.recipe === null || run.status !== 'finished') continue;
    const key = canonicalJson({ ...run.recipe, kind: null });
    const kinds = groups.get(key) ?? new Map<string, R>();
    const seen = kinds.get(run.recipe.kind);
    if (!seen || seen.updatedAt < run.updatedAt) kinds.set(run.recipe.kind, run);
    groups.set(key, kinds);
  }
  const out: TwinGroup<R>[] = [];
  for (const kinds of groups.values()) {
    const didactic = kinds.get('didactic');
    const answersOnly = kinds.get('answers-only');
    if (!didactic?.recipe || !answersOnly) continue;
    const retry = kinds.get('retry');
    out.push({ recipe: didactic.recipe, didactic, answersOnly, ...(retry ? { retry } : {}) });
  }
  const latest = (g: TwinGroup<R>) => Math.max(g.didactic.updatedAt, g.answersOnly.updatedAt);
  return out.sort((a, b) => latest(b) - latest(a));
}
