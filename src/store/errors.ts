/**
 * Store errors. Each class names one failure and its message tells the person what to do. Callers never
 * see a bare DOMException: `toStoreError` wraps whatever IndexedDB throws. `name` is set explicitly so
 * it survives the trip through comlink (which keeps only name, message and stack).
 */
import { isQuotaError } from '../core/quota-error';

/** Base class of every error the store throws. */
export class StoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
  }
}

/** A write failed because the origin's storage quota is used up. Nothing of that write was kept. */
export class StorageFullError extends StoreError {
  constructor(options?: { cause?: unknown }) {
    super(
      "The browser's storage for this site is full: your earlier episodes are safe. " +
        'Export your history and delete old episodes to make room.',
      options,
    );
    this.name = 'StorageFullError';
  }
}

/** The database on disk was written by a newer version of the app than this tab runs. */
export class StoreVersionError extends StoreError {
  constructor(options?: { cause?: unknown; message?: string }) {
    super(
      options?.message ??
        'Another Plasticity Lab tab has upgraded the stored history to a newer version than this tab ' +
          'understands. Reload this tab to use the new version.',
      options,
    );
    this.name = 'StoreVersionError';
  }
}

/** An upgrade cannot start while another tab keeps an older connection open. */
export class StoreBlockedError extends StoreError {
  constructor(options?: { cause?: unknown }) {
    super('Close the other Plasticity Lab tabs to finish upgrading the store.', options);
    this.name = 'StoreBlockedError';
  }
}

/** An upgrade step threw; the database stays at its previous version with its data untouched. */
export class StoreUpgradeError extends StoreError {
  constructor(fromVersion: number, toVersion: number, options?: { cause?: unknown }) {
    super(
      `Upgrading the stored history from version ${fromVersion} to ${toVersion} failed, so nothing was ` +
        'changed. Export your history from an older copy of the app if you can, and report this bug.' +
        detail(options?.cause),
      options,
    );
    this.name = 'StoreUpgradeError';
  }
}

/** The connection is closed: by `close()`, by another tab upgrading the store, or by the browser. */
export class StoreClosedError extends StoreError {
  constructor(reason: 'closed' | 'other-tab' | 'terminated', options?: { cause?: unknown }) {
    super(
      reason === 'closed'
        ? 'The store is closed.'
        : reason === 'other-tab'
          ? 'Another Plasticity Lab tab upgraded or deleted the stored history, so this tab let go of it. ' +
            'Reload this tab to continue.'
          : 'The browser closed the connection to the stored history (storage cleared or the disk failed). ' +
            'Reload this tab to continue.',
      options,
    );
    this.name = 'StoreClosedError';
  }
}

export class EpisodeNotFoundError extends StoreError {
  constructor(readonly episodeId: string) {
    super(`Episode ${episodeId} is not in the store (it may have been deleted in another tab).`);
    this.name = 'EpisodeNotFoundError';
  }
}

/** A write that needs a running episode reached one that has already ended. */
export class EpisodeNotRunningError extends StoreError {
  constructor(
    readonly episodeId: string,
    readonly status: string,
    action: string,
  ) {
    super(
      `Cannot ${action}: episode ${episodeId} is no longer running (its status is '${status}'). ` +
        (status === 'interrupted'
          ? 'Another Plasticity Lab tab marked it interrupted when it started; run the episode again.'
          : 'Start a new episode instead.'),
    );
    this.name = 'EpisodeNotRunningError';
  }
}

/** A turn number that does not follow the turns already stored. */
export class TurnOrderError extends StoreError {
  constructor(
    readonly episodeId: string,
    readonly turn: number,
    readonly turnsDone: number,
  ) {
    super(
      `Cannot store turn ${turn} of episode ${episodeId}: ` +
        (Number.isInteger(turn) && turn >= 1
          ? `it has ${turnsDone} stored turn${turnsDone === 1 ? '' : 's'}, so the next one must be turn ${turnsDone + 1}.`
          : 'turn numbers are whole numbers starting at 1.') +
        ' This is a bug in the episode runner.',
    );
    this.name = 'TurnOrderError';
  }
}

/** A stored turn was written again with different content (stored turns never change). */
export class TurnConflictError extends StoreError {
  constructor(
    readonly episodeId: string,
    readonly turn: number,
  ) {
    super(
      `Turn ${turn} of episode ${episodeId} is already stored with different content; stored turns ` +
        'never change. This is a bug in the episode runner.',
    );
    this.name = 'TurnConflictError';
  }
}

export class DuplicateEpisodeError extends StoreError {
  constructor(readonly episodeId: string) {
    super(`An episode with id ${episodeId} is already stored; use a new id.`);
    this.name = 'DuplicateEpisodeError';
  }
}

/** A record handed to the store is inconsistent (a bug in the caller, not in the data on disk). */
export class StoreInputError extends StoreError {
  constructor(message: string) {
    super(message);
    this.name = 'StoreInputError';
  }
}

/** An import refused because its file has problems (the caller lists them); nothing was written. */
export class ImportRefusedError extends StoreInputError {
  constructor() {
    super('The file has problems, so nothing was imported.');
    this.name = 'ImportRefusedError';
  }
}

// One test of a full quota for the lab's store and the training runs' (src/train/run-db.ts).
export { isQuotaError };

/**
 * Wrap anything thrown by IndexedDB in a StoreError subclass; StoreErrors pass through unchanged.
 * @param action what was being done, as a verb phrase ("save turn 2 of episode …").
 */
export function toStoreError(error: unknown, action: string): StoreError {
  if (error instanceof StoreError) return error;
  if (isQuotaError(error)) return new StorageFullError({ cause: error });
  const name = typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : undefined;
  if (name === 'VersionError') return new StoreVersionError({ cause: error });
  return new StoreError(
    `Could not ${action}.${detail(error)} Reload the page and try again; if it keeps failing, export your history.`,
    { cause: error },
  );
}

function detail(error: unknown): string {
  if (error instanceof Error || (typeof error === 'object' && error !== null && 'message' in error)) {
    const { name, message } = error as { name?: unknown; message?: unknown };
    const text = [name, message].filter((part) => typeof part === 'string' && part !== '').join(': ');
    return text === '' ? '' : ` (${text})`;
  }
  return error === undefined ? '' : ` (${String(error)})`;
}
