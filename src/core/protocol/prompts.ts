/**
 * Every prompt the protocol sends, in one place so they can be read and compared side by side.
 *
 * Budget: students are 0.1–3B models and a whole five-turn conversation must fit a 4k context, so each
 * prompt stays terse (well under ~400 tokens, task text included). Conditions differ only in the
 * feedback text; the framing around it (`studentFeedbackMessage`) is the same for all of them, so a
 * comparison between conditions measures the information in the feedback and nothing else.
 */
import type { ChatMessage } from '../engine';
import type { Diagnosis, Issue, Task } from '../envs/types';
import type { PrivilegedInfo, TeacherOptions } from './types';

/** At most this many verifier issues are shown to a teacher: enough to coach, short enough to fit. */
export const MAX_ISSUES_SHOWN = 5;

/** Fixed texts. */
export const PROMPTS = {
  /** The student's system prompt. */
  studentSystem:
    'You solve tasks step by step. Follow the task instructions exactly. ' +
    'Put your final answer inside <answer></answer>.',
  /**
   * Appended to every between-attempt message so a small model answers again in the right format.
   * No literal tags in it: SmolLM2-135M echoed version 1's "Try again. Answer with
   * <answer>...</answer>." as its next answer (183 of 706 later attempts in the knights plasticity
   * run); with this line, 12 of 24 second attempts failed on format against 8 of 12 (TRY_AGAIN_BY_VERSION).
   */
  tryAgain: 'Try again. Put your new answer inside the answer tags.',
  /** `retry`: the control for plain resampling; carries no information about the attempt. */
  retry: 'Please revise your previous answer.',
  /** `binary`: the verdict only. */
  binary: 'Your answer is incorrect.',
  /**
   * After a correct attempt in an episode that keeps going (`keepGoing`): every condition that knows
   * the verdict says so in these words (retry says its own, as it never tells).
   */
  correct: 'Your answer is correct.',
  /** The LLM teacher's system prompt. */
  teacherSystem:
    'You are a patient teacher. A student answered a task and the answer is wrong. ' +
    'Write 1 to 3 short sentences that help the student find and fix the mistake. ' +
    'Never state the correct answer, and never list its steps, not even part of it. ' +
    'Talk to the student directly. Do not use <answer> tags.',
  /**
   * The guide's system prompt ('guide'): it knows the answer but never sees the attempt, so what it
   * writes is help for the task, not a diagnosis of this attempt.
   */
  guideSystem:
    'You are a patient teacher. A student tried a task and got it wrong; you do not see their answer. ' +
    'Write 1 to 3 short sentences of advice that help with this task. ' +
    'Never state the correct answer, and never list its steps, not even part of it. ' +
    'Talk to the student directly. Do not use <answer> tags.',
  /** Added to a teacher's system prompt with a scratchpad: think first, then only the feedback is sent. */
  scratchpad:
    'First think it through inside <think></think>. ' +
    'Then write only what the student should read inside <feedback></feedback>.',
  /** The self-teacher's system prompt: the student model reviewing its own work, no privileged info. */
  selfTeacherSystem:
    'You review your own answer to a task. The answer was checked and it is wrong. ' +
    'In 1 to 3 short sentences, say what is likely wrong and what to check next. ' +
    'Do not write a new answer. Do not use <answer> tags.',
} as const;

/**
 * The "try again" line of each version of the prompt builders (the transcript codec's
 * `PROMPT_BUILDERS_VERSION`): turns stored under an older version are rebuilt with its own line.
 */
export const TRY_AGAIN_BY_VERSION: Readonly<Record<number, string>> = {
  1: 'Try again. Answer with <answer>...</answer>.',
  2: PROMPTS.tryAgain,
};

/**
 * The user message the student receives after a wrong attempt: the condition's feedback followed by
 * the fixed instruction to answer again in the format (`tryAgain`: an older builders' line, to rebuild
 * a stored prompt).
 */
export function studentFeedbackMessage(feedbackText: string, tryAgain: string = PROMPTS.tryAgain): string {
  const text = feedbackText.trim();
  return text ? `${text}\n\n${tryAgain}` : tryAgain;
}

/** One issue on one line, e.g. `- step 3: Hit a wall (row=2, col=1)`. */
function formatIssue(issue: Issue, withWhere: boolean): string {
  const step = issue.step !== undefined ? `step ${issue.step}: ` : '';
  const where =
    withWhere && issue.where && Object.keys(issue.where).length > 0
      ? ` (${Object.entries(issue.where)
          .map(([k, v]) => `${k}=${String(v)}`)
          .join(', ')})`
      : '';
  return `- ${step}${issue.message}${where}`;
}

