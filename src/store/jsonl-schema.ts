/**
 * Valibot schemas for the JSONL export: the header line and one stored episode with its turns. They
 * mirror the TypeScript types in src/core and src/store; the type assertions at the bottom make tsc
 * fail when the two drift apart.
 */
import * as v from 'valibot';
import type { EpisodeConfig, TurnRecord } from '../core/protocol/types';
import {
  ChatRoleSchema,
  ConditionKindSchema,
  ConditionSchema,
  EndReasonSchema,
  EpisodeStatusSchema,
  FinishReasonSchema,
  HistoryModeSchema,
  LeakPolicySchema,
  PRESET_NAMES,
  TeacherOptionsSchema,
} from '../core/protocol/vocabulary';
import type { Task } from '../core/envs/types';
import type { ChatUsage } from '../core/engine';
import { normaliseUsage } from '../core/usage';
import { EPISODE_LIMITS } from '../core/protocol/limits';
import type { EpisodeRecord } from './records';

/** The `kind` of the header line that marks a Plasticity Lab export. */
export const EXPORT_KIND = 'plasticity-lab-export';

// Every number the lab allocates, loops or waits by is bounded by what the lab itself makes
// (EPISODE_LIMITS): a crafted `turnBudget: 1e15` once threw "Invalid array length" in the replay.
const finite = v.pipe(v.number(), v.finite());
const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const positive = v.pipe(v.number(), v.integer(), v.minValue(1));
/** `input` for a message, cut short. */
const shown = (input: unknown) => {
  const text = typeof input === 'string' ? `${input.length} characters` : String(input);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
};
const upTo = (max: number, min = 0) => {
  const message = (issue: v.BaseIssue<unknown>) =>
    `must be a whole number from ${min} to ${max} (the most the lab's forms allow), not ${shown(issue.input)}`;
  return v.pipe(v.number(), v.integer(message), v.minValue(min, message), v.maxValue(max, message));
};
/** Milliseconds since the epoch, within what a `Date` can hold (±8.64e15). */
const time = v.pipe(
  v.number(),
  v.minValue(-8.64e15, (issue) => `must be a time a date can hold, not ${shown(issue.input)}`),
  v.maxValue(8.64e15, (issue) => `must be a time a date can hold, not ${shown(issue.input)}`),
);
/** An id the lab wrote (a UUID); it ends up in the page's URL. */
const id = v.pipe(
  v.string(),
  v.nonEmpty(),
  v.maxLength(
    EPISODE_LIMITS.idChars,
    (issue) =>
      `must be at most ${EPISODE_LIMITS.idChars} characters (the lab's are 36), not ${shown(issue.input)}`,
  ),
);
/** A list of at most `max` items, the message saying why. */
const atMost = <T extends v.GenericSchema>(item: T, max: number, what: string) =>
  v.pipe(
    v.array(item),
    v.maxLength(max, (issue) => `must hold at most ${max} ${what}, not ${(issue.input as unknown[]).length}`),
  );
/**
 * Messages of a prompt: the student's conversation holds the system prompt, a demonstration, the
 * task and two messages per earlier turn; a self-teacher's adds its own two.
 */
const MAX_PROMPT_MESSAGES = 2 * EPISODE_LIMITS.turnBudget + 8;

/**
 * An object with exactly these keys: a key the lab does not write is refused, never dropped, so a file
 * imports exactly as it reads or not at all.
 */
const strict = <T extends v.ObjectEntries>(entries: T) =>
  v.strictObject(entries, (issue) =>
    issue.kind === 'schema' && issue.type === 'strict_object' && issue.expected === 'never'
      ? `is a key the lab does not write (${JSON.stringify(issue.input)})`
      : issue.message,
  );

export const ExportHeaderSchema = strict({
  kind: v.literal(EXPORT_KIND),
  schemaVersion: positive,
  appVersion: v.string(),
  /** Milliseconds since the epoch. */
  exportedAt: time,
  /** How many episode lines follow (so a cut-short file is caught). */
  count,
});

export type ExportHeader = v.InferOutput<typeof ExportHeaderSchema>;

const ChatMessageSchema = strict({
  role: ChatRoleSchema,
  content: v.string(),
});

/**
 * Usage is read the way engines write it (`normaliseUsage`): an invalid count or speed becomes unknown
 * instead of refusing the line. Versions before the engines normalised stored what servers sent
 * (`prompt_tokens: -5`, `"many"`); one such turn must not make a whole export unimportable, and no
 * reader depends on these numbers being present.
 */
const ChatUsageSchema = v.pipe(
  strict({
    promptTokens: v.optional(v.unknown()),
    completionTokens: v.optional(v.unknown()),
    cachedPromptTokens: v.optional(v.unknown()),
    prefillTokensPerSec: v.optional(v.unknown()),
    decodeTokensPerSec: v.optional(v.unknown()),
  }),
  v.transform(normaliseUsage),
);

const SamplingSchema = strict({
  temperature: finite,
  seed: finite,
  maxTokens: upTo(EPISODE_LIMITS.maxTokens, 1),
});

