/**
 * An episode setup in a link (`#/episode/setup/<code>`): environment, difficulty, task seed and item,
 * condition, student, budget and sampling, so a class opens the same task under the same condition in
 * any browser. Opening one only fills the form: it never starts a run, loads a model or contacts a
 * server. A model it names must still be loaded in that browser, and the form says so.
 */
import * as v from 'valibot';
import { EPISODE_LIMITS } from '../protocol/limits';
import {
  ConditionSchema,
  HistoryModeSchema,
  PresetNameSchema,
  TeacherOptionsSchema,
} from '../protocol/vocabulary';
import { decodeLinkValue, encodeLinkValue } from './compressed-json';

/** The setup link format's version: a newer one is named, never misread. */
export const SETUP_LINK_VERSION = 1;

const whole = (max: number, min = 0) => v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));
const seed = whole(0xffffffff);
const id = (max: number) => v.pipe(v.string(), v.minLength(1), v.maxLength(max));

/** Bounds of what a setup link may name (a model id: web-llm id, GGUF name, `model @ URL`). */
const SETUP_LINK_LIMITS = { envIdChars: 100, modelIdChars: 300, maxChars: 4096, maxJsonChars: 16_384 };

const SetupLinkSchema = v.strictObject({
  version: v.literal(SETUP_LINK_VERSION),
  envId: id(SETUP_LINK_LIMITS.envIdChars),
  preset: PresetNameSchema,
  taskSeed: seed,
  index: whole(1_000_000_000),
  condition: ConditionSchema,
  /** The student: a person, or a model by id (which the opener must load). */
  studentModel: v.nullable(id(SETUP_LINK_LIMITS.modelIdChars)),
  teacherModel: v.optional(id(SETUP_LINK_LIMITS.modelIdChars)),
  turnBudget: whole(EPISODE_LIMITS.turnBudget, 1),
  history: HistoryModeSchema,
  temperature: v.pipe(v.number(), v.minValue(0), v.maxValue(EPISODE_LIMITS.maxTemperature)),
  samplingSeed: seed,
  maxTokens: whole(EPISODE_LIMITS.maxTokens, 1),
  demonstration: v.boolean(),
  keepGoing: v.optional(v.boolean()),
  teacherOptions: v.optional(TeacherOptionsSchema),
});

/** What a setup link holds. */
export type EpisodeSetupLink = v.InferOutput<typeof SetupLinkSchema>;

/** A link that does not hold a valid episode setup; the message says what is wrong and what to do. */
export class SetupLinkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SetupLinkError';
  }
}

/** The setup as a URL-safe string. */
export function encodeSetupLink(link: EpisodeSetupLink): string {
  return encodeLinkValue(link);
}

/**
 * Read a setup back from `encodeSetupLink`'s string.
 * @throws {SetupLinkError} when it is empty, too long, damaged, from a newer lab, or not a valid setup
 *   (the first problems named).
 */
export function decodeSetupLink(text: string): EpisodeSetupLink {
  const fail = (message: string) => new SetupLinkError(message);
  const value = decodeLinkValue(
    text,
    {
      what: 'episode setup',
      maxChars: SETUP_LINK_LIMITS.maxChars,
      maxJsonChars: SETUP_LINK_LIMITS.maxJsonChars,
    },
    fail,
  );
  const version = (value as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version > SETUP_LINK_VERSION) {
    throw fail(
      `This episode setup was made by a newer Plasticity Lab (setup version ${version}; this one reads ` +
        `${SETUP_LINK_VERSION}). Open the link in the newer lab.`,
    );
  }
  const result = v.safeParse(SetupLinkSchema, value);
  if (!result.success) {
    const problems = result.issues.slice(0, 3).map((issue) => {
      const path = v.getDotPath(issue);
      return path ? `${path}: ${issue.message}` : issue.message;
    });
    throw fail(`This episode setup link is not valid: ${problems.join('; ')}.`);
  }
  return result.output;
}
