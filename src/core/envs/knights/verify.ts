/**
 * The knights-and-knaves verifier. It evaluates every statement under the student's own labels and
 * names the speakers whose statement contradicts their label; the puzzle has one consistent
 * labelling, so every wrong complete labelling shows at least one contradiction.
 */
import { extractAnswer } from '../shared/answer-tag';
import { missingTagIssue, unparseableIssue } from '../shared/issues';
import type { Diagnosis, Issue, Task } from '../types';
import { formatLabels } from './generate';
import { spellOutClaims } from './claims';
import { readLabels } from './parse';
import { evaluate } from './statements';
import type { KnightsData, KnightsDetail, KnightsParams, Role } from './types';

/** Verify an attempt. Never throws. */
export function verifyKnights(task: Task<KnightsParams, KnightsData>, studentText: string): Diagnosis {
  const { names, statements, texts, roles } = task.data;
  const issues: Issue[] = [];
  const { content, tagged } = extractAnswer(studentText);
  if (!tagged) issues.push(missingTagIssue());
  const found = content === null ? [] : readLabels(spellOutClaims(content, names));
  const labels: Array<Role | null> = names.map(() => null);
  const detail: KnightsDetail = { labels, contradictions: [] };
  if (found.length === 0) {
    issues.push(unparseableIssue('labels'));
    return { correct: false, score: 0, issues, parsed: null, detail };
  }

  const unknown = new Set<string>();
  const conflicting = new Set<number>();
  for (const { person, role } of found) {
    const i = names.indexOf(person);
    if (i < 0) unknown.add(person);
    // Inside the tag two labels for one person are an ambiguous answer; untagged prose often reasons
    // its way to a conclusion, so there the last label stands.
    else if (tagged && labels[i] !== null && labels[i] !== role) conflicting.add(i);
    else labels[i] = role;
  }
  for (const i of conflicting) {
    const person = names[i] as string;
    labels[i] = null;
    issues.push({
      code: 'label.conflict',
      message: `${person} is labelled both a knight and a knave; give each person one label.`,
      where: { person },
    });
  }
  for (const person of unknown) {
    issues.push({
      code: 'label.unknown-person',
      message: `There is no ${person} in this puzzle (only ${names.join(', ')}).`,
      where: { person },
    });
  }
  names.forEach((name, i) => {
    if (labels[i] === null && !conflicting.has(i)) {
      issues.push({ code: 'label.missing', message: `${name} has no label.`, where: { person: name } });
    }
  });

  const asBool = labels.map((l) => (l === null ? undefined : l === 'knight'));
  statements.forEach((st, i) => {
    const label = labels[i];
    if (!label) return;
    const truth = evaluate(st, asBool);
    if (truth === undefined || truth === (label === 'knight')) return;
    const name = names[i] as string;
    detail.contradictions.push(name);
    const why =
      label === 'knight' ? "a knight's statement would be false" : "a knave's statement would be true";
    issues.push({
      code: 'statement.contradiction',
      message: `You call ${name} a ${label}, but under your labels ${name}'s statement "${texts[i]}" is ${truth}: ${why}.`,
      where: { speaker: name, statement: texts[i] ?? '', label, truth, why },
    });
  });

  const right = labels.filter((l, i) => l === roles[i]).length;
  const correct = right === names.length;
  return { correct, score: right / names.length, issues, parsed: formatLabels(names, labels), detail };
}