const EpisodeConfigSchema = strict({
  envId: v.string(),
  preset: v.picklist([...PRESET_NAMES, 'custom']),
  params: v.unknown(),
  taskSeed: finite,
  index: count,
  condition: ConditionSchema,
  student: v.variant('kind', [
    strict({ kind: v.literal('model'), modelId: v.string() }),
    strict({ kind: v.literal('human') }),
  ]),
  teacherModelId: v.optional(v.string()),
  turnBudget: upTo(EPISODE_LIMITS.turnBudget, 1),
  history: HistoryModeSchema,
  studentSampling: SamplingSchema,
  teacherSampling: SamplingSchema,
  leakPolicy: LeakPolicySchema,
  maxLeakRetries: upTo(EPISODE_LIMITS.maxLeakRetries),
  demonstration: v.optional(strict({ prompt: v.string(), answer: v.string() })),
  replicate: v.optional(count),
  keepGoing: v.optional(v.boolean()),
  teacherOptions: v.optional(TeacherOptionsSchema),
  generatorVersion: v.optional(positive),
});

const TaskSchema = strict({
  envId: v.string(),
  generatorVersion: positive,
  params: v.unknown(),
  seed: finite,
  index: count,
  itemSeed: finite,
  prompt: v.string(),
  solution: v.string(),
  data: v.unknown(),
});

const IssueSchema = strict({
  code: v.string(),
  message: v.string(),
  step: v.optional(positive),
  where: v.optional(v.record(v.string(), v.union([v.string(), v.number(), v.boolean(), v.null()]))),
});

const DiagnosisSchema = strict({
  correct: v.boolean(),
  score: v.pipe(v.number(), v.minValue(0), v.maxValue(1)),
  issues: v.array(IssueSchema),
  parsed: v.nullable(v.string()),
  detail: v.optional(v.unknown()),
});

const FeedbackSchema = strict({
  source: ConditionKindSchema,
  text: v.string(),
  leak: strict({
    leaked: v.boolean(),
    overlap: v.pipe(v.number(), v.minValue(0), v.maxValue(1)),
    reason: v.nullable(v.string()),
  }),
  regenerations: count,
  withheld: v.boolean(),
  finishReason: v.optional(FinishReasonSchema),
  usage: v.optional(ChatUsageSchema),
  prompt: v.optional(atMost(ChatMessageSchema, MAX_PROMPT_MESSAGES, 'messages')),
  scratchpad: v.optional(v.string()),
  cutToWords: v.optional(positive),
  ms: finite,
});

export const TurnRecordSchema = strict({
  turn: positive,
  studentPrompt: atMost(ChatMessageSchema, MAX_PROMPT_MESSAGES, 'messages'),
  attempt: v.string(),
  finishReason: FinishReasonSchema,
  diagnosis: DiagnosisSchema,
  feedback: v.nullable(FeedbackSchema),
  studentUsage: v.optional(ChatUsageSchema),
  startedAt: time,
  endedAt: time,
  studentMs: finite,
});

export const EpisodeRecordSchema = strict({
  id,
  experimentId: v.nullable(id),
  config: EpisodeConfigSchema,
  task: TaskSchema,
  status: EpisodeStatusSchema,
  solvedAtTurn: v.nullable(positive),
  turnsDone: upTo(EPISODE_LIMITS.turnBudget),
  startedAt: time,
  endedAt: v.nullable(time),
  error: v.optional(v.string()),
  endReason: v.optional(EndReasonSchema),
  appVersion: v.string(),
  schemaVersion: positive,
  envId: v.string(),
  conditionKind: ConditionKindSchema,
  studentModel: v.string(),
});

/** One episode line: the record and its turns in order. */
export const EpisodeLineSchema = strict({
  episode: EpisodeRecordSchema,
  turns: atMost(TurnRecordSchema, EPISODE_LIMITS.turnBudget, 'turns (the most a turn budget allows)'),
});

// Compile-time checks that each schema's output is the type the rest of the app uses.
type Assignable<From, To> = [From] extends [To] ? true : false;
const schemasMatchTypes: [
  Assignable<v.InferOutput<typeof EpisodeConfigSchema>, EpisodeConfig>,
  Assignable<v.InferOutput<typeof TaskSchema>, Task>,
  Assignable<v.InferOutput<typeof TurnRecordSchema>, TurnRecord>,
  Assignable<v.InferOutput<typeof EpisodeRecordSchema>, EpisodeRecord>,
  Assignable<v.InferOutput<typeof ChatUsageSchema>, ChatUsage>,
] = [true, true, true, true, true];
void schemasMatchTypes;
// And the other way: the schemas are strict, so every key a record can have must be in its schema, or
// the lab's own export would not import.
type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false;
const schemasHoldEveryKey: [
  SameKeys<v.InferOutput<typeof EpisodeConfigSchema>, EpisodeConfig>,
  SameKeys<v.InferOutput<typeof TaskSchema>, Task>,
  SameKeys<v.InferOutput<typeof TurnRecordSchema>, TurnRecord>,
  SameKeys<v.InferOutput<typeof EpisodeRecordSchema>, EpisodeRecord>,
  SameKeys<v.InferOutput<typeof FeedbackSchema>, NonNullable<TurnRecord['feedback']>>,
  SameKeys<v.InferOutput<typeof DiagnosisSchema>, TurnRecord['diagnosis']>,
] = [true, true, true, true, true, true];
void schemasHoldEveryKey;
