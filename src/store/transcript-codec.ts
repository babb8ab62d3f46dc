/**
 * How an episode's turns are kept on disk (schema v2): one transcript record per episode, in which
 * every prompt the protocol can rebuild exactly is left out (`null`) and rebuilt on reading.
 *
 * Why: a student's prompt repeats the whole conversation so far, so across a five-turn episode the
 * same messages are stored up to five times; prompts were a third of a stored history's bytes, and
 * IndexedDB's speed is bytes (measured: export and import time follow stored size). A prompt is left
 * out only when the current builder reproduces it message for message (key order included), so a
 * prompt that differs — a human student's empty one, a file from elsewhere — is kept verbatim and
 * reading always gives back exactly what was written.
 *
 * `PROMPT_BUILDERS_VERSION` names the builders used to rebuild. Changing any prompt text in
 * src/core/protocol/prompts.ts or history.ts changes what old records would rebuild to: bump the
 * version and keep the old builders for records written under it (a golden test fails until then).
 * Pure functions: no IndexedDB here.
 */
import type { ChatMessage } from '../core/engine';
import type { Task } from '../core/envs/types';
import {
  buildStudentMessages,
  selfTeacherMessages,
  teacherMessages,
  TRY_AGAIN_BY_VERSION,
} from '../core/protocol';
import type { EpisodeConfig, FeedbackRecord, TurnRecord } from '../core/protocol/types';

/**
 * The version of the prompt builders that `null` prompts of new records are rebuilt with. Version 1's
 * between-attempt line differed (`TRY_AGAIN_BY_VERSION`); records stored under it keep rebuilding with it.
 */
export const PROMPT_BUILDERS_VERSION = 2;

/**
 * The between-attempt line of prompt builders `version`, so stored turns rebuild with the words the
 * student saw; a version this build does not know throws (a newer build's export), never guesses.
 */
function tryAgainFor(version: number): string {
  const line = Object.hasOwn(TRY_AGAIN_BY_VERSION, version) ? TRY_AGAIN_BY_VERSION[version] : undefined;
  if (line === undefined) {
    throw new RangeError(
      `These turns were stored with prompt builders version ${version}; this build has version ` +
        `${PROMPT_BUILDERS_VERSION}.`,
    );
  }
  return line;
}

/** A feedback record with its teacher prompt left out (`null`) when the builder rebuilds it. */
export type CompactFeedback = Omit<FeedbackRecord, 'prompt'> & { prompt?: ChatMessage[] | null };

/** A turn as stored: `studentPrompt` is null when rebuilt from the task and the earlier turns. */
export type CompactTurn = Omit<TurnRecord, 'studentPrompt' | 'feedback'> & {
  studentPrompt: ChatMessage[] | null;
  feedback: CompactFeedback | null;
};

/** What rebuilding needs from the episode. */
export interface TranscriptContext {
  task: Task;
  config: Pick<EpisodeConfig, 'history' | 'condition' | 'demonstration' | 'teacherOptions'>;
}

/** The student's prompt for turn `past.length + 1`, as the protocol's builders of `version` build it. */
function studentPromptFor(
  ctx: TranscriptContext,
  past: readonly CompactTurn[],
  version: number,
): ChatMessage[] {
  return buildStudentMessages(
    ctx.task,
    past,
    ctx.config.history,
    ctx.config.demonstration,
    tryAgainFor(version),
  );
}

/**
 * The teacher's prompt for a turn's feedback, or null when no builder makes prompts for its source.
 * A teacher with memory read the feedback delivered at the turns before (`past`).
 */
function teacherPromptFor(
  ctx: TranscriptContext,
  past: readonly CompactTurn[],
  turn: CompactTurn,
): ChatMessage[] | null {
  const { condition, teacherOptions } = ctx.config;
  const source = turn.feedback?.source;
  const style = {
    options: teacherOptions,
    earlier: past.flatMap((t) => (t.feedback ? [t.feedback.text] : [])),
  };
  if (source === 'llm-teacher' && condition.kind === 'llm-teacher') {
    return teacherMessages(ctx.task, turn.attempt, turn.diagnosis, condition.privileged, style);
  }
  if (source === 'self-teacher') return selfTeacherMessages(ctx.task, turn.attempt, style);
  return null;
}

/** True when `a` is `b` exactly: same messages, each with exactly the keys `role`, `content` in that order. */
function sameMessages(a: readonly ChatMessage[], b: readonly ChatMessage[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((m, i) => {
    const keys = Object.keys(m);
    return (
      keys.length === 2 &&
      keys[0] === 'role' &&
      keys[1] === 'content' &&
      m.role === b[i]!.role &&
      m.content === b[i]!.content
    );
  });
}

/**
 * The stored form of turn `turn`, given the turns stored before it (in order). Every other field and
 * the key order are kept as they are.
 */
export function compactTurn(
  ctx: TranscriptContext,
  past: readonly CompactTurn[],
  turn: TurnRecord,
  version: number = PROMPT_BUILDERS_VERSION,
): CompactTurn {
  const studentPrompt = sameMessages(turn.studentPrompt, studentPromptFor(ctx, past, version))
    ? null
    : turn.studentPrompt;
  // Spreading and then assigning an existing key keeps its place, so the key order survives.
  const compact: CompactTurn = { ...turn, studentPrompt };
  const prompt = turn.feedback?.prompt;
  if (prompt !== undefined) {
    const rebuilt = teacherPromptFor(ctx, past, compact);
    if (rebuilt !== null && sameMessages(prompt, rebuilt))
      compact.feedback = { ...turn.feedback!, prompt: null };
  }
  return compact;
}

/** The stored form of a whole list of turns (in order). */
export function compactTurns(ctx: TranscriptContext, turns: readonly TurnRecord[]): CompactTurn[] {
  const out: CompactTurn[] = [];
  for (const turn of turns) out.push(compactTurn(ctx, out, turn));
  return out;
}

/**
 * The turns as they were written, from their stored form: left-out prompts rebuilt in place.
 * @throws {RangeError} when the record was written with prompt builders this build does not have.
 */
export function expandTurns(
  ctx: TranscriptContext,
  stored: readonly CompactTurn[],
  version: number = PROMPT_BUILDERS_VERSION,
): TurnRecord[] {
  tryAgainFor(version);
  return stored.map((turn, i) => {
    const studentPrompt = turn.studentPrompt ?? studentPromptFor(ctx, stored.slice(0, i), version);
    let feedback = turn.feedback as FeedbackRecord | null;
    if (turn.feedback?.prompt === null) {
      const prompt = teacherPromptFor(ctx, stored.slice(0, i), turn);
      if (prompt === null) {
        throw new RangeError(`Turn ${turn.turn}: no builder makes '${turn.feedback.source}' prompts.`);
      }
      feedback = { ...turn.feedback, prompt };
    }
    return { ...turn, studentPrompt, feedback };
  });
}
