/**
 * The lab's URL hash (`#/history/<episode id>`, `#/experiments/new/<design>` …) read and written. The
 * hash is untrusted: it comes from links anyone can craft. A malformed `%` escape made
 * `decodeURIComponent` throw while the app mounted and blanked the page for good (a reload reads the
 * same hash), so every segment is decoded on its own, and what cannot be read sends the person
 * somewhere sensible with a word about why.
 */

export const PAGES = ['episode', 'coach', 'history', 'models', 'experiments', 'train', 'help'] as const;
export type PageName = (typeof PAGES)[number];

/** Where a hash leads. */
export interface ParsedHash {
  page: PageName;
  /** The decoded segments after the page name (`#/history/a%2Fb` → ['a/b']). */
  segments: string[];
  /** Why the hash was not followed as written, for the person to read; null when it was. */
  notice: string | null;
}

/** Longest part of a bad hash quoted back in a notice. */
const QUOTE_CHARS = 40;

function quote(text: string): string {
  return text.length > QUOTE_CHARS ? `${text.slice(0, QUOTE_CHARS)}…` : text;
}

/**
 * Read a location hash. An unknown page shows the episode page; a segment that is not a valid escape
 * sequence is dropped with what follows it, so the page opens without the damaged detail. Never throws.
 */
export function parseHash(hash: string): ParsedHash {
  const [name = '', ...raw] = hash.replace(/^#\/?/, '').split('/');
  if (!(PAGES as readonly string[]).includes(name)) {
    return {
      page: 'episode',
      segments: [],
      notice:
        name === ''
          ? null
          : `There is no page called “${quote(safeDecode(name) ?? name)}” in the lab: here is the episode page.`,
    };
  }
  const page = name as PageName;
  const segments: string[] = [];
  for (const part of raw) {
    const decoded = safeDecode(part);
    if (decoded === null) {
      return {
        page,
        segments,
        notice:
          `This link is damaged (“${quote(part)}” is not a valid address part), so it opened the ` +
          `${page} page instead. Copy the whole link again.`,
      };
    }
    segments.push(decoded);
  }
  // `#/history/` (a trailing slash) means the page itself.
  while (segments.at(-1) === '') segments.pop();
  return { page, segments, notice: null };
}

/**
 * The hash of `page` with each segment percent-encoded, so ids holding `/`, `%` or `#` survive. Never
 * throws: an imported id may hold a lone surrogate, which `encodeURIComponent` refuses; it is written
 * as U+FFFD (that link then finds no such episode, and says so).
 */
export function routeHash(page: PageName, ...segments: string[]): string {
  const encode = (segment: string) => encodeURIComponent(segment.replace(LONE_SURROGATE, '\uFFFD'));
  return `#/${[page, ...segments.map(encode)].join('/')}`;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function safeDecode(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}
