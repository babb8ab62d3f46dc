/**
 * An exhaustive Countdown solver (positive whole intermediates, each number at most once). The
 * generator builds each target from an expression, which is already a proof of solvability; the
 * solver is the independent check the tests run, and a tool for views and analyses.
 */

interface Item {
  value: number;
  text: string;
  /** 3 for a number, 2 for × ÷, 1 for + −: decides the brackets when printing. */
  prec: number;
}

const wrap = (item: Item, min: number): string => (item.prec < min ? `(${item.text})` : item.text);

/** Every way to combine two items into one. */
function combine(a: Item, b: Item): Item[] {
  const [hi, lo] = a.value >= b.value ? [a, b] : [b, a];
  const out: Item[] = [
    { value: a.value + b.value, text: `${a.text} + ${b.text}`, prec: 1 },
    { value: a.value * b.value, text: `${wrap(a, 2)} * ${wrap(b, 2)}`, prec: 2 },
  ];
  if (hi.value > lo.value)
    out.push({ value: hi.value - lo.value, text: `${hi.text} - ${wrap(lo, 2)}`, prec: 1 });
  if (lo.value > 1 && hi.value % lo.value === 0) {
    out.push({ value: hi.value / lo.value, text: `${wrap(hi, 2)} / ${wrap(lo, 3)}`, prec: 2 });
  }
  return out;
}

/**
 * Find an expression over `numbers` (each at most once) equal to `target`, or null when none exists.
 * Exhaustive: null is a proof of impossibility under the positive-whole-intermediate rule.
 */
export function solveCountdown(numbers: readonly number[], target: number): string | null {
  const seen = new Set<string>();
  const search = (items: Item[]): string | null => {
    for (const item of items) if (item.value === target) return item.text;
    if (items.length < 2) return null;
    const key = items
      .map((i) => i.value)
      .sort((x, y) => x - y)
      .join(',');
    if (seen.has(key)) return null;
    seen.add(key);
    for (let i = 0; i < items.length; i++) {
      for (let j = i + 1; j < items.length; j++) {
        const rest = items.filter((_, k) => k !== i && k !== j);
        for (const merged of combine(items[i] as Item, items[j] as Item)) {
          const found = search([...rest, merged]);
          if (found !== null) return found;
        }
      }
    }
    return null;
  };
  return search(numbers.map((n) => ({ value: n, text: String(n), prec: 3 })));
}
