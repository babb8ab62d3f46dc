/**
 * The three kinds of training example, built from stored episodes. Every builder is pure: the same
 * episodes and options give the same lines in the same order.
 */
import { selfTeacherMessages } from '../protocol/prompts';
import type { FeedbackRecord, TurnRecord } from '../protocol/types';
import { studentPromptBefore } from './prompts';
import type { ExampleSource, Messages, SkipReason, TrainingEpisode, TrainingOptions } from './types';

/** One example before it is written in a dialect. */
export type TrainingExample =
  | { kind: 'messages'; messages: Messages; source: ExampleSource }
  | { kind: 'pair'; prompt: Messages; chosen: string; rejected: string; source: ExampleSource };

/** An episode's examples, or why it gave none (one reason per left-out episode or turn). */
export interface EpisodeExamples {
  examples: TrainingExample[];
  skipped: SkipReason[];
}

/** Sources whose messages are critique: a teacher's words about this attempt. */
const CRITIQUE_SOURCES: ReadonlySet<FeedbackRecord['source']> = new Set([
  'rule-teacher',
  'llm-teacher',
  'human-teacher',
  'self-teacher',
]);

/** A delivered message that gave the answer away (a withheld one never reached the student). */
function deliveredLeak(feedback: FeedbackRecord | null): boolean {
  return feedback !== null && feedback.leak.leaked && !feedback.withheld;
}

function source(item: TrainingEpisode, turn: number, rejectedTurn?: number): ExampleSource {
  const { episode } = item;
  return {
    episodeId: episode.id,
    envId: episode.config.envId,
    itemSeed: episode.task.itemSeed,
    condition: episode.config.condition.kind,
    studentModel: episode.config.student.kind === 'model' ? episode.config.student.modelId : 'human',
    turn,
    ...(rejectedTurn === undefined ? {} : { rejectedTurn }),
  };
}

/** The turn that solved a finished episode (1-based), or null. */
function solvedTurn(item: TrainingEpisode): number | null {
  if (item.episode.status !== 'solved') return null;
  const stored = item.episode.solvedAtTurn;
  if (stored !== null && item.turns[stored - 1]?.diagnosis.correct) return stored;
  const first = item.turns.findIndex((t) => t.diagnosis.correct);
  return first >= 0 ? first + 1 : null;
}

function isFinished(item: TrainingEpisode): boolean {
  return item.episode.status === 'solved' || item.episode.status === 'failed';
}

/**
 * SFT on corrected attempts: the conversation before the attempt that solved the task, and that
 * attempt. Left out when a delivered teacher message leaked the answer on the way.
 */
export function sftExamples(item: TrainingEpisode, options: TrainingOptions): EpisodeExamples {
  if (!isFinished(item)) return { examples: [], skipped: ['unfinished'] };
  const k = solvedTurn(item);
  if (k === null || (k === 1 && !options.firstTry)) return { examples: [], skipped: ['not-corrected'] };
  if (item.turns.slice(0, k - 1).some((t) => deliveredLeak(t.feedback)))
    return { examples: [], skipped: ['leaked'] };
  const solved = item.turns[k - 1] as TurnRecord;
  const messages = [...studentPromptBefore(item, k), { role: 'assistant' as const, content: solved.attempt }];
  return { examples: [{ kind: 'messages', messages, source: source(item, k) }], skipped: [] };
}

/**
 * Critique prediction: what the student itself can see (the self-teacher's prompt: the task and its
 * attempt, no answer, no checker report) → the teacher's feedback. The target teaches a student to
 * give itself the critique its teacher would have given.
 */
export function critiqueExamples(item: TrainingEpisode, options: TrainingOptions): EpisodeExamples {
  if (!isFinished(item)) return { examples: [], skipped: ['unfinished'] };
  const examples: TrainingExample[] = [];
  const skipped: SkipReason[] = [];
  item.turns.forEach((turn, i) => {
    const feedback = turn.feedback;
    if (feedback === null) return;
    const sourceOk =
      CRITIQUE_SOURCES.has(feedback.source) &&
      (feedback.source !== 'self-teacher' || options.includeSelfTeacher === true);
    if (!sourceOk || !feedback.text.trim()) return void skipped.push('no-critique');
    if (feedback.withheld) return void skipped.push('withheld');
    if (feedback.leak.leaked) return void skipped.push('leaked');
    if (options.onlyHelpful && !item.turns[i + 1]?.diagnosis.correct) return void skipped.push('not-helpful');
    const messages: Messages = [
      ...selfTeacherMessages(item.episode.task, turn.attempt),
      { role: 'assistant', content: feedback.text },
    ];
    examples.push({ kind: 'messages', messages, source: source(item, turn.turn) });
  });
  return { examples, skipped };
}

/**
 * Preference pairs: on the task's first prompt, the attempt that solved it after feedback (chosen)
 * against each earlier wrong attempt with a different answer (rejected).
 */
export function preferenceExamples(item: TrainingEpisode): EpisodeExamples {
  if (!isFinished(item)) return { examples: [], skipped: ['unfinished'] };
  const k = solvedTurn(item);
  if (k === null || k === 1) return { examples: [], skipped: ['not-corrected'] };
  if (item.turns.slice(0, k - 1).some((t) => deliveredLeak(t.feedback)))
    return { examples: [], skipped: ['leaked'] };
  const chosen = (item.turns[k - 1] as TurnRecord).attempt;
  const prompt = studentPromptBefore(item, 1);
  const seen = new Set<string>([chosen.trim()]);
  const examples: TrainingExample[] = [];
  for (const wrong of item.turns.slice(0, k - 1)) {
    const text = wrong.attempt.trim();
    if (seen.has(text)) continue;
    seen.add(text);
    examples.push({
      kind: 'pair',
      prompt,
      chosen,
      rejected: wrong.attempt,
      source: source(item, k, wrong.turn),
    });
  }
  return { examples, skipped: [] };
}
