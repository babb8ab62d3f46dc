/**
 * Pulling the student's answer out of free text (the student answers inside
 * `<answer>…</answer>`, the last such tag wins, with lenient fallbacks per environment).
 */

/** What `extractAnswer` found. */
export interface ExtractedAnswer {
  /**
   * The text to parse as the answer: the content of the last complete `<answer>…</answer>` pair when
   * there is one; otherwise what follows an unclosed last `<answer>` (a reply cut off by the token
   * limit), or else the whole reply without `<think>` blocks, for environments that accept a bare answer.
   * Trimmed; null when nothing is left.
   */
  content: string | null;
  /** True only when a complete `<answer>…</answer>` pair was found. */
  tagged: boolean;
}

const PAIR = /<answer\s*>([\s\S]*?)<\/answer\s*>/gi;
const OPEN = /<answer\s*>/gi;
const THINK = /<think\s*>[\s\S]*?(?:<\/think\s*>|$)/gi;
/** A tag's content that only echoes a format placeholder: "...", "…", or nothing. */
const PLACEHOLDER = /^(?:\.{2,}|…+)?$/;

/**
 * Extract the answer from a reply: the LAST complete `<answer>…</answer>` wins (tags are matched
 * case-insensitively), except that a placeholder pair (`<answer>...</answer>`, `<answer></answer>`)
 * after a real one is an echo of the instructions, not a new answer: small models end replies that
 * way. Never throws.
 */
export function extractAnswer(text: string): ExtractedAnswer {
  const source = typeof text === 'string' ? text : '';
  let last: string | null = null;
  let lastReal: string | null = null;
  for (const match of source.matchAll(PAIR)) {
    last = (match[1] ?? '').trim();
    if (!PLACEHOLDER.test(last)) lastReal = last;
  }
  if (last !== null) return { content: lastReal ?? last, tagged: true };

  const visible = stripThinking(source);
  let openEnd = -1;
  for (const match of visible.matchAll(OPEN)) openEnd = (match.index ?? 0) + match[0].length;
  const rest = (openEnd >= 0 ? visible.slice(openEnd) : visible).trim();
  return { content: rest === '' ? null : rest, tagged: false };
}

/** The reply without `<think>…</think>` blocks: reasoning models think aloud first, and that is not an answer. */
export function stripThinking(text: string): string {
  return text.replace(THINK, '');
}
