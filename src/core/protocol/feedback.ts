/**
 * What the student gets between attempts, per condition, with the leak guard and the
 * leak policy applied to every teacher message.
 *
 * Leak policy, per source:
 * - model teachers (llm-teacher, self-teacher), 'regenerate': ask the same model again with the same
 *   prompt and the next seed, up to `maxLeakRetries` times; if every draft leaks, withhold it and send
 *   the safe fallback (the environment's level-1 hint) with `withheld: true`;
 * - rule-teacher and human-teacher, 'regenerate': a rule cannot be resampled and asking a person again
 *   mid-lesson is confusing, so a leaking message is withheld at once and the fallback is sent;
 * - 'pass' (any source): the message goes through, flagged in its record and by a 'leak' event.
 *
 * `FeedbackRecord.leak` is the guard's verdict on the last teacher draft (the one delivered, or the
 * one withheld); a draft was flagged `regenerations + (leak.leaked ? 1 : 0)` times in all.
 */
import type { ChatMessage, ChatUsage, Engine, FinishReason } from '../engine';
import type { Diagnosis, Environment, HintLevel, Task } from '../envs/types';
import { personWording } from '../envs/shared/person-wording';
import { addUsage } from '../usage';
import { guardTeacherMessage, guardTeacherMessageAsync } from './leak-reading';
import { PROMPTS, selfTeacherMessages, teacherMessages, type TeacherStyle } from './prompts';
import { readTeacherDraft } from './teacher-text';
import { chatStreaming, deriveSeed, raceAbort } from './stream';
import type {
  ConditionKind,
  EpisodeConfig,
  EpisodeDeps,
  EpisodeEvent,
  FeedbackRecord,
  LeakCheck,
} from './types';

/** Fixed messages (retry, binary, the verdict on a correct attempt) hold no answer, so they are not checked. */
const NOT_CHECKED: LeakCheck = { leaked: false, overlap: 0, reason: null };

/** Everything needed to produce the feedback on one wrong attempt. */
export interface FeedbackContext {
  config: EpisodeConfig;
  deps: EpisodeDeps;
  task: Task;
  turn: number;
  attempt: string;
  diagnosis: Diagnosis;
  /** The feedback delivered after each earlier attempt, oldest first (a teacher with memory reads it). */
  earlierFeedback: readonly string[];
  signal: AbortSignal;
  /**
   * Stream a model teacher's tokens as 'feedback-token' events. Off for a human student: a draft
   * that the guard later withholds must never reach the person solving the task.
   */
  streamTokens: boolean;
}

/**
 * The feedback message the student never has to be protected from: the environment's level-1 hint,
 * else its verdict-only hint, else the binary message (the first that does not itself leak).
 */
export function safeFallback(
  env: Environment,
  task: Task,
  diagnosis: Diagnosis,
  reader: HintReader = 'model',
): string {
  const levels: HintLevel[] = [1, 0];
  for (const level of levels) {
    const text = ruleHint(env, task, diagnosis, level, reader);
    if (text.trim() && !guardTeacherMessage(env, task, text).leaked) return text;
  }
  return PROMPTS.binary;
}

/** Who reads a rule hint: a model student (the format in its tags) or a person at the answer box. */
export type HintReader = 'model' | 'person';

/** The environment's rule hint, worded for its reader (`personWording` for a person). */
function ruleHint(
  env: Environment,
  task: Task,
  diagnosis: Diagnosis,
  level: HintLevel,
  reader: HintReader,
): string {
  const text = env.hint(task, diagnosis, level);
  return reader === 'person' ? personWording(text) : text;
}

/** Who reads this episode's feedback. */
function readerOf(config: EpisodeConfig): HintReader {
  return config.student.kind === 'human' ? 'person' : 'model';
}

/**
 * The feedback on a correct attempt, in an episode that keeps going (`keepGoing`): retry's fixed text
 * (the control never tells the verdict), and for every other condition the verdict in fixed words, so
 * what follows measures whether the student keeps a right answer, not a teacher's praise.
 */
function correctAttemptFeedback(ctx: FeedbackContext, startedAt: number): FeedbackRecord {
  const kind = ctx.config.condition.kind;
  return {
    source: kind,
    text: kind === 'retry' ? PROMPTS.retry : PROMPTS.correct,
    leak: NOT_CHECKED,
    regenerations: 0,
    withheld: false,
    ms: ctx.deps.clock() - startedAt,
  };
}

/** A message from a source that cannot be resampled (rule, person): guard it, then pass or withhold. */
async function* guardFixedSource(
  ctx: FeedbackContext,
  source: ConditionKind,
  text: string,
  startedAt: number,
): AsyncGenerator<EpisodeEvent, FeedbackRecord> {
  const { task, turn, config, deps } = ctx;
  const leak = await guardTeacherMessageAsync(deps.env, task, text, { attempt: ctx.attempt });
  if (leak.leaked) yield { type: 'leak', turn, text, leak };
  const withheld = leak.leaked && config.leakPolicy === 'regenerate';
  return {
    source,
    text: withheld ? safeFallback(deps.env, task, ctx.diagnosis, readerOf(config)) : text,
    leak,
    regenerations: 0,
    withheld,
    ms: deps.clock() - startedAt,
  };
}

