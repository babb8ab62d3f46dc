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
  // Each node keeps its parent and key; its path is spelled out only for the one problem reported
  // (spelling every node's path cost a large import a fifth of its parsing).
  const stack: Node[] = [{ value: json, parent: null, key: '', depth: 1 }];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const { value, depth } = node;
    if (value === null || typeof value !== 'object') continue;
    if (depth > MAX_JSON_DEPTH) {
      return `${pathOf(node) || 'The line'} nests deeper than ${MAX_JSON_DEPTH} levels, which the lab never writes.`;
    }
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++)
        stack.push({ value: value[i], parent: node, key: i, depth: depth + 1 });
      continue;
    }
    for (const key of Object.keys(value)) {
      if (BUILT_IN_KEYS.has(key)) {
        const at = pathOf({ value: null, parent: node, key, depth: depth + 1 });
        return `${at}: the key ${JSON.stringify(key)} is named like a built-in member of every object; the lab never writes one.`;
      }
      stack.push({ value: (value as Record<string, unknown>)[key], parent: node, key, depth: depth + 1 });
    }
  }
  return null;
}

/** A value met in the walk, where it was met. */
interface Node {
  value: unknown;
  parent: Node | null;
  /** Its key in its parent, or its index in a parent array. */
  key: string | number;
  depth: number;
}

/** `a.b[2].c`: where `node` is in the line. */
function pathOf(node: Node): string {
  const parts: (string | number)[] = [];
  for (let at: Node | null = node; at?.parent; at = at.parent) parts.push(at.key);
  return parts
    .reverse()
    .reduce<string>(
      (path, key) => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key),
      '',
    );
}
