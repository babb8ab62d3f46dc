/**
 * The environment's own reading of a teacher message: a message from which the verifier extracts a
 * correct answer gives the answer away, however it is worded (a grid with box rules, "A and C are
 * knights", another expression that makes the target, a list of cells). This catches paraphrase the
 * token rules of `leak-guard.ts` cannot, with no rule per environment beyond its reader.
 */
import type { Environment, Task } from '../envs/types';
import { attemptEdits } from './leak-edits';
import { checkLeak, type LeakCheckOptions } from './leak-guard';
import { digitsInOrder, directionMoves, spellOutArithmetic, workedExpressions } from './leak-normalise';
import { placeValueNumber, respectively, withLegend } from './leak-legend';
import type { LeakCheck } from './types';

/** A run of this many words copied from the task's own text is a restatement, not an answer. */
export const COPIED_RUN_WORDS = 5;

/** Lines longer than this are not read one by one (a message is a few sentences). */
const MAX_LINES_READ = 40;

/**
 * The spans of a message read as an answer: the whole of it, each line, and what follows a colon in
 * a line ("Then: 2>1 2>3 …", "Walk through these cells: (4,2) → …"), where a teacher puts a list.
 */
function spans(message: string): string[] {
  const lines = message.split('\n').filter((l) => l.trim());
  const out = new Set<string>([message]);
  for (const line of lines.slice(0, MAX_LINES_READ)) {
    out.add(line);
    const colon = line.lastIndexOf(':');
    if (colon >= 0 && colon < line.length - 1) out.add(line.slice(colon + 1));
  }
  return [...out];
}

/**
 * Each span as written, with its spelled numbers and arithmetic words in symbols ("nine times four
 * plus three" → "9 * 4 + 3"), as the moves its direction words spell ("left five times, down
 * twice" → "L L L L L D D"), and as the expression its worked steps build: the shared
 * normalisation, so each reader also sees a worded answer.
 */
function candidates(message: string): string[] {
  const out = new Set<string>();
  for (const span of spans(message)) {
    out.add(span);
    out.add(spellOutArithmetic(span));
    const moves = directionMoves(span);
    if (moves !== null) out.add(moves);
    for (const built of workedExpressions(span)) out.add(built);
    const digits = digitsInOrder(span, /\bcolumns?\b/i.test(span));
    if (digits !== null) out.add(digits);
    for (const coded of [withLegend(span), respectively(span), placeValueNumber(span)])
      if (coded !== null) out.add(coded);
  }
  return [...out];
}

/**
 * Whether the environment's verifier reads a correct answer in `message`: the whole message, or any
 * one of its lines. Environments whose verifier runs elsewhere (`verifyAsync`, the code sandbox) are
 * not read: running a teacher's words as a program is not a check (see {@link writesTaskFunction}).
 */
export function readsAsCorrectAnswer(env: Environment, task: Task, message: string): boolean {
  if (env.verifyAsync !== undefined || !message.trim()) return false;
  return candidates(message).some((text) => env.verify(task, text).correct);
}

const squeeze = (text: string) => text.replace(/\s+/g, '');

/**
 * For a task whose answer is a program: whether `message` writes the function the task asks for
 * (`function name(` in the task's text), with a body that returns something. It is not run, so it
 * may be wrong; a whole candidate program is still the answer handed over. A function the student
 * wrote (found in `attempt`) is quoted back, not given.
 */
export function writesTaskFunction(task: Task, message: string, attempt?: string): boolean {
  const name = /\bfunction\s+([A-Za-z_$][\w$]*)\s*\(/.exec(task.prompt)?.[1];
  if (name === undefined) return false;
  const escaped = name.replace(/\$/g, '\\$');
  const start = new RegExp(`(?:function\\s+${escaped}\\s*\\(|(?:const|let|var)\\s+${escaped}\\s*=)`).exec(
    message,
  );
  if (!start) return false;
  const body = definitionText(message.slice(start.index));
  if (!/\breturn\b|=>/.test(body)) return false;
  return attempt === undefined || !squeeze(attempt).includes(squeeze(body));
}

/**
 * The definition at the start of `text`: up to the brace that closes its first block, or its first
 * line when it has no block (`const f = (s) => …;`), so prose after it is not part of it.
 */
function definitionText(text: string): string {
  const open = text.indexOf('{');
  const lineEnd = text.indexOf('\n');
  if (open < 0 || (lineEnd >= 0 && lineEnd < open && !/=>\s*$/.test(text.slice(0, lineEnd))))
    return lineEnd < 0 ? text : text.slice(0, lineEnd);
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return text.slice(0, i + 1);
  }
  return text;
}

/**
 * For a task whose answer is a program: whether the code `message` quotes (its backtick spans and
 * fenced blocks, read together) is a whole body for the function the task asks for: a `return` of an
 * expression over the function's own parameters, with every parameter used. A student who pastes it
 * inside the signature has the answer. Code the student wrote (in `attempt`) is quoted back, not given.
 */
