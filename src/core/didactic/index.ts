/**
 * Didactic training data made from the lab itself: wrong attempts the way students err, the rule
 * teacher's feedback on them and the corrected attempt, with twin sets (answers only, retry) of the
 * same byte budget, held-out items kept apart, and the chat template of the byte-level model
 * trained in the browser. Pure and deterministic. Import from here.
 */
export {
  heldOutItems,
  heldOutSet,
  isHeldOut,
  trainingItem,
  trainingStreamSeed,
  type HeldOutSet,
} from './held-out';
export {
  getPerturber,
  MAX_PERTURB_DRAWS,
  perturb,
  PERTURBABLE_ENVS,
  PERTURBERS,
  referenceAttempt,
  type WrongAttempt,
} from './perturb';
export type { Perturber } from './perturber';
export { ARITHMETIC_ERRORS } from './perturb-arithmetic';
export { MAZE_ERRORS } from './perturb-maze';
export { COUNTDOWN_ERRORS } from './perturb-countdown';
export { HANOI_ERRORS } from './perturb-hanoi';
export { ruleFeedback } from './rule-feedback';
export { transcriptMessages, TRANSCRIPT_KINDS, type TranscriptKind } from './transcript';
export {
  byteLength,
  chatTemplateId,
  compactMessage,
  CHAT_TEMPLATE_VERSION,
  END_MARK,
  FIXED_LINE_MIN_WORDS,
  fixedTaskLines,
  lossMask,
  renderChat,
  renderPrompt,
  renderTraining,
  ROLE_MARK,
  type RenderedExample,
  type TrainedTurns,
} from './chat-template';
export { buildDataset, type DidacticDataset, type DidacticExample, type DroppedItems } from './dataset';
export {
  DEFAULT_HELD_OUT,
  fullRecipe,
  MAX_WRONG_ATTEMPTS,
  type DidacticRecipe,
  type FullRecipe,
} from './recipe';
export { heldOutTranscripts } from './held-out-transcripts';
export {
  judgeDesign,
  judgeReport,
  judgeStudents,
  type JudgeModelReport,
  type JudgeModels,
  type JudgeOptions,
  type JudgeReport,
} from './judge';
