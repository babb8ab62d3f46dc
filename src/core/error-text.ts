/**
 * Text for anything thrown, written one way in every layer: an engine wrapping a runtime's failure,
 * the lab storing why an episode ended, the page showing a worker's error. An `Error`'s message is
 * kept as is: the lab's errors are written to be read (`engines/errors.ts`, `store/errors.ts`).
 */

/**
 * The readable text of a thrown value: an Error's message, a thrown string as is, the message of an
 * error that crossed the worker boundary as a plain object (comlink keeps name and message), and
 * anything else as JSON where it can be written so, else `String(value)`.
 */
export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  if (error && typeof error === 'object' && 'message' in error) return String(error.message);
  try {
    // undefined, functions and symbols have no JSON (stringify returns undefined); BigInt throws.
    const json: unknown = JSON.stringify(error);
    if (typeof json === 'string') return json;
  } catch {
    // circular or BigInt: String below
  }
  return String(error);
}

/**
 * What a view says when stored data it draws makes it throw (an `<svelte:boundary>`'s failed
 * branch): a record written by an older or crafted import, whose shape the view did not expect.
 * Without a boundary the throw stopped the page's update and left "Loading…" on screen for good.
 */
export function storedErrorText(what: string, error: unknown): string {
  return (
    `${what} cannot be shown: its stored data is not what this lab writes (${errorText(error)}). ` +
    'It stays stored: you can still delete or export it from the History page.'
  );
}
