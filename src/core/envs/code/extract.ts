/**
 * Pulling the student's code out of a reply: the last `<answer>…</answer>` (a fenced block inside it
 * is unwrapped); without tags, a fenced code block, or else the text from the function's definition on.
 */
import { extractAnswer, stripThinking } from '../shared/answer-tag';

export interface ExtractedCode {
  /** The code to run, trimmed; null when the reply holds none. */
  code: string | null;
  /** True only when the code came from a complete `<answer>…</answer>` pair. */
  tagged: boolean;
}

const FENCE = /```[\w+-]*[^\S\n]*\n?([\s\S]*?)```/g;

/** The fenced block that defines `fnName`, else the last one; null when there is none. */
function fenced(text: string, fnName: string): string | null {
  const blocks = [...text.matchAll(FENCE)].map((m) => m[1] ?? '');
  if (blocks.length === 0) return null;
  return blocks.find((b) => definesFunction(b, fnName)) ?? (blocks[blocks.length - 1] as string);
}

const escape = (s: string): string => s.replace(/[$]/g, '\\$');

const definition = (fnName: string): RegExp =>
  new RegExp(`(?:function\\s*\\*?\\s*${escape(fnName)}\\b|(?:const|let|var)\\s+${escape(fnName)}\\s*=)`);

/** Whether `text` appears to define `fnName` (a declaration or an assignment). */
export function definesFunction(text: string, fnName: string): boolean {
  return definition(fnName).test(text);
}

/** Where the definition of `fnName` starts in `text` (with a leading `async`), or -1. */
function definitionStart(text: string, fnName: string): number {
  const match = definition(fnName).exec(text);
  if (!match) return -1;
  const before = text.slice(0, match.index);
  return /async\s+$/.test(before) ? before.replace(/async\s+$/, '').length : match.index;
}

/** `export` and `export default` in front of a definition would make the code a module: drop them. */
const stripExport = (code: string): string =>
  code.replace(
    /^(\s*)export\s+(?:default\s+)?(?=(?:async\s+)?function\b|const\b|let\b|var\b|class\b)/gm,
    '$1',
  );

/** From the definition of `fnName` (after any prose on its line) to the last line that closes a block or statement. */
function fromDefinition(text: string, fnName: string): string | null {
  const start = definitionStart(text, fnName);
  if (start < 0) return null;
  const lines = text.slice(start).split('\n');
  let end = lines.length - 1;
  while (end > 0 && !/[};]\s*$/.test(lines[end] as string)) end--;
  return lines.slice(0, end + 1).join('\n');
}

/** Find the code in a reply. Never throws. */
export function extractCode(text: string, fnName: string): ExtractedCode {
  const { content, tagged } = extractAnswer(text);
  let code: string | null;
  if (tagged) {
    code = content === null ? null : (fenced(content, fnName) ?? content);
  } else {
    const visible = stripThinking(text);
    code = fenced(visible, fnName) ?? (content === null ? null : fromDefinition(content, fnName));
  }
  const trimmed = code === null ? '' : stripExport(code).trim();
  return { code: trimmed === '' ? null : trimmed, tagged };
}
