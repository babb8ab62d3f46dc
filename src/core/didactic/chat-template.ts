/**
 * The chat template of the tiny byte-level model trained in this browser: how a conversation
 * becomes the bytes it reads, which of them it is trained to write, and the compaction that keeps
 * a lab conversation inside its 512–1024-byte context. Training (`buildDataset`) and inference (the
 * "trained in this browser" engine) both format with this file, so the model never reads a
 * conversation written any other way.
 *
 * Contract:
 * - each message is one role byte ({@link ROLE_MARK}), its compacted content (UTF-8), and
 *   {@link END_MARK}; the four mark bytes never occur inside content (they are removed from it);
 * - {@link renderChat} renders a finished conversation (training); {@link renderPrompt} renders one
 *   that waits for the assistant: the same bytes followed by the assistant's role byte. The engine
 *   samples bytes until the model writes {@link END_MARK} (or any role byte), which ends its reply;
 * - {@link lossMask} marks, per byte of {@link renderChat}'s UTF-8, the assistant's own bytes (its
 *   content and the end mark that closes it, which teaches it to stop; never the role byte, which
 *   the prompt supplies);
 * - {@link compactMessage} is applied to every message by both renderers: what it drops, the model
 *   never reads, at training or inference. Version 1 drops, from what a lab episode sends:
 *   1. the student's system prompt (`PROMPTS.studentSystem`): the same words in every conversation;
 *   2. the fixed "try again" line that closes every between-attempt message
 *      (`studentFeedbackMessage`; every version's line), leaving the feedback itself;
 *   3. in user messages, every line of {@link FIXED_LINE_MIN_WORDS} or more words that is the same
 *      in every task of an environment once the inside of its `<answer>…</answer>` example is set
 *      aside (the instructions and the answer-format sentence with its example, found by generating
 *      sample items of each registered environment, so the rule follows the environments' own
 *      wording): what is left of a task is what differs between tasks (the maze and the
 *      coordinates of S and G, the expression, the numbers and target, the disks and pegs).
 *   A model trained under one version must be run under the same one: {@link chatTemplateId}
 *   names it (the version and a hash of the dropped texts), for a checkpoint to record.
 */
import type { ChatMessage, ChatRole } from '../engine';
import { environments } from '../envs/index';
import { PRESET_NAMES } from '../envs/types';
import { PROMPTS, TRY_AGAIN_BY_VERSION } from '../protocol/prompts';
import { canonicalJson, hashString } from '../rng';

/** Bumped whenever rendering or compaction would turn some conversation into different bytes. */
export const CHAT_TEMPLATE_VERSION = 1;

/** The byte that opens a message of each role. */
export const ROLE_MARK: Readonly<Record<ChatRole, string>> = Object.freeze({
  system: '\x01',
  user: '\x02',
  assistant: '\x03',
});

/** The byte that closes every message; the model writing it ends its reply. */
export const END_MARK = '\x04';

/** Any mark byte: removed from content, and a stop byte for generation. */
const MARKS = new RegExp(`[${Object.values(ROLE_MARK).join('')}${END_MARK}]`, 'g');

/** Items generated per (environment, preset) to find the lines every task shares. */
const SAMPLE_SEEDS = [1, 2, 3] as const;

/** Shorter lines ("}", "<answer>", "Examples:") are never dropped: they say too little to be sure. */
export const FIXED_LINE_MIN_WORDS = 5;

const encoder = new TextEncoder();

/** UTF-8 length of `text`: what the byte-level model counts. */
export function byteLength(text: string): number {
  return encoder.encode(text).length;
}

/** A line with the inside of its answer tags set aside: format examples differ there and only there. */
function lineKey(line: string): string {
  return line.replace(/<answer>[\s\S]*?<\/answer>/g, '<answer></answer>');
}

let fixedLines: ReadonlySet<string> | null = null;

/**
 * The keys of the task lines that compaction drops: for each registered environment, the lines
 * (by `lineKey`, of at least {@link FIXED_LINE_MIN_WORDS} words) that every sample item (each preset
 * × {@link SAMPLE_SEEDS}, index 0) has in its prompt. Computed once.
 */
