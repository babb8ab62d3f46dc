/** Words for the training-data export: what each kind and format is, and what a report says. */
import type { SkipReason, TrainingDialect, TrainingKind, TrainingReport } from '../../core/training-data';

export const KIND_LABELS: Record<TrainingKind, { name: string; help: string }> = {
  sft: {
    name: 'Corrected attempts (SFT)',
    help: 'The conversation up to the attempt that fixed a wrong answer after feedback, and that attempt.',
  },
  critique: {
    name: 'Critique prediction',
    help: "The task and a wrong attempt (what the student can see) → the teacher's feedback on it.",
  },
  preference: {
    name: 'Preference pairs (DPO)',
    help: 'On the task prompt: the corrected attempt preferred to each earlier wrong one.',
  },
};

export const DIALECT_LABELS: Record<TrainingDialect, string> = {
  trl: 'TRL (with a metadata field)',
  openai: 'OpenAI fine-tuning',
};

const SKIP_TEXT: Record<SkipReason, string> = {
  'not-corrected': 'not corrected',
  leaked: 'teacher gave the answer away',
  withheld: 'teacher draft withheld',
  'no-critique': 'no critique (retry, binary, or source not chosen)',
  'not-helpful': 'next attempt still wrong',
  unfinished: 'unfinished',
};

/** One sentence: how many examples came from how many episodes, and what was left out, by reason. */
export function trainingReportText(report: TrainingReport): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const left = (Object.entries(report.skipped) as [SkipReason, number][])
    .filter(([, n]) => n > 0)
    .map(([reason, n]) => `${n} ${SKIP_TEXT[reason]}`);
  const head = `${plural(report.examples, 'example')} from ${plural(report.episodes, 'episode')}`;
  return left.length > 0 ? `${head}; left out: ${left.join(', ')}.` : `${head}.`;
}
