/**
 * The episode protocol: pure and engine-agnostic. Import from here.
 */
export type * from './types';
export { runEpisode, configProblem } from './run-episode';
export {
  effectiveTurnBudget,
  turnsVerdict,
  resumeProblem,
  isResumable,
  isCompletedStatus,
  isResumableStatus,
} from './resume';
export type { BudgetConfig, FinishedTurn, TurnsVerdict, ResumableEpisode } from './resume';
export { buildStudentMessages } from './history';
export type { PastTurn } from './history';
export {
  checkLeak,
  normalizeTokens,
  LEAK_OVERLAP_THRESHOLD,
  LEAK_WINDOW_FACTOR,
  MIN_SUBSTRING_CHARS,
} from './leak-guard';
export type { LeakCheckOptions } from './leak-guard';
export { guardTeacherMessage, guardTeacherMessageAsync, readsAsCorrectAnswer } from './leak-reading';
export {
  PROMPTS,
  MAX_ISSUES_SHOWN,
  studentFeedbackMessage,
  TRY_AGAIN_BY_VERSION,
  teacherMessages,
  selfTeacherMessages,
  privilegedBlock,
  formatIssues,
} from './prompts';
export { produceFeedback, safeFallback } from './feedback';
export { cleanTeacherText, limitWords, readTeacherDraft, applyWordLimit } from './teacher-text';
export type { TeacherDraft } from './teacher-text';
export type { FeedbackContext } from './feedback';
export { defaultEpisodeConfig, conditionLabel, conditionKindLabel, teacherOptionsText } from './config';
export * from './vocabulary';
export { demonstrationFor, withDemonstration } from './demonstration';
export { EpisodeAbortedError, deriveSeed, raceAbort, streamWhile } from './stream';
