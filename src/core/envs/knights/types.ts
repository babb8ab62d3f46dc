/** Parameter and data shapes of the knights-and-knaves environment. */

export type Role = 'knight' | 'knave';

/** "X is a knight/knave" (X may be the speaker only inside a compound). */
export interface Atom {
  kind: 'is';
  who: number;
  role: Role;
}

/** What one person says; person indices refer to `KnightsData.names`. */
export type Statement =
  | Atom
  | { kind: 'same' | 'different'; a: number; b: number }
  | { kind: 'count'; relation: 'at-least' | 'exactly' | 'at-most'; n: number; role: Role }
  | { kind: 'and' | 'or'; left: Atom; right: Atom };

export interface KnightsParams {
  /** Number of people, 2–4. */
  people: number;
  /** Allow counting ("at least one of us…") and and/or statements besides simple ones. */
  compound: boolean;
}

export interface KnightsData {
  /** "A", "B", … */
  names: string[];
  /** statements[i] is what names[i] says. */
  statements: Statement[];
  /** The statements as the prompt words them. */
  texts: string[];
  /** The unique consistent assignment. */
  roles: Role[];
}

export interface KnightsDetail {
  /** The label read for each person (null when missing). */
  labels: Array<Role | null>;
  /** Names of speakers whose statement contradicts their label under the student's labels. */
  contradictions: string[];
}
