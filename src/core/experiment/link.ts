/**
 * A design in a link: compressed JSON in the URL hash (lz-string's URI-safe alphabet), so a link
 * reproduces the setup on another machine. Decoding validates, so a damaged link says what is wrong.
 */
import * as v from 'valibot';
import { decodeLinkValue, encodeLinkValue } from '../links/compressed-json';
import { DESIGN_VERSION, type ExperimentDesign } from './design';
import { designSchema, issueLines } from './schema';

/** A link that does not hold a valid design; `problems` lists what is wrong, one line each. */
export class DesignLinkError extends Error {
  constructor(
    message: string,
    readonly problems: string[] = [],
  ) {
    super(problems.length > 0 ? `${message} ${problems.slice(0, 5).join('; ')}.` : message);
    this.name = 'DesignLinkError';
  }
}

/**
 * The longest design text a link may carry. The largest design the designer makes (every environment,
 * preset and condition, 16 + 16 long model ids) encodes well under this; a longer text is refused before
 * it is decompressed, since a few KB of lz-string can unpack to tens of MB.
 */
export const MAX_LINK_CHARS = 16_384;

/** The longest JSON a decompressed design may be (the largest real one is a few KB). */
export const MAX_DESIGN_JSON_CHARS = 64 * 1024;

/** The design as a URL-safe string (characters A–Z a–z 0–9 + - $). */
export function encodeDesign(design: ExperimentDesign): string {
  return encodeLinkValue(design);
}

/**
 * Validate anything (parsed JSON, a stored plan) as a design.
 * @throws {DesignLinkError} listing every problem.
 */
export function parseDesign(value: unknown): ExperimentDesign {
  const version = (value as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version > DESIGN_VERSION) {
    throw new DesignLinkError(
      `This experiment design was made by a newer Plasticity Lab (design version ${version}; this one reads ` +
        `${DESIGN_VERSION}). Open the link in the newer lab.`,
    );
  }
  const result = v.safeParse(designSchema, value);
  if (!result.success) {
    throw new DesignLinkError('This experiment design is not valid:', issueLines(result.issues));
  }
  return result.output as ExperimentDesign;
}

/** What a design link holds, and its bounds. */
const DESIGN_LINK = {
  what: 'experiment design',
  maxChars: MAX_LINK_CHARS,
  maxJsonChars: MAX_DESIGN_JSON_CHARS,
} as const;

/**
 * Read a design back from `encodeDesign`'s string.
 * @throws {DesignLinkError} when the text is empty, longer than any design the designer makes, cannot
 *   be decompressed, is not JSON, or is not a valid design (with the problems listed).
 */
export function decodeDesign(text: string): ExperimentDesign {
  return parseDesign(decodeLinkValue(text, DESIGN_LINK, (message) => new DesignLinkError(message)));
}
