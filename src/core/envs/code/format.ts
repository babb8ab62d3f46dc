/** How tests and values are written for people: `f([1,2], 3)`, shortened when long. */
import type { Json } from './types';

/** Longest value text shown in an issue or hint before it is cut with "…". */
export const MAX_VALUE_CHARS = 160;

/** Cut text longer than `max` characters. */
export function shorten(text: string, max = MAX_VALUE_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A call as source text: `fnName(arg1, arg2)` with JSON arguments. */
export function callText(fnName: string, args: readonly Json[]): string {
  return `${fnName}(${args.map((a) => JSON.stringify(a)).join(', ')})`;
}
