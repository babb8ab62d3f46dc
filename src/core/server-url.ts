/**
 * A server address as the user types it, read one way by the server form and the OpenAI-compatible
 * engine, and the rule that binds an API key to the origin it was entered for (issue 18, point 9): a
 * key typed for one server is never sent to another because only the URL field was edited.
 */

/**
 * The URL a typed server address means: surrounding spaces go and `http://` is assumed when no scheme
 * is typed (`localhost:11434`).
 * @returns undefined when the text is not an http(s) URL with a host.
 */
export function parseServerUrl(input: string): URL | undefined {
  const typed = input.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(typed) ? typed : `http://${typed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return undefined;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') return undefined;
  return url;
}

/** The origin (scheme, host and port) a typed server address points to, or undefined when it is none. */
export function serverOrigin(input: string): string | undefined {
  return parseServerUrl(input)?.origin;
}

/** An API key and the origin it was entered for (undefined when it was typed beside no valid address). */
export interface BoundKey {
  key: string;
  origin: string | undefined;
}

/** What became of a key when the address changed. */
export interface KeyAfterUrlChange extends BoundKey {
  /** The key was dropped: the address now points to another origin. */
  cleared: boolean;
}

/**
 * The key's fate when the address field changes to `url`: kept while the address points to the origin
 * the key was entered for (a path edit such as `/v1` → `/api/v1` keeps it), dropped as soon as it
 * points anywhere else, even for one keystroke. No key: nothing to drop.
 */
export function keyAfterUrlChange(bound: BoundKey, url: string): KeyAfterUrlChange {
  if (bound.key === '') return { ...bound, cleared: false };
  if (bound.origin !== undefined && serverOrigin(url) === bound.origin) return { ...bound, cleared: false };
  return { key: '', origin: undefined, cleared: true };
}

/** A key as it is typed: bound to the origin the address field points to at that moment. */
export function bindKey(key: string, url: string): BoundKey {
  return { key, origin: key === '' ? undefined : serverOrigin(url) };
}
