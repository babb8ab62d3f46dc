/**
 * Helpers for the rule-based teachers: the level-0 verdict, and a guard that no hint ever contains the
 * reference answer (the leak guard).
 */
import { checkLeak } from '../../protocol/leak-guard';
import type { Diagnosis, Issue } from '../types';

/**
 * Whether `text` reveals `solution`: the leak guard's token rules (`checkLeak`: verbatim after
 * normalisation, spacing changed, or most of it in order), and for a numeric solution any number
 * token equal to it, since a one-digit answer is below what the guard can flag in a teacher's prose
 * while a generated hint must never state it.
 */
export function revealsAnswer(text: string, solution: string): boolean {
  const trimmed = solution.trim();
  if (/^-?\d+(\.\d+)?$/.test(trimmed)) {
    const digits = trimmed.replace(/^-/, '').replace('.', '\\.');
    if (new RegExp(`(?<![\\d.])${digits}(?![\\d]|\\.\\d)`).test(text)) return true;
  }
  return trimmed !== '' && checkLeak(text, trimmed).leaked;
}

/** The level-0 message: the verdict only. */
export function verdict(diagnosis: Diagnosis): string {
  return diagnosis.correct ? 'Correct.' : 'Not correct yet.';
}

/**
 * The first candidate hint that does not reveal the solution; a generic nudge when all of them would.
 * Candidates go from most to least specific.
 */
export function safeHint(solution: string, candidates: readonly string[]): string {
  for (const candidate of candidates) {
    if (candidate !== '' && !revealsAnswer(candidate, solution)) return candidate;
  }
  return 'Not correct yet. Check your work step by step.';
}

/** The issue a hint should address: the first code in `priority` present, else the first issue. */
export function primaryIssue(issues: readonly Issue[], priority: readonly string[]): Issue | undefined {
  for (const code of priority) {
    const found = issues.find((i) => i.code === code);
    if (found) return found;
  }
  return issues[0];
}

/**
 * The usual shape of a hint at `level` ≥ 1: the verdict followed by the most specific of the first
 * `level` candidate sentences that does not reveal the solution.
 */
export function levelledHint(
  solution: string,
  diagnosis: Diagnosis,
  level: number,
  sentences: readonly string[],
): string {
  const head = verdict(diagnosis);
  const ordered = sentences
    .slice(0, Math.max(1, level))
    .reverse()
    .map((s) => `${head} ${s}`);
  return safeHint(solution, ordered);
}