/** A model teacher: ask, guard, regenerate or withhold per the leak policy. */
async function* modelTeacher(
  ctx: FeedbackContext,
  source: ConditionKind,
  engine: Engine,
  prompt: ChatMessage[],
  startedAt: number,
): AsyncGenerator<EpisodeEvent, FeedbackRecord> {
  const { task, turn, config, deps, signal } = ctx;
  const toEvent = ctx.streamTokens
    ? (delta: string): EpisodeEvent => ({ type: 'feedback-token', turn, delta })
    : null;
  let usage: ChatUsage | undefined;
  for (let regenerations = 0; ; regenerations++) {
    const sampling = {
      ...config.teacherSampling,
      seed: deriveSeed(config.teacherSampling.seed, turn, regenerations),
    };
    // A fresh copy per call: engines may keep what they are given.
    const result = yield* chatStreaming(
      engine,
      prompt.map((m) => ({ ...m })),
      sampling,
      signal,
      toEvent,
    );
    usage = addUsage(usage, result.usage);
    const finishReason: FinishReason = result.finishReason;
    const { text, ...draft } = readTeacherDraft(result.text, config.teacherOptions);
    // Only what the student reads is guarded: the scratchpad is stored for replays, never sent.
    const leak = await guardTeacherMessageAsync(deps.env, task, text, { attempt: ctx.attempt });
    const base = { source, leak, regenerations, finishReason, usage, prompt, ...draft };
    if (!leak.leaked) return { ...base, text, withheld: false, ms: deps.clock() - startedAt };
    yield { type: 'leak', turn, text, leak };
    if (config.leakPolicy === 'pass') return { ...base, text, withheld: false, ms: deps.clock() - startedAt };
    if (regenerations >= config.maxLeakRetries) {
      const fallback = safeFallback(deps.env, task, ctx.diagnosis, readerOf(config));
      return { ...base, text: fallback, withheld: true, ms: deps.clock() - startedAt };
    }
  }
}

/**
 * Produce the feedback on an attempt (a wrong one; a correct one when the episode keeps going) for
 * the configured condition, yielding 'feedback-token'
 * and 'leak' events on the way, and return its record. The caller yields the 'feedback' event.
 * @throws {EpisodeAbortedError} when the signal aborts.
 * @throws {Error} when an engine fails, a needed engine or person is missing, or the condition is
 *   `single` (which has no feedback).
 */
export async function* produceFeedback(ctx: FeedbackContext): AsyncGenerator<EpisodeEvent, FeedbackRecord> {
  const { config, deps, task, turn, attempt, diagnosis, signal } = ctx;
  const condition = config.condition;
  const startedAt = deps.clock();
  if (diagnosis.correct && condition.kind !== 'single') return correctAttemptFeedback(ctx, startedAt);
  const style: TeacherStyle = { options: config.teacherOptions, earlier: ctx.earlierFeedback };
  switch (condition.kind) {
    case 'single':
      throw new Error('The single condition has no feedback: its turn budget is 1.');
    case 'retry':
    case 'binary':
      return {
        source: condition.kind,
        text: condition.kind === 'retry' ? PROMPTS.retry : PROMPTS.binary,
        leak: NOT_CHECKED,
        regenerations: 0,
        withheld: false,
        ms: deps.clock() - startedAt,
      };
    case 'rule-teacher': {
      const text = ruleHint(deps.env, task, diagnosis, condition.level, readerOf(ctx.config));
      return yield* guardFixedSource(ctx, condition.kind, text, startedAt);
    }
    case 'human-teacher': {
      if (!deps.human) throw new Error('The human-teacher condition needs a person to type feedback.');
      const text = await raceAbort(deps.human.feedback({ turn, task, attempt, diagnosis }), signal);
      return yield* guardFixedSource(ctx, condition.kind, text, startedAt);
    }
    case 'llm-teacher': {
      if (!deps.teacherEngine) throw new Error('The llm-teacher condition needs a loaded teacher model.');
      const prompt = teacherMessages(task, attempt, diagnosis, condition.privileged, style);
      return yield* modelTeacher(ctx, condition.kind, deps.teacherEngine, prompt, startedAt);
    }
    case 'self-teacher': {
      if (!deps.studentEngine) throw new Error('The self-teacher condition needs a model student.');
      // No privileged information: the task and the student's own attempt, nothing else.
      const prompt = selfTeacherMessages(task, attempt, style);
      return yield* modelTeacher(ctx, condition.kind, deps.studentEngine, prompt, startedAt);
    }
  }
}
