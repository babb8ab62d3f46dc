/**
 * Training-data export: stored episodes → JSONL for the usual trainers (TRL, OpenAI fine-tuning).
 * Pure; the worker feeds it episodes as it reads them (`TrainingDataWriter`), so an export never
 * holds more than its lines.
 */
import { critiqueExamples, preferenceExamples, sftExamples, type EpisodeExamples } from './examples';
import { exampleLine } from './lines';
import {
  SKIP_REASONS,
  type SkipReason,
  type TrainingEpisode,
  type TrainingOptions,
  type TrainingReport,
} from './types';

export * from './types';
export { exampleLine } from './lines';
export { critiqueExamples, preferenceExamples, sftExamples, type TrainingExample } from './examples';

/** The examples of one episode for the chosen kind. */
export function episodeExamples(item: TrainingEpisode, options: TrainingOptions): EpisodeExamples {
  switch (options.kind) {
    case 'sft':
      return sftExamples(item, options);
    case 'critique':
      return critiqueExamples(item, options);
    case 'preference':
      return preferenceExamples(item);
  }
}

/** Writes one export an episode at a time, keeping its report (the lines go to the caller). */
export class TrainingDataWriter {
  readonly #report: TrainingReport;

  constructor(private readonly options: TrainingOptions) {
    const skipped = Object.fromEntries(SKIP_REASONS.map((r) => [r, 0])) as Record<SkipReason, number>;
    this.#report = { kind: options.kind, dialect: options.dialect, episodes: 0, examples: 0, skipped };
  }

  /** One episode's lines (counted in the report). */
  add(item: TrainingEpisode): string[] {
    const { examples, skipped } = episodeExamples(item, this.options);
    this.#report.episodes++;
    for (const reason of skipped) this.#report.skipped[reason]++;
    this.#report.examples += examples.length;
    return examples.map((example) => exampleLine(example, this.options.dialect));
  }

  /** What was written and what was left out, so far. */
  get report(): TrainingReport {
    return structuredClone(this.#report);
  }
}

/** Every line of `items` for `options`, with the report (for tests and small selections). */
export function trainingData(
  items: Iterable<TrainingEpisode>,
  options: TrainingOptions,
): { lines: string[]; report: TrainingReport } {
  const writer = new TrainingDataWriter(options);
  const lines: string[] = [];
  for (const item of items) lines.push(...writer.add(item));
  return { lines, report: writer.report };
}
