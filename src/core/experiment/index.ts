/** Experiments (issue 6): designs, their expansion into paired episodes, links and run planning. */
export { DESIGN_VERSION, DESIGN_LIMITS, GREEDY_TEMPERATURE, defaultDesign } from './design';
export type { ExperimentDesign, ExperimentCondition } from './design';
export { expandDesign, designProblems, episodeCount, estimateDesign, runKey } from './expand';
export type { PlannedEpisode, DesignEstimate } from './expand';
export {
  encodeDesign,
  decodeDesign,
  parseDesign,
  DesignLinkError,
  MAX_LINK_CHARS,
  MAX_DESIGN_JSON_CHARS,
} from './link';
export { designSchema, conditionSchema } from './schema';
export { planRun } from './resume';
export type { RunPlan, PendingEpisode, StoredEpisodeBrief } from './resume';
export { progressRates, formatDuration } from './progress';
export type { ExperimentProgress, ExperimentRunState, RunningEpisode } from './progress';
