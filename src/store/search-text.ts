/**
 * The text the History's search reads, kept apart from the turns (store `search`, from schema v3): an
 * episode's attempts, its feedback and its error, lower-cased. Written in the same transaction as the
 * turn, the end or the import that changes it, so a first search reads about a kilobyte per episode
 * instead of every transcript with its prompts.
 */

/** The parts of a turn the search reads. */
interface SearchedTurn {
  attempt: string;
  feedback: { text: string } | null;
}

/** The search text of one turn (its attempt, then its feedback), lower-cased. */
export function turnSearchText(turn: SearchedTurn): string {
  return (turn.feedback ? `${turn.attempt}\n${turn.feedback.text}` : turn.attempt).toLowerCase();
}

/** An episode's search text: its turns' texts in order, then its error; lower-cased. */
export function searchText(turns: readonly SearchedTurn[], error?: string): string {
  const parts = turns.map(turnSearchText);
  if (error) parts.push(error.toLowerCase());
  return parts.join('\n');
}
