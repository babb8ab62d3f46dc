/**
 * The lab's vocabulary, written once: every closed list of the protocol as an `as const` array, the
 * types derived from it, and the valibot schemas built from those lists. The design schema (links),
 * the import schema (JSONL files), the forms and the metrics all read them from here, so a new
 * condition, level or policy is added in one place and cannot be accepted by one reader and refused
 * by another. Imports nothing of the lab's: every other module may import it.
 */
import * as v from 'valibot';

/**
 * Difficulty presets every environment offers, easiest first. `starter` is calibrated on a real
 * 135M-parameter model (SmolLM2-135M-Instruct) to be solved at the first attempt often enough, and
 * missed often enough, for feedback to show (bench/real/calibrate.real.ts).
 */
export const PRESET_NAMES = ['starter', 'easy', 'medium', 'hard'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

/** Rule-based hint levels: 0 is the verdict only, 3 the most specific hint that still hides the answer. */
export const HINT_LEVELS = [0, 1, 2, 3] as const;
export type HintLevel = (typeof HINT_LEVELS)[number];

/**
 * What an LLM teacher is shown besides the task: the attempt and nothing else ('none'), the attempt
 * and the answer, a worked solution or the checker's diagnosis; or 'guide': the answer but never the
 * attempt. The guide is the papers' attempt-agnostic control: its help is generic to the task, so an
 * 'answer' teacher's gain over it is what diagnosing this attempt adds.
 */
export const PRIVILEGED_INFO = ['none', 'answer', 'solution', 'diagnosis', 'guide'] as const;
export type PrivilegedInfo = (typeof PRIVILEGED_INFO)[number];

/** What to do when a teacher message leaks the answer: regenerate it (then withhold it), or let it pass. */
export const LEAK_POLICIES = ['regenerate', 'pass'] as const;
export type LeakPolicy = (typeof LEAK_POLICIES)[number];

/** How much of its past a model student sees: every turn, or the last one only. */
export const HISTORY_MODES = ['full', 'last'] as const;
export type HistoryMode = (typeof HISTORY_MODES)[number];

/** Conditions whose text between attempts is fixed (no teacher): the controls, least help first. */
export const CONTROL_KINDS = ['single', 'retry', 'binary'] as const;
/** Conditions where a teacher (a rule, a model, the student itself, a person) writes the feedback. */
export const TEACHER_KINDS = ['rule-teacher', 'llm-teacher', 'self-teacher', 'human-teacher'] as const;
/** Every condition kind, controls first. */
export const CONDITION_KINDS = [...CONTROL_KINDS, ...TEACHER_KINDS] as const;
export type ConditionKind = (typeof CONDITION_KINDS)[number];
export type ControlKind = (typeof CONTROL_KINDS)[number];

/** The control every feedback-specific gain is measured against. */
export const BASELINE_KIND = 'retry' satisfies ControlKind;

/** Whether `kind` is a control: its text between attempts is fixed, so no teacher wrote it. */
export function isControlKind(kind: ConditionKind): kind is ControlKind {
  return (CONTROL_KINDS as readonly ConditionKind[]).includes(kind);
}

/**
 * Why a completed episode ended other than by its verdict: 'context-overflow', the student's
 * conversation outgrew its model's context window after at least one attempt. It counts as failed
 * (the student ran out of room to solve it), so long feedback is not dropped from the metrics.
 */
export const END_REASONS = ['context-overflow'] as const;
export type EndReason = (typeof END_REASONS)[number];
export const EndReasonSchema = v.picklist(END_REASONS);

/** How an episode ended (the protocol's 'episode-end'). */
export const EPISODE_OUTCOMES = ['solved', 'failed', 'aborted', 'interrupted', 'error'] as const;
export type EpisodeOutcome = (typeof EPISODE_OUTCOMES)[number];
/** A stored episode's status: 'running' until it ends, its outcome afterwards. */
export const EPISODE_STATUSES = ['running', ...EPISODE_OUTCOMES] as const;
export type EpisodeStatus = (typeof EPISODE_STATUSES)[number];
/** Outcomes of an episode that ran to its natural end: the student's own result, which metrics count. */
export const COMPLETED_OUTCOMES = ['solved', 'failed'] as const;
export type CompletedOutcome = (typeof COMPLETED_OUTCOMES)[number];
/** Outcomes of an episode stopped before its verdict, for reasons not the student's (see resume.ts). */
export const RESUMABLE_OUTCOMES = ['interrupted', 'aborted', 'error'] as const;
export type ResumableOutcome = (typeof RESUMABLE_OUTCOMES)[number];

/** Why a generation stopped: the model ended it, it hit its token limit, or it was aborted. */
export const FINISH_REASONS = ['stop', 'length', 'abort'] as const;
export type FinishReason = (typeof FINISH_REASONS)[number];

/** Who wrote a chat message. */
export const CHAT_ROLES = ['system', 'user', 'assistant'] as const;
export type ChatRole = (typeof CHAT_ROLES)[number];

/**
 * Bounds of a teacher's word limit: below 5 words no hint can be written; above 200 it limits nothing
 * a 160-token teacher writes.
 */
export const TEACHER_WORD_LIMIT = { min: 5, max: 200 } as const;

// Schemas. Each is built from the list above it, so a schema cannot drift from its type.

export const PresetNameSchema = v.picklist(PRESET_NAMES);
export const HintLevelSchema = v.picklist(HINT_LEVELS);
export const PrivilegedInfoSchema = v.picklist(PRIVILEGED_INFO);
export const LeakPolicySchema = v.picklist(LEAK_POLICIES);
export const HistoryModeSchema = v.picklist(HISTORY_MODES);
export const ConditionKindSchema = v.picklist(CONDITION_KINDS);
export const EpisodeStatusSchema = v.picklist(EPISODE_STATUSES);
export const FinishReasonSchema = v.picklist(FINISH_REASONS);
export const ChatRoleSchema = v.picklist(CHAT_ROLES);

/**
 * How a model teacher (llm-teacher, self-teacher) writes, the papers' teacher controls. All optional;
 * absent is the plain teacher. Stored with every episode and carried in a design.
 */
export const TeacherOptionsSchema = v.strictObject({
  /** Think inside <think> first, then write the feedback inside <feedback>: only the feedback is sent. */
  scratchpad: v.optional(v.boolean()),
  /** Show the teacher the feedback it gave earlier in the episode, so it can build on it. */
  memory: v.optional(v.boolean()),
  /** At most this many words reach the student: the prompt asks for it and longer text is cut. */
  wordLimit: v.optional(
    v.pipe(v.number(), v.integer(), v.minValue(TEACHER_WORD_LIMIT.min), v.maxValue(TEACHER_WORD_LIMIT.max)),
  ),
});
export type TeacherOptions = v.InferOutput<typeof TeacherOptionsSchema>;

const only = <K extends ConditionKind>(kind: K) => v.object({ kind: v.literal(kind) });

/**
 * A condition an unattended experiment can run: every kind but 'human-teacher' (a person in the loop
 * cannot be batched). The design schema reads it.
 */
export const ExperimentConditionSchema = v.variant('kind', [
  only('single'),
  only('retry'),
  only('binary'),
  v.object({ kind: v.literal('rule-teacher'), level: HintLevelSchema }),
  v.object({ kind: v.literal('llm-teacher'), privileged: PrivilegedInfoSchema }),
  only('self-teacher'),
]);

/** Any condition: the experiment's and a human teacher. The import schema reads it. */
export const ConditionSchema = v.variant('kind', [
  ...ExperimentConditionSchema.options,
  only('human-teacher'),
]);

/** What the student gets between attempts. */
export type Condition = v.InferOutput<typeof ConditionSchema>;
/** A condition an unattended experiment can run (a person in the loop cannot be batched). */
export type ExperimentCondition = v.InferOutput<typeof ExperimentConditionSchema>;

/**
 * Every distinct condition an experiment can run, controls first: each control, a rule teacher at
 * each hint level, an LLM teacher with each kind of privileged information, the self-teacher.
 */
export const EXPERIMENT_CONDITIONS: readonly ExperimentCondition[] = [
  ...CONTROL_KINDS.map((kind) => ({ kind })),
  ...HINT_LEVELS.map((level) => ({ kind: 'rule-teacher' as const, level })),
  ...PRIVILEGED_INFO.map((privileged) => ({ kind: 'llm-teacher' as const, privileged })),
  { kind: 'self-teacher' },
];

// Compile-time checks: the schemas' kinds are exactly the list's, and the outcomes split in two.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const kindsMatch: [
  Same<CompletedOutcome | ResumableOutcome, EpisodeOutcome>,
  Same<Condition['kind'], ConditionKind>,
  Same<ExperimentCondition['kind'] | 'human-teacher', ConditionKind>,
] = [true, true, true];
void kindsMatch;
