/** The student's messages before a stored attempt. */
import { buildStudentMessages } from '../protocol/history';
import type { ChatMessage } from '../engine';
import type { TrainingEpisode } from './types';

/**
 * What the student saw before attempt `turn` (1-based): the stored prompt of a model student, or,
 * for a person (who sees the page, not a chat), the conversation a model student would have seen.
 */
export function studentPromptBefore(item: TrainingEpisode, turn: number): ChatMessage[] {
  const stored = item.turns[turn - 1]?.studentPrompt ?? [];
  if (stored.length > 0) return stored.map((m) => ({ role: m.role, content: m.content }));
  const { task, config } = item.episode;
  return buildStudentMessages(task, item.turns.slice(0, turn - 1), config.history, config.demonstration);
}
