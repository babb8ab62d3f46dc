/**
 * What a line of an import file must not be before its schema reads it: nested past `MAX_JSON_DEPTH`,
 * or holding a key named like a member of every object (`__proto__`, `constructor`, `toString` …),
 * which the lab never writes and which code reading the record could mistake for the built-in. The
 * walk is iterative, so no depth can overflow the stack; what it passes is shallow enough for every
 * recursive reader after it.
 */

/** The deepest nesting a line may have: the lab's own records nest about 10 levels. */
export const MAX_JSON_DEPTH = 64;

const BUILT_IN_KEYS: ReadonlySet<string> = new Set([
  '__proto__',
  ...Object.getOwnPropertyNames(Object.prototype),
]);

/**
 * The first reason `json` (a parsed line) cannot be read, naming where; null when there is none.
 * Never throws.
 */
export function jsonShapeProblem(json: unknown): string | null {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: json, path: '', depth: 1 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth > MAX_JSON_DEPTH) {
      return `${path || 'The line'} nests deeper than ${MAX_JSON_DEPTH} levels, which the lab never writes.`;
    }
    if (Array.isArray(value)) {
      value.forEach((item, i) => stack.push({ value: item, path: `${path}[${i}]`, depth: depth + 1 }));
      continue;
    }
    for (const key of Object.keys(value)) {
      const at = path ? `${path}.${key}` : key;
      if (BUILT_IN_KEYS.has(key)) {
        return `${at}: the key ${JSON.stringify(key)} is named like a built-in member of every object; the lab never writes one.`;
      }
      stack.push({ value: (value as Record<string, unknown>)[key], path: at, depth: depth + 1 });
    }
  }
  return null;
}
