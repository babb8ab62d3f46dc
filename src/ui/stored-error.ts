import { errorText } from '../core/error-text';

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
