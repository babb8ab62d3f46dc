/**
 * A Train page recipe in a link (`#/train/recipe/<code>`): data, model size and schedule, so a class
 * opens the same run in any browser. Opening one only fills the form; it never starts training.
 * The link is untrusted: read with the bounded reader, then the recipe's strict schema.
 */
import * as v from 'valibot';
import { TrainRecipeSchema, type TrainRecipe } from '../train-run/recipe';
import { decodeLinkValue, encodeLinkValue } from './compressed-json';

/** The format's version: a newer one is named, never misread. */
export const TRAIN_LINK_VERSION = 1;

const TRAIN_LINK_BOUNDS = { what: 'training recipe', maxChars: 2048, maxJsonChars: 4096 };

const TrainLinkSchema = v.strictObject({ version: v.literal(TRAIN_LINK_VERSION), recipe: TrainRecipeSchema });

/** A link that does not hold a valid recipe; the message says what is wrong. */
export class TrainLinkError extends Error {
  override name = 'TrainLinkError';
}

/** `recipe` as a URL-safe string. */
export function encodeTrainLink(recipe: TrainRecipe): string {
  return encodeLinkValue({ version: TRAIN_LINK_VERSION, recipe });
}

/**
 * The recipe of `encodeTrainLink`'s string.
 * @throws {TrainLinkError} when it is empty, too long, damaged, from a newer lab, or not a valid
 *   recipe (the first problems named).
 */
export function decodeTrainLink(text: string): TrainRecipe {
  const fail = (message: string) => new TrainLinkError(message);
  const value = decodeLinkValue(text, TRAIN_LINK_BOUNDS, fail);
  const version = (value as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version > TRAIN_LINK_VERSION)
    throw fail(
      `This training recipe was made by a newer Plasticity Lab (version ${version}; this one reads ` +
        `${TRAIN_LINK_VERSION}). Open the link in the newer lab.`,
    );
  const result = v.safeParse(TrainLinkSchema, value);
  if (!result.success) {
    const problems = result.issues.slice(0, 3).map((issue) => {
      const path = v.getDotPath(issue);
      return path ? `${path}: ${issue.message}` : issue.message;
    });
    throw fail(`This training recipe link is not valid: ${problems.join('; ')}.`);
  }
  return result.output.recipe;
}
