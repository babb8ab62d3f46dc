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
export {
  feedbackGain,
  newcombePairedInterval,
  bootstrapMeanInterval,
  normalCdf,
  pairedDifference,
} from './paired';
export type {
  FeedbackGain,
  PairedTable,
  DifferenceInterval,
  BootstrapOptions,
  PairedDifference,
} from './paired';
export { exactBinomialTwoSided, mcnemarExact } from './exact-test';
export { contrast, itemOutcomes } from './contrast';
export { gainDifference } from './gain-difference';
export type { GainDifference, GainSides } from './gain-difference';
export type { Contrast, ItemOutcome } from './contrast';
export { transitions } from './transitions';
export type { TransitionCounts } from './transitions';
export { clusteredProportion } from './clustered';
export type { ClusterCount } from './clustered';
export { repeatRate, fixRate, regressionRate, leakRate, leakDeliveredRate, withheldRate } from './rates';
export type { Rate, TurnRef } from './rates';
export { costs, episodeStat, studentTokens, teacherTokens, turnTimeMs } from './costs';
export type { CostSummary, EpisodeStat } from './costs';
export { summarise, BASELINE_CONDITION_KEY, CONTENT_CONTROL_KEY } from './summary';
export type { SummaryOptions, ConditionSummary, ExperimentSummary, RowSettings } from './summary';
export { summaryToCsv, csvField, toCsv } from './csv';
export { gainGrids, twoWaySumsOfSquares } from './grid';
export type { GainGrid, GridColumn, GridCell, Decomposition, DecompositionReason } from './grid';