export function fixedTaskLines(): ReadonlySet<string> {
  if (fixedLines) return fixedLines;
  const found = new Set<string>();
  for (const env of Object.values(environments)) {
    const samples = PRESET_NAMES.flatMap((preset) =>
      SAMPLE_SEEDS.map(
        (seed) => new Set(env.generate(env.presets[preset], seed, 0).prompt.split('\n').map(lineKey)),
      ),
    );
    const common = [...(samples[0] ?? [])].filter((key) => samples.every((keys) => keys.has(key)));
    for (const key of common)
      if (key.split(/\s+/).filter(Boolean).length >= FIXED_LINE_MIN_WORDS) found.add(key);
  }
  fixedLines = found;
  return found;
}

const TRY_AGAIN_LINES: readonly string[] = [...new Set(Object.values(TRY_AGAIN_BY_VERSION))];

/** A user message without its closing try-again line (`text\n\ntryAgain`, or the line alone). */
function withoutTryAgain(content: string): string {
  for (const line of TRY_AGAIN_LINES) {
    if (content === line) return '';
    if (content.endsWith(`\n\n${line}`)) return content.slice(0, -(line.length + 2));
  }
  return content;
}

/**
 * One message as the model reads it (see the module comment), or null when compaction drops it
 * whole. Mark bytes are removed from the content.
 */
export function compactMessage(message: ChatMessage): ChatMessage | null {
  const content = message.content.replace(MARKS, '');
  if (message.role === 'system')
    return content === PROMPTS.studentSystem ? null : { role: 'system', content };
  if (message.role === 'assistant') return { role: 'assistant', content };
  const fixed = fixedTaskLines();
  const kept = withoutTryAgain(content)
    .split('\n')
    .filter((line) => !fixed.has(lineKey(line)));
  return { role: 'user', content: kept.join('\n') };
}

/** Each message's rendered text ('' for a dropped one), in order, so indexes stay the caller's. */
function renderedParts(messages: readonly ChatMessage[]): string[] {
  return messages.map((m) => {
    const c = compactMessage(m);
    return c === null ? '' : `${ROLE_MARK[c.role]}${c.content}${END_MARK}`;
  });
}

/** A finished conversation as the model reads it (compacted, each message closed by the end mark). */
export function renderChat(messages: readonly ChatMessage[]): string {
  return renderedParts(messages).join('');
}

/**
 * A conversation that waits for the assistant's reply: {@link renderChat} of it, then the
 * assistant's role byte. The reply is what the model writes next, up to {@link END_MARK}.
 */
export function renderPrompt(messages: readonly ChatMessage[]): string {
  return renderChat(messages) + ROLE_MARK.assistant;
}

/** Which assistant messages are trained: every one, or only the last (the corrected attempt). */
export type TrainedTurns = 'all' | 'last';

/**
 * Per byte of `renderChat(messages)` as UTF-8, 1 where the byte is the model's own (the content of
 * a trained assistant message and the end mark after it), else 0.
 */
export function lossMask(messages: readonly ChatMessage[], trained: TrainedTurns = 'all'): Uint8Array {
  const parts = renderedParts(messages);
  const lastAssistant = messages.map((m) => m.role).lastIndexOf('assistant');
  const mask = new Uint8Array(byteLength(parts.join('')));
  let at = 0;
  parts.forEach((part, i) => {
    const size = byteLength(part);
    const own = messages[i]?.role === 'assistant' && (trained === 'all' || i === lastAssistant);
    // The role byte is the prompt's; the content and the end mark are the model's.
    if (own && size > 0) mask.fill(1, at + 1, at + size);
    at += size;
  });
  return mask;
}

/** The rendered bytes of a conversation with their loss mask, ready for a trainer. */
export interface RenderedExample {
  bytes: Uint8Array;
  mask: Uint8Array;
}

/** `renderChat(messages)` as UTF-8 bytes, with {@link lossMask}. */
export function renderTraining(
  messages: readonly ChatMessage[],
  trained: TrainedTurns = 'all',
): RenderedExample {
  return { bytes: encoder.encode(renderChat(messages)), mask: lossMask(messages, trained) };
}

/**
 * The template's identity: its version and a hash of what its compaction drops (the student
 * system prompt, the try-again lines, the fixed task lines), so a checkpoint can tell whether the
 * build running it formats conversations as the build that trained it did.
 */
export function chatTemplateId(): string {
  const dropped = [PROMPTS.studentSystem, TRY_AGAIN_LINES, [...fixedTaskLines()].sort()];
  return `byte-chat-v${CHAT_TEMPLATE_VERSION}-${hashString(canonicalJson(dropped)).toString(16).padStart(8, '0')}`;
}
