/**
 * The student's conversation: what a model student sees before each attempt.
 */
import type { ChatMessage } from '../engine';
import type { Task } from '../envs/types';
import { PROMPTS, studentFeedbackMessage } from './prompts';
import type { Demonstration, TurnRecord } from './types';
import type { HistoryMode } from './vocabulary';

/** The part of a finished turn the student's history is built from (a stored turn has it too). */
export interface PastTurn {
  attempt: TurnRecord['attempt'];
  feedback: { text: string } | null;
}

/**
 * Messages for the student's next attempt, given the turns so far (oldest first).
 *
 * - 'full': `[system, user(task), assistant(attempt 1), user(feedback 1), assistant(attempt 2), …]`;
 * - 'last': `[system, user(task), assistant(last attempt), user(last feedback)]`.
 *
 * With a `demonstration`, its prompt and answer come right after the system prompt as one solved
 * exchange: small models copy a format they have seen far more reliably than one they are told
 * (measured on SmolLM2-135M: answer tags in 0–2 of 16 replies without, 10–16 of 16 with).
 *
 * Feedback is framed by {@link studentFeedbackMessage} (the teacher's text plus "Try again…"). A turn
 * without feedback (there should be none before the last) contributes its attempt only. `tryAgain`
 * is for rebuilding a prompt stored under older builders (`TRY_AGAIN_BY_VERSION`).
 */
export function buildStudentMessages(
  task: Task,
  past: readonly PastTurn[],
  history: HistoryMode,
  demonstration?: Demonstration,
  tryAgain: string = PROMPTS.tryAgain,
): ChatMessage[] {
  const messages: ChatMessage[] = [{ role: 'system', content: PROMPTS.studentSystem }];
  if (demonstration) {
    messages.push(
      { role: 'user', content: demonstration.prompt },
      { role: 'assistant', content: demonstration.answer },
    );
  }
  messages.push({ role: 'user', content: task.prompt });
  const shown = history === 'last' ? past.slice(-1) : past;
  for (const turn of shown) {
    messages.push({ role: 'assistant', content: turn.attempt });
    if (turn.feedback)
      messages.push({ role: 'user', content: studentFeedbackMessage(turn.feedback.text, tryAgain) });
  }
  return messages;
}