export function writesTaskBody(task: Task, message: string, attempt?: string): boolean {
  const params = /\bfunction\s+[A-Za-z_$][\w$]*\s*\(([^)]*)\)/.exec(task.prompt)?.[1];
  if (params === undefined) return false;
  const names = params
    .split(',')
    .map((p) => p.trim().replace(/\s*=.*$/, ''))
    .filter((p) => /^[A-Za-z_$][\w$]*$/.test(p));
  if (names.length === 0) return false;
  const code = [...message.matchAll(/```[\w-]*\n?([\s\S]*?)```|`([^`\n]+)`/g)]
    .map((m) => (m[1] ?? m[2] ?? '').trim())
    .filter((c) => attempt === undefined || !squeeze(attempt).includes(squeeze(c)));
  const joined = code.join('\n');
  const returned = /\breturn\s+([^;\n]+)/.exec(joined)?.[1] ?? '';
  if (!/[A-Za-z_$(]/.test(returned)) return false;
  const uses = (name: string) =>
    new RegExp(`(?<![\\w$.])${name.replace(/\$/g, '\\$')}(?![\\w$])`).test(joined);
  return names.every(uses) && /[-+*/<>=!%&|?.(]/.test(joined.replace(/\breturn\b/, ''));
}

const wordKey = (word: string) => word.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/**
 * `message` without the runs of {@link COPIED_RUN_WORDS} or more words it copies from `taskText`
 * (line by line): a teacher quoting the knights' statements, the maze legend or the numbers to use
 * says nothing the student was not given. The task text never holds the answer (format examples are
 * answer-independent), so what is removed cannot hide a leak.
 */
export function withoutTaskText(message: string, taskText: string): string {
  const taskWords = taskText.split(/\s+/).map(wordKey).filter(Boolean);
  const runs = new Set<string>();
  for (let i = 0; i + COPIED_RUN_WORDS <= taskWords.length; i++)
    runs.add(taskWords.slice(i, i + COPIED_RUN_WORDS).join(' '));
  return message
    .split('\n')
    .map((line) => {
      const words = line.split(/\s+/).filter(Boolean);
      const keys = words.map(wordKey);
      // Punctuation alone ("=", "→") is not a word: runs are counted over the words around it.
      const keyed = keys.flatMap((k, i) => (k ? [i] : []));
      const copied = new Array<boolean>(words.length).fill(false);
      for (let i = 0; i + COPIED_RUN_WORDS <= keyed.length; i++) {
        const run = keyed.slice(i, i + COPIED_RUN_WORDS);
        if (!runs.has(run.map((k) => keys[k]).join(' '))) continue;
        for (let j = run[0] ?? 0; j <= (run[run.length - 1] ?? -1); j++) copied[j] = true;
      }
      return words.filter((_, i) => !copied[i]).join(' ');
    })
    .join('\n');
}

/**
 * Whether an edit the message names, applied to the student's attempt (leak-edits.ts), gives an
 * answer the verifier reads as correct. Not for answers run elsewhere (see {@link readsAsCorrectAnswer}).
 */
function editsToCorrectAnswer(env: Environment, task: Task, message: string, attempt?: string): boolean {
  if (env.verifyAsync !== undefined) return false;
  return attemptEdits(message, attempt).some((text) => env.verify(task, text).correct);
}

/** The most edits the asynchronous guard runs in the sandbox for one message: each is a program run. */
export const MAX_SANDBOXED_EDITS = 6;

/**
 * {@link guardTeacherMessage}, and for an environment whose verifier runs elsewhere (the code
 * sandbox), also the edits the message names applied to the student's program and run there: "change
 * `a - b` to `a + b`" leaks if the edited program passes, however the rest is worded. The protocol
 * uses this one; the synchronous guard stays for callers that cannot wait (the hints' own check).
 */
export async function guardTeacherMessageAsync(
  env: Environment,
  task: Task,
  message: string,
  options: LeakCheckOptions = {},
): Promise<LeakCheck> {
  const check = guardTeacherMessage(env, task, message, options);
  if (check.leaked || env.verifyAsync === undefined) return check;
  const edits = attemptEdits(message, options.attempt).slice(0, MAX_SANDBOXED_EDITS);
  if (edits.length > 0) await env.prepare?.();
  for (const edited of edits) {
    // An edit is of the attempt's answer (inside its tags): it is run as the student would send it.
    if ((await env.verifyAsync(task, `<answer>\n${edited}\n</answer>`)).correct)
      return { leaked: true, overlap: check.overlap, reason: 'the checker reads a correct answer in it' };
  }
  return check;
}

/**
 * Whether the whole message (task text included) reads as a correct answer where the task's own text
 * does not: the words a teacher shares with the task ("B is a knave, and C is a knight" is also what
 * one of the knights says) can be the answer itself, and setting them aside must not hide it. A
 * message that only restates the task reads no better than the task.
 */
function readsBeyondTask(env: Environment, task: Task, message: string, own: string): boolean {
  if (own === message) return false;
  return readsAsCorrectAnswer(env, task, message) && !readsAsCorrectAnswer(env, task, task.prompt);
}

/**
 * The leak guard on a teacher message, once the text it copies from the task is set aside
 * ({@link withoutTaskText}): the token rules of {@link checkLeak}, then the environment's own reading
 * ({@link readsAsCorrectAnswer}), or for a program run in a sandbox, whether it writes the function
 * ({@link writesTaskFunction}).
 */
export function guardTeacherMessage(
  env: Environment,
  task: Task,
  message: string,
  options: LeakCheckOptions = {},
): LeakCheck {
  const own = withoutTaskText(message, task.prompt);
  const tokens = checkLeak(own, task.solution, options);
  if (tokens.leaked) return tokens;
  if (
    readsAsCorrectAnswer(env, task, own) ||
    readsBeyondTask(env, task, message, own) ||
    editsToCorrectAnswer(env, task, message, options.attempt)
  )
    return { leaked: true, overlap: tokens.overlap, reason: 'the checker reads a correct answer in it' };
  if (
    env.verifyAsync !== undefined &&
    (writesTaskFunction(task, own, options.attempt) || writesTaskBody(task, own, options.attempt))
  )
    return { leaked: true, overlap: tokens.overlap, reason: 'it writes the function the task asks for' };
  return tokens;
}
