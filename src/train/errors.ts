/**
 * Errors of the training worker. Each names one failure in words a person can act on; `name` is set
 * explicitly, since comlink carries only name and message across.
 */

/** The disk is full: the checkpoint was not saved, and the one saved before is intact. */
export class TrainStorageFullError extends Error {
  override name = 'TrainStorageFullError';
  constructor(step: number, savedStep: number | null, options?: { cause?: unknown }) {
    super(
      `The browser's storage is full: the checkpoint at step ${step} was not saved. ` +
        (savedStep === null
          ? 'Nothing of this run was saved yet. '
          : `The checkpoint saved before (step ${savedStep}) is kept. `) +
        'Free space (delete saved runs below, or other data of this site), then press Resume to go on.',
      options,
    );
  }
}

/** A request the worker cannot serve now or for this run. */
export class TrainRequestError extends Error {
  override name = 'TrainRequestError';
}
