/**
 * The lab service's own errors. Each sets `name`: comlink's default error handler sends `name` and
 * `message` across the worker boundary (and nothing else), so the page can tell them apart by name
 * and shows the message as it is. Engine errors are in `src/engines/errors.ts`, store errors in
 * `src/store/errors.ts`.
 */
import { EngineError } from '../engines/errors';

/** Base class of the lab service's errors, so they read apart from bugs. */
export class LabError extends Error {
  override name = 'LabError';
}

/** Thrown when an experiment cannot start: not stored, or already running here or in another tab. */
export class ExperimentRunError extends LabError {
  override name = 'ExperimentRunError';
}

/** An experiment id that is not stored in this browser (deleted, or a link from another browser). */
export class ExperimentNotFoundError extends ExperimentRunError {
  override name = 'ExperimentNotFoundError';
  constructor(
    readonly experimentId: string,
    message = `There is no experiment ${experimentId} in this browser.`,
  ) {
    super(message);
  }
}

/** A design that is valid in shape but cannot run (no student, a condition without its model…). */
export class ExperimentDesignError extends LabError {
  override name = 'ExperimentDesignError';
  constructor(readonly problems: readonly string[]) {
    super(problems.join(' '));
  }
}

/** Resuming an episode whose status has nothing to continue (running, solved, failed). */
export class EpisodeNotResumableError extends LabError {
  override name = 'EpisodeNotResumableError';
  constructor(readonly status: string) {
    super(`Only an interrupted, stopped or failed-by-error episode can be resumed (this one is ${status}).`);
  }
}

/** A resumed episode that ended before its first new turn (its copy is deleted; the old one stays). */
export class ResumeFailedError extends LabError {
  override name = 'ResumeFailedError';
  constructor(reason?: string) {
    super(reason ?? 'The episode could not be resumed.');
  }
}

/** Deleting the whole history while a live tab runs an episode. */
export class EpisodesRunningError extends LabError {
  override name = 'EpisodesRunningError';
  constructor() {
    super('An episode is running (here or in another tab): stop it before deleting the whole history.');
  }
}

/** The protocol broke its own event order (a bug): the episode ends with this error. */
export class ProtocolOrderError extends LabError {
  override name = 'ProtocolOrderError';
}

/** A model id that no record in the model list has. */
export class UnknownModelError extends EngineError {
  override name = 'UnknownModelError';
  constructor(readonly modelId: string) {
    super(`There is no model called ${modelId} in the model list.`);
  }
}

/** An episode needs a model that is not loaded. */
export class ModelNotLoadedError extends EngineError {
  override name = 'ModelNotLoadedError';
  constructor(
    readonly modelId: string,
    role: string,
  ) {
    super(`The ${role} model ${modelId} is not loaded: load it first.`);
  }
}

/**
 * A custom model that was added to the list but could not be saved in this browser (the store could
 * not be opened or written): it works until the page is reloaded.
 */
export class CustomModelNotSavedError extends LabError {
  override name = 'CustomModelNotSavedError';
  constructor(
    readonly modelId: string,
    reason: string,
  ) {
    super(
      `${modelId} is in the model list for now, but it could not be saved in this browser (${reason}), ` +
        'so it will be gone after a reload: add it again then.',
    );
  }
}