/** The verifier's issues as a short list; `withWhere` adds the location data. */
export function formatIssues(diagnosis: Diagnosis, withWhere = false): string {
  if (diagnosis.issues.length === 0) return '- (the checker gave no details)';
  const shown = diagnosis.issues.slice(0, MAX_ISSUES_SHOWN).map((i) => formatIssue(i, withWhere));
  const more = diagnosis.issues.length - shown.length;
  return more > 0 ? `${shown.join('\n')}\n- (${more} more)` : shown.join('\n');
}

/** The privileged block of the LLM teacher's prompt ('guide': the answer alone); empty for 'none'. */
export function privilegedBlock(task: Task, diagnosis: Diagnosis, privileged: PrivilegedInfo): string {
  switch (privileged) {
    case 'none':
      return '';
    case 'answer':
      return `Correct answer (secret, do not reveal): ${task.solution}`;
    case 'solution':
      // A worked reference: the answer plus everything the checker found, locations included.
      return [
        `Correct answer (secret, do not reveal): ${task.solution}`,
        `The checker read the student's answer as: ${diagnosis.parsed ?? '(unreadable)'}`,
        `Score: ${diagnosis.score.toFixed(2)}. Problems found:`,
        formatIssues(diagnosis, true),
      ].join('\n');
    case 'diagnosis':
      return `Problems the checker found:\n${formatIssues(diagnosis, false)}`;
    case 'guide':
      return `Correct answer (secret, do not reveal): ${task.solution}`;
  }
}

/**
 * How one teacher prompt is written besides its condition: the teacher options of the episode and,
 * for a teacher with memory, the feedback it delivered at the earlier turns (oldest first).
 */
export interface TeacherStyle {
  options?: TeacherOptions;
  earlier?: readonly string[];
}

/** A system prompt with the options' instructions added (none: the prompt unchanged). */
function styledSystem(system: string, options: TeacherOptions | undefined): string {
  const extra: string[] = [];
  if (options?.wordLimit !== undefined)
    extra.push(`Write at most ${options.wordLimit} words to the student.`);
  if (options?.scratchpad) extra.push(PROMPTS.scratchpad);
  return extra.length ? `${system} ${extra.join(' ')}` : system;
}

/** The earlier-feedback block of a teacher with memory; null without memory or before any feedback. */
function memoryBlock(style: TeacherStyle, heading: string): string | null {
  const earlier = style.earlier ?? [];
  if (!style.options?.memory || earlier.length === 0) return null;
  return `${heading}\n${earlier.map((text, i) => `${i + 1}. ${text.trim()}`).join('\n')}`;
}

/**
 * Messages for the LLM teacher: task, the student's attempt and the privileged block; for the
 * 'guide', the task and the answer only (it never sees the attempt). Without a `style` (or an empty
 * one) the prompt is exactly the plain teacher's, so stored prompts keep rebuilding.
 */
export function teacherMessages(
  task: Task,
  attempt: string,
  diagnosis: Diagnosis,
  privileged: PrivilegedInfo,
  style: TeacherStyle = {},
): ChatMessage[] {
  const guide = privileged === 'guide';
  const parts = [`Task:\n${task.prompt}`];
  if (!guide) parts.push(`Student's answer:\n${attempt.trim() || '(empty)'}`);
  const extra = privilegedBlock(task, diagnosis, privileged);
  if (extra) parts.push(extra);
  const memory = memoryBlock(style, 'Your earlier feedback to this student:');
  if (memory) parts.push(memory);
  parts.push(guide ? 'Your advice to the student:' : 'Your feedback to the student:');
  return [
    {
      role: 'system',
      content: styledSystem(guide ? PROMPTS.guideSystem : PROMPTS.teacherSystem, style.options),
    },
    { role: 'user', content: parts.join('\n\n') },
  ];
}

/**
 * Messages for the self-teacher: the task and its own attempt only (no solution, no diagnosis), and
 * with memory its own earlier notes.
 */
export function selfTeacherMessages(task: Task, attempt: string, style: TeacherStyle = {}): ChatMessage[] {
  const memory = memoryBlock(style, 'Your earlier notes on this task:');
  const parts = [`Task:\n${task.prompt}`, `Your answer:\n${attempt.trim() || '(empty)'}`];
  if (memory) parts.push(memory);
  parts.push('What went wrong?');
  return [
    { role: 'system', content: styledSystem(PROMPTS.selfTeacherSystem, style.options) },
    { role: 'user', content: parts.join('\n\n') },
  ];
}
