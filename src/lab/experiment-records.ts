/** Storing a new experiment and deleting one with its episodes (what the designer and the list write). */
import { designProblems, parseDesign, type ExperimentDesign } from '../core/experiment';
import type { LabStore } from '../store';
import { newId } from '../store/ids';
import { ExperimentDesignError, ExperimentNotFoundError, ExperimentRunError } from './errors';
import { runningExperimentIds } from './locks';

/**
 * Store a new experiment with this design (not started); resolves with its id.
 * @throws {DesignLinkError} when the design is invalid.
 * @throws {ExperimentDesignError} listing what cannot run (no student…).
 */
export async function createExperiment(
  store: LabStore,
  design: ExperimentDesign,
  meta: { appVersion: string; clock: () => number },
): Promise<string> {
  const valid = parseDesign(design);
  const problems = designProblems(valid);
  if (problems.length > 0) throw new ExperimentDesignError(problems);
  const id = newId();
  await store.putExperiment({
    id,
    name: valid.name.trim() || 'Experiment',
    createdAt: meta.clock(),
    appVersion: meta.appVersion,
    design: valid,
    state: 'idle',
    updatedAt: meta.clock(),
  });
  return id;
}

/**
 * Delete an experiment with its stored episodes and their turns (one transaction).
 * @returns how many episodes were deleted with it.
 * @throws {ExperimentRunError} while it runs here or in another tab.
 * @throws {ExperimentNotFoundError} when it is not stored.
 */
export async function deleteExperiment(store: LabStore, id: string): Promise<number> {
  if ((await runningExperimentIds()).includes(id)) {
    throw new ExperimentRunError(
      'This experiment is running (here or in another tab): pause or cancel it first.',
    );
  }
  const deleted = await store.deleteExperiment(id);
  if (deleted === null) throw new ExperimentNotFoundError(id);
  return deleted;
}
