/** Experiment metrics: pure functions over stored episodes. Import from here. */
export {
  conditionKey,
  itemKey,
  isCompleted,
  solvedAt,
  normalisedAnswer,
  studentLabel,
  teacherLabel,
  EXCLUDED_STATUSES,
} from './input';
export type { EpisodeOutcomeInput, TurnInput, FeedbackInput, CompletedStatus, ExcludedStatus } from './input';
export { wilson, NO_ESTIMATE } from './wilson';
export type { Estimate } from './wilson';
export { cumulativeAccuracy } from './accuracy';
export type { AccuracyPoint } from './accuracy';
export { gain, normalisedGain, areaUnderCurve } from './gains';
export type { DerivedMetric } from './gains';
export { feedbackGain, newcombePairedInterval, bootstrapMeanInterval, normalCdf } from './paired';
export type { FeedbackGain, PairedTable, DifferenceInterval, BootstrapOptions } from './paired';
export { repeatRate, fixRate, regressionRate, leakRate, leakDeliveredRate } from './rates';
export type { Rate, TurnRef } from './rates';
export { costs, episodeStat, studentTokens, teacherTokens, turnTimeMs } from './costs';
export type { CostSummary, EpisodeStat } from './costs';
export { summarise, BASELINE_CONDITION_KEY } from './summary';
export type { SummaryOptions, ConditionSummary, ExperimentSummary } from './summary';
export { summaryToCsv, csvField, toCsv } from './csv';
