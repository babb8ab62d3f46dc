/**
 * Fair human play: what a person playing the student may see of the verifier while the episode runs.
 * Between attempts a student gets exactly what the condition gives: nothing under "retry", right or
 * wrong under "binary", a teacher's words under a teacher. The verifier's full diagnosis (its
 * messages, the board's marks) is none of these, so a human student sees it only once the episode
 * has ended. A model student's episode is watched by people, not by the model, so it shows at once.
 */
import type { EpisodeConfig } from './types';

/** Whether the page may show the verifier's diagnosis (beyond right or wrong) of the turns now. */
export function diagnosisShown(config: Pick<EpisodeConfig, 'student'>, running: boolean): boolean {
  return !(config.student.kind === 'human' && running);
}
