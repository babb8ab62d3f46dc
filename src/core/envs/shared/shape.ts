/**
 * Small checks for the shape of stored task data (`Environment.dataProblems`). A stored task comes
 * from an imported file or an older version, so its data is untrusted: each environment's
 * `shape.ts` says, field by field, what its generator makes, and the import refuses anything else
 * instead of letting a view or a verifier meet `{}` where a maze was promised.
 */

/** A plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Whether `value` is an integer from `min` to `max`. */
export function isIntIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/** Whether `value` is an array of `length` items (any length when absent) that all pass `item`. */
export function isArrayOf<T>(
  value: unknown,
  item: (x: unknown) => x is T,
  length?: { min: number; max: number },
): value is T[] {
  if (!Array.isArray(value)) return false;
  if (length && (value.length < length.min || value.length > length.max)) return false;
  return value.every(item);
}

export const isString = (x: unknown): x is string => typeof x === 'string';

/** `value` as a short text for a message (JSON, cut at 40 characters). */
export function shown(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/**
 * Collects a data shape's problems, one sentence each, named by field: `must('grid', ok, 'be 7
 * strings')` adds "grid must be 7 strings, not …" when `ok` is false.
 */
export class ShapeProblems {
  readonly list: string[] = [];

  constructor(private readonly data: Record<string, unknown>) {}

  /** Record that field `key` must be `what` unless `ok`. Returns `ok`. */
  must(key: string, ok: boolean, what: string): boolean {
    if (!ok) this.list.push(`${key} must be ${what}, not ${shown(this.data[key])}`);
    return ok;
  }

  /** Record a problem in words of its own. */
  add(problem: string): void {
    this.list.push(problem);
  }
}

/**
 * The problems of `data`, which must be an object: `fields` checks its fields. One problem when it is
 * not an object at all.
 */
export function recordProblems(
  data: unknown,
  fields: (check: ShapeProblems, data: Record<string, unknown>) => void,
): string[] {
  if (!isRecord(data)) return [`must be an object, not ${shown(data)}`];
  const check = new ShapeProblems(data);
  fields(check, data);
  return check.list;
}
