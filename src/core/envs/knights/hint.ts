/** The knights-and-knaves rule-based teacher: points at contradictions, never at the right labels. */
import { levelledHint, primaryIssue, verdict } from '../shared/hint';
import type { Diagnosis, HintLevel, Issue, Task } from '../types';
import type { KnightsData, KnightsParams } from './types';

const PRIORITY = [
  'format.unparseable',
  'label.unknown-person',
  'label.conflict',
  'label.missing',
  'statement.contradiction',
  'format.missing-tag',
];

function sentences(task: Task<KnightsParams, KnightsData>, issue: Issue): string[] {
  const names = task.data.names;
  const format = `Give every person a label, like <answer>${names.map((n) => `${n}: ?`).join(', ')}</answer> with knight or knave for each ?.`;
  const w = issue.where ?? {};
  switch (issue.code) {
    case 'format.unparseable':
      return ['I could not read any labels in your reply.', format, format];
    case 'label.unknown-person':
      return [
        'You labelled someone who is not in the puzzle.',
        `There is no ${String(w.person)} here; the people are ${names.join(', ')}.`,
        `There is no ${String(w.person)} here; the people are ${names.join(', ')}. ${format}`,
      ];
    case 'label.conflict':
      return [
        'Someone has two different labels.',
        `${String(w.person)} is labelled both a knight and a knave.`,
        `${String(w.person)} is labelled both a knight and a knave. ${format}`,
      ];
    case 'label.missing':
      return [
        'Some people have no label.',
        `${String(w.person)} has no label.`,
        `${String(w.person)} has no label. ${format}`,
      ];
    case 'statement.contradiction': {
      const speaker = String(w.speaker);
      const label = String(w.label);
      const truth = w.truth === true ? 'true' : 'false';
      return [
        'Your labels contradict at least one statement.',
        `Under your labels, ${speaker}'s statement does not fit: ${String(w.why)}.`,
        `You call ${speaker} a ${label}, but then ${speaker}'s statement "${String(w.statement)}" would be ${truth}, which a ${label} cannot say. Which of your labels has to change?`,
      ];
    }
    default:
      return [issue.message];
  }
}

/** The hint for a diagnosis at a level. Never reveals a label of the solution. */
export function hintKnights(
  task: Task<KnightsParams, KnightsData>,
  diagnosis: Diagnosis,
  level: HintLevel,
): string {
  const issue = primaryIssue(diagnosis.issues, PRIORITY);
  if (level === 0 || !issue) return verdict(diagnosis);
  if (diagnosis.correct) return `${verdict(diagnosis)} Next time put the labels inside <answer></answer>.`;
  return levelledHint(task.solution, diagnosis, level, sentences(task, issue));
}
