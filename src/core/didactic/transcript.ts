/**
 * A training transcript: the messages a model student sees in a real episode (the protocol's own
 * `buildStudentMessages`, full history, no demonstration), with its attempts as assistant messages,
 * ending with the corrected attempt. Three kinds, the twins of one experiment:
 * - 'didactic': wrong attempts, each followed by the rule teacher's feedback, then the correction;
 * - 'retry': the same wrong attempts, each followed by the retry condition's fixed message instead;
 * - 'answers-only': the task and its correct answer.
 */
import type { ChatMessage } from '../engine';
import type { HintLevel, Task } from '../envs/types';
import { buildStudentMessages, type PastTurn } from '../protocol/history';
import { PROMPTS } from '../protocol/prompts';
import { referenceAttempt, type WrongAttempt } from './perturb';
import { ruleFeedback } from './rule-feedback';

/** The kinds of transcript (and of data recipe). */
export const TRANSCRIPT_KINDS = ['didactic', 'answers-only', 'retry'] as const;
export type TranscriptKind = (typeof TRANSCRIPT_KINDS)[number];

/** What the student reads after each wrong attempt, per kind that has wrong attempts. */
function between(kind: 'didactic' | 'retry', task: Task, wrong: WrongAttempt, level: HintLevel): string {
  return kind === 'retry' ? PROMPTS.retry : ruleFeedback(task, wrong.text, wrong.diagnosis, level);
}

/**
 * The messages of one transcript of `task`, oldest first, ending with the corrected attempt
 * (`referenceAttempt`). 'answers-only' ignores `wrong` and `level`; the others need at least one
 * wrong attempt (`level` is the rule teacher's hint level, unused by 'retry').
 * @throws {RangeError} when a kind with wrong attempts is given none.
 * @throws {Error} when the task's environment is not registered or has no perturber.
 */
export function transcriptMessages(
  kind: TranscriptKind,
  task: Task,
  wrong: readonly WrongAttempt[],
  level: HintLevel,
): ChatMessage[] {
  const correction: ChatMessage = { role: 'assistant', content: referenceAttempt(task) };
  if (kind === 'answers-only') return [...buildStudentMessages(task, [], 'full'), correction];
  if (wrong.length === 0) throw new RangeError(`A ${kind} transcript needs at least one wrong attempt.`);
  const past: PastTurn[] = wrong.map((w) => ({
    attempt: w.text,
    feedback: { text: between(kind, task, w, level) },
  }));
  return [...buildStudentMessages(task, past, 'full'), correction];
}
