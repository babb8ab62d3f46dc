/**
 * From what a teacher wrote to what the student reads: a reasoning block dropped, a scratchpad's
 * thinking set aside, a word limit applied. One place, so every teacher (model, rule, person) is cut
 * by the same rule.
 */
import type { TeacherOptions } from './vocabulary';

/** Drop a reasoning model's `<think>…</think>` block (and an unclosed one cut off by maxTokens). */
export function cleanTeacherText(raw: string): string {
  const closed = raw.replace(/<think>[\s\S]*?<\/think>/gi, '');
  const open = closed.search(/<think>/i);
  return (open >= 0 ? closed.slice(0, open) : closed).trim();
}

/**
 * `text` cut to its first `limit` words (whitespace-separated), with whether anything was cut. A cut
 * message ends with "…" so the student can tell it was cut rather than finished.
 */
export function limitWords(text: string, limit: number): { text: string; cut: boolean } {
  const words = text.trim().split(/\s+/).filter(Boolean);
  if (words.length <= limit) return { text: text.trim(), cut: false };
  return { text: `${words.slice(0, limit).join(' ')}…`, cut: true };
}

/** A teacher draft read for the student: the text to send, and what was set aside or cut. */
export interface TeacherDraft {
  /** What the student reads (before the leak guard). */
  text: string;
  /** A scratchpad teacher's thinking, never sent to the student; absent when there was none. */
  scratchpad?: string;
  /** The word limit when the draft was cut to it; absent when it was not cut. */
  cutToWords?: number;
}

/**
 * Read a model teacher's raw output under its options. With a scratchpad, the student gets only what
 * is inside `<feedback>` (an unclosed one, cut off by the token limit, counts to the end); a model
 * that ignored the format is read as a plain teacher (its `<think>` dropped). Then the word limit.
 */
export function readTeacherDraft(raw: string, options: TeacherOptions = {}): TeacherDraft {
  let text = cleanTeacherText(raw);
  let scratchpad: string | undefined;
  if (options.scratchpad) {
    const feedback = /<feedback>([\s\S]*?)(?:<\/feedback>|$)/i.exec(raw);
    const thought = /<think>([\s\S]*?)(?:<\/think>|$)/i.exec(raw)?.[1]?.trim();
    if (feedback) text = feedback[1]!.replace(/<\/?think>/gi, '').trim();
    if (thought) scratchpad = thought;
  }
  return { ...applyWordLimit(text, options), ...(scratchpad !== undefined ? { scratchpad } : {}) };
}

/** `text` under the options' word limit (none: unchanged), for any teacher's message. */
export function applyWordLimit(text: string, options: TeacherOptions = {}): TeacherDraft {
  if (options.wordLimit === undefined) return { text };
  const limited = limitWords(text, options.wordLimit);
  return limited.cut ? { text: limited.text, cutToWords: options.wordLimit } : { text: limited.text };
}
