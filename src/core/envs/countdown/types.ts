/** Parameter and data shapes of the countdown environment. */

export interface CountdownParams {
  /** How many numbers are given, 4–6. */
  count: number;
  /** Small numbers are distinct, drawn from 1..maxSmall (count − big ≤ maxSmall ≤ 25). */
  maxSmall: number;
  /** How many big numbers (distinct, from 25 50 75 100) are given, 0–min(4, count). */
  big: number;
  /** The target range, 1 ≤ minTarget ≤ maxTarget ≤ 9999. */
  minTarget: number;
  maxTarget: number;
  /** The hidden solution uses at least this many of the numbers, 2–count. */
  minUsed: number;
}

export interface CountdownData {
  numbers: number[];
  target: number;
}

export interface CountdownDetail {
  /** The expression as read and normalised, or null. */
  expression: string | null;
  /** Its exact value ("83", "7/2"), or null when it could not be evaluated. */
  value: string | null;
  /** Given numbers the expression uses and leaves unused. */
  used: number[];
  unused: number[];
}
