/**
 * The results table's columns: the metric each shows, its header, and the glossary entry its (?)
 * explains. A list of its own so a unit test can check every column has an explanation.
 */
import type { GlossaryKey } from '../help/glossary';

/** One column of the results table: [metric key (the cells' data-metric), header, glossary term]. */
export type ResultsColumn = readonly [metric: string, label: string, term: GlossaryKey];

/** The columns after "Condition", in order. */
export const RESULTS_COLUMNS = [
  ['n', 'Episodes', 'episodes'],
  ['acc1', 'acc@1', 'acc1'],
  ['accK', 'acc@K', 'accK'],
  ['gain', 'Gain', 'gain'],
  ['normalisedGain', 'Norm. gain', 'normGain'],
  ['auc', 'AUC', 'auc'],
  ['feedbackGain', 'Feedback gain vs retry [95% CI]', 'feedbackGain'],
  ['contentGain', 'Content gain vs right/wrong [95% CI]', 'contentGain'],
  ['repeat', 'Repeat', 'repeat'],
  ['fix', 'Fix', 'fix'],
  ['regression', 'Regression', 'regression'],
  ['leak', 'Leak', 'leak'],
  ['tokens', 'Tokens / ep.', 'tokens'],
  ['timeMs', 'Time / ep.', 'time'],
] as const satisfies readonly ResultsColumn[];
