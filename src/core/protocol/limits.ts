/**
 * The largest values an episode's config can hold: what the episode form and the experiment designer
 * let a person choose. One list, read by the form, the design schema, the protocol and the import
 * schema, so nothing the lab stores is refused on import, and nothing a crafted file or link holds
 * can make the lab allocate, loop or wait by a number no person could have chosen
 * (`turnBudget: 10000000` once froze a replay that drew one slot per turn of the budget).
 */
export const EPISODE_LIMITS = {
  /** Turns an episode may take (the form's "Turns", the designer's "Turns"). */
  turnBudget: 20,
  /** Tokens a model may write per reply (student and teacher). */
  maxTokens: 4096,
  /** Teacher regenerations after a leak, per turn. */
  maxLeakRetries: 10,
  /** Sampling temperature, from 0. */
  maxTemperature: 2,
  /**
   * Characters of an id the lab writes (episode and experiment ids are 36-character UUIDs): an id
   * ends up in links and the page's URL.
   */
  idChars: 200,
} as const;
