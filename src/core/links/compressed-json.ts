/**
 * A value in a link: compressed JSON in the URL hash (lz-string's URI-safe alphabet), read back with
 * bounds. A link is untrusted: a few KB of lz-string can unpack to tens of MB, so the text is bounded
 * before it is decompressed and the JSON before it is parsed. One reader for every kind of link
 * (experiment designs, episode setups); each says in its own words what it holds.
 */
import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from 'lz-string';

/** What a link holds, for its messages, and its bounds. */
export interface LinkKind {
  /** "experiment design", "episode setup". */
  what: string;
  /** The longest link text accepted (characters). */
  maxChars: number;
  /** The longest JSON it may unpack to (characters). */
  maxJsonChars: number;
}

/** `value` as a URL-safe string (characters A–Z a–z 0–9 + - $). */
export function encodeLinkValue(value: unknown): string {
  return compressToEncodedURIComponent(JSON.stringify(value));
}

/**
 * The JSON value a link's text holds, unvalidated.
 * @throws {Error} made by `fail` with a sentence saying what is wrong: empty, too long, damaged
 *   (cannot be decompressed, or not JSON), or unpacking past the bound.
 */
export function decodeLinkValue(text: string, kind: LinkKind, fail: (message: string) => Error): unknown {
  const trimmed = text.trim();
  if (trimmed === '') throw fail(`The link holds no ${kind.what}.`);
  if (trimmed.length > kind.maxChars) {
    throw fail(
      `This link is too long to be one the lab made (${trimmed.length} characters; the most is ` +
        `${kind.maxChars}). Ask whoever shared it for the link again.`,
    );
  }
  let json: string | null;
  try {
    json = decompressFromEncodedURIComponent(trimmed);
  } catch {
    json = null;
  }
  if (!json) {
    throw fail(`The link is damaged: its ${kind.what} could not be decompressed. Copy the whole link again.`);
  }
  if (json.length > kind.maxJsonChars) {
    throw fail(
      `This link unpacks to far more than any ${kind.what} holds (${json.length} characters; the most is ` +
        `${kind.maxJsonChars}). Ask whoever shared it for the link again.`,
    );
  }
  try {
    return JSON.parse(json) as unknown;
  } catch {
    throw fail(`The link is damaged: its ${kind.what} is not valid JSON. Copy the whole link again.`);
  }
}
