/**
 * The words of the "How it works" panel: the loop of an episode in four steps and every condition in
 * one line. Kept apart from the component so the panel and the glossary page say the same thing.
 */

/** One step of an episode, in order. */
export interface Step {
  who: string;
  does: string;
}

/** An episode: student, verifier, teacher, retry. */
export const STEPS: readonly Step[] = [
  { who: 'Student', does: 'a small language model (or you) attempts a task: a maze, a sum, a puzzle.' },
  { who: 'Verifier', does: 'a program checks the attempt exactly: right, or what is wrong.' },
  { who: 'Teacher', does: 'if it is wrong, writes feedback that helps without giving the answer away.' },
  {
    who: 'Retry',
    does: 'the student tries again with the feedback, until it is right or the turns run out.',
  },
];

/** What a condition gives the student between attempts, one line each (controls first). */
export const CONDITION_LINES: readonly Step[] = [
  { who: 'Single attempt', does: 'one try, no second chance.' },
  { who: 'Retry', does: 'try again, told nothing: the control every gain is measured against.' },
  { who: 'Right/wrong only', does: 'told only "wrong".' },
  { who: 'Rule teacher', does: "a fixed hint from the verifier's errors, level 0 (verdict) to 3 (a nudge)." },
  {
    who: 'LLM teacher',
    does: 'a model writes feedback; it may also see the answer, a solution or the diagnosis.',
  },
  { who: 'Self-teacher', does: 'the student model criticises its own attempt.' },
  { who: 'Human teacher', does: 'you write the feedback.' },
];
