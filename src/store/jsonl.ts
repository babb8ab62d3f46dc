/**
 * The JSONL export format (pure functions, no IndexedDB): a header line
 * `{ kind: 'plasticity-lab-export', schemaVersion, appVersion, exportedAt, count }`, then one line per
 * episode `{ episode, turns }`. Parsing validates every line and reports every problem with its line
 * number, so an import is either whole or refused. An import reads the file as a stream (`openJsonl`),
 * so its size is not bounded by what one string can hold.
 */
import * as v from 'valibot';
import { jsonShapeProblem } from './jsonl-guard';
import { storedTaskProblems } from '../core/envs/stored-task';
import { SCHEMA_VERSION } from './constants';
import { EXPORT_KIND, EpisodeLineSchema, ExportHeaderSchema, type ExportHeader } from './jsonl-schema';
import { fileLines, NotUtf8Error, type NumberedLine } from './jsonl-lines';
import type { EpisodeWithTurns } from './records';

export { EXPORT_KIND, type ExportHeader } from './jsonl-schema';

/** A problem found while parsing, at a 1-based line of the file. */
export interface JsonlProblem {
  line: number;
  reason: string;
}

export type ParseEpisodesResult =
  { ok: true; header: ExportHeader; episodes: EpisodeWithTurns[] } | { ok: false; errors: JsonlProblem[] };

/** Problems listed before the rest are summed up in one last entry. */
const MAX_PROBLEMS = 50;

/**
 * Schema versions whose export lines this build reads: every one up to its own. Version 2 changed how
 * turns are stored and version 3 added indexes, neither the file: a line holds every turn with its
 * full prompts in all of them, so a backup made by any earlier lab imports.
 */
const READABLE_VERSIONS = new Set(Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1));

/** One episode's line of an export (without the line end). */
export function episodeLine({ episode, turns }: EpisodeWithTurns): string {
  return JSON.stringify({ episode, turns });
}

/** The header line (without its line end) of an export of `count` episodes. */
export function headerLine(header: Omit<ExportHeader, 'kind' | 'count'>, count: number): string {
  const head: ExportHeader = {
    kind: EXPORT_KIND,
    schemaVersion: header.schemaVersion,
    appVersion: header.appVersion,
    exportedAt: header.exportedAt,
    count,
  };
  return JSON.stringify(head);
}

/** The media type of an export file. */
export const JSONL_TYPE = 'application/x-ndjson';

/**
 * An export file from its episode lines (made by `episodeLine`): the header line first, every line
 * ending in '\n'. `count` is filled in from the lines. A Blob, so tens of megabytes are never joined
 * into one string, and it passes between the worker and the page without a copy.
 */
export function jsonlBlob(header: Omit<ExportHeader, 'kind' | 'count'>, lines: readonly string[]): Blob {
  const parts: string[] = [headerLine(header, lines.length), '\n'];
  for (const line of lines) parts.push(line, '\n');
  return new Blob(parts, { type: JSONL_TYPE });
}

/**
 * Serialise episodes as JSONL: the header line, then one `{ episode, turns }` per line, each line
 * ending in '\n'. `count` is filled in from the episodes.
 */
export function exportEpisodesJsonl(
  header: Omit<ExportHeader, 'kind' | 'count'>,
  episodes: readonly EpisodeWithTurns[],
): string {
  const lines = episodes.map(episodeLine);
  return `${headerLine(header, lines.length)}\n${lines.map((line) => `${line}\n`).join('')}`;
}

/**
 * Parse and validate an export. Blank lines are ignored; '\r\n' line ends and a leading BOM are fine.
 * Checks each line against the schema and the episode's own consistency (turns numbered 1..n and
 * matching turnsDone, indexed fields matching the config), ids unique, and the header's count.
 * Never throws: problems come back as `{ ok: false, errors }`. (An import reads the file as a stream
 * instead: `openJsonl`.)
 */
export function parseEpisodesJsonl(text: string): ParseEpisodesResult {
  const problems = new Problems();
  const numbered = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((content, i) => ({ line: i + 1, content }));
  const first = numbered.find(nonBlank);
  if (first === undefined) return { ok: false, errors: [EMPTY] };
  const header = readHeader(first, problems);
  if (header === null) return { ok: false, errors: problems.list() };
  const reader = episodeReader(header, problems);
  const episodes = numbered
    .slice(first.line)
    .map(reader.read)
    .filter((item): item is EpisodeWithTurns => item !== null);
  reader.finish();
  if (problems.found) return { ok: false, errors: problems.list() };
  return { ok: true, header, episodes };
}

/** An export whose header is valid, read on as a stream (`openJsonl`). */
export interface JsonlStream {
  ok: true;
  header: ExportHeader;
  /**
   * The file's valid episodes in order, one batch per chunk read (so a caller can store a batch while
   * the next is read and parsed). Problems found go to `errors()`; the header's count is checked at
   * the end. Closing it early stops reading the file.
   */
  batches: AsyncGenerator<EpisodeWithTurns[], void, undefined>;
  /** Whether a problem has been found so far (the import is then refused). */
  readonly refused: boolean;
  /** The problems found so far, in line order (at most MAX_PROBLEMS, the rest summed up). */
  errors(): JsonlProblem[];
}

/**
 * Open an export for reading as a stream: the header is read at once, the episode lines as
 * `batches` is iterated, so a file of any size is read in bounded memory (only the chunk at hand
 * and the ids seen). Refused outright (`{ ok: false }`) when it is empty, not UTF-8, or its header
 * is not valid.
 */
export async function openJsonl(file: Blob): Promise<JsonlStream | { ok: false; errors: JsonlProblem[] }> {
  const problems = new Problems();
  const lines = fileLines(file, MAX_LINE_CHARS);
  let first: NumberedLine | undefined;
  let rest: NumberedLine[] = [];
  try {
    while (first === undefined) {
      const next = await lines.next();
      if (next.done) return { ok: false, errors: [EMPTY] };
      const at = next.value.findIndex(nonBlank);
      if (at !== -1) [first, rest] = [next.value[at], next.value.slice(at + 1)];
    }
  } catch (error) {
    await lines.return(undefined);
    if (error instanceof NotUtf8Error)
      return { ok: false, errors: [{ line: error.line, reason: error.message }] };
    throw error;
  }
  const header = readHeader(first, problems);
  if (header === null) {
    await lines.return(undefined);
    return { ok: false, errors: problems.list() };
  }
  const reader = episodeReader(header, problems);
  const valid = (batch: NumberedLine[]) =>
    batch.map(reader.read).filter((item): item is EpisodeWithTurns => item !== null);

  async function* batches(): AsyncGenerator<EpisodeWithTurns[], void, undefined> {
    try {
      yield valid(rest);
      rest = [];
      for (;;) {
        const next = await lines.next();
        if (next.done) break;
        yield valid(next.value);
      }
      reader.finish();
    } catch (error) {
      if (!(error instanceof NotUtf8Error)) throw error;
      problems.push({ line: error.line, reason: error.message });
    } finally {
      await lines.return(undefined);
    }
  }
  return {
    ok: true,
    header,
    batches: batches(),
    get refused() {
      return problems.found;
    },
    errors: () => problems.list(),
  };
}

/** The problem of a file with no line but blank ones. */
const EMPTY: JsonlProblem = { line: 1, reason: 'The file is empty.' };

const nonBlank = (l: NumberedLine) => l.content === null || l.content.trim() !== '';

/**
 * The longest line an import reads, in characters. Far above any episode this lab writes, and far
 * below V8's string limit, so one absurd line costs a problem, not the tab.
 */
export const MAX_LINE_CHARS = 128 * 2 ** 20;

function tooLong(line: number): JsonlProblem {
  return {
    line,
    reason: `The line is longer than ${MAX_LINE_CHARS / 2 ** 20} M characters: no episode this lab writes is that long, so the file is damaged or not an export.`,
  };
}

/** The header from the file's first non-blank line, or null (the problem recorded). */
function readHeader({ line, content }: NumberedLine, problems: Problems): ExportHeader | null {
  if (content === null) {
    problems.push(tooLong(line));
    return null;
  }
  const errors: JsonlProblem[] = [];
  const header = parseHeader(content, line, errors);
  for (const problem of errors) problems.push(problem);
  return header;
}

/**
 * Reads the episode lines after the header, one at a time, in file order: `read` gives a line's
 * episode or null (blank, or bad: the problem recorded, duplicates of earlier ids included);
 * `finish`, after the last line, checks the header's count.
 */
function episodeReader(header: ExportHeader, problems: Problems) {
  const seen = new Map<string, number>();
  let found = 0;
  let lastLine = 1;
  return {
    read: ({ line, content }: NumberedLine): EpisodeWithTurns | null => {
      if (content !== null && content.trim() === '') return null;
      found++;
      lastLine = line;
      if (content === null) {
        problems.push(tooLong(line));
        return null;
      }
      const errors: JsonlProblem[] = [];
      const item = parseEpisodeLine(content, line, errors);
      for (const problem of errors) problems.push(problem);
      if (item === null) return null;
      const earlier = seen.get(item.episode.id);
      if (earlier !== undefined) {
        problems.push({
          line,
          reason: `Episode id ${item.episode.id} appears twice (first on line ${earlier}).`,
        });
        return null;
      }
      seen.set(item.episode.id, line);
      return item;
    },
    finish: (): void => {
      if (found === header.count) return;
      problems.push({
        line: lastLine + (found < header.count ? 1 : 0),
        reason:
          `The header announces ${header.count} episode${header.count === 1 ? '' : 's'} but the file has ${found}` +
          (found < header.count ? ': it looks cut short.' : '.'),
      });
    },
  };
}

/**
 * The problems of a file, found in line order: the first MAX_PROBLEMS are kept and the rest only
 * counted, so a file whose every line is bad costs no more memory than a good one.
 */
class Problems {
  readonly #kept: JsonlProblem[] = [];
  #more = 0;

  get found(): boolean {
    return this.#kept.length > 0;
  }

  push(problem: JsonlProblem): void {
    if (this.#kept.length < MAX_PROBLEMS) this.#kept.push(problem);
    else this.#more++;
  }

  /** The kept problems, and the rest summed up in one last entry. */
  list(): JsonlProblem[] {
    if (this.#more === 0) return [...this.#kept];
    const last = this.#kept.at(-1)?.line ?? 1;
    return [...this.#kept, { line: last, reason: `…and ${this.#more} more problems.` }];
  }
}

/** The header of an export from its first line, or null with the problems added to `errors`. */
export function parseHeader(content: string, line: number, errors: JsonlProblem[]): ExportHeader | null {
  const json = parseJson(content, line, errors);
  if (json === undefined) return null;
  if (typeof json !== 'object' || json === null || (json as { kind?: unknown }).kind !== EXPORT_KIND) {
    errors.push({
      line,
      reason: `This is not a Plasticity Lab export: the first line must be a header with kind '${EXPORT_KIND}'.`,
    });
    return null;
  }
  const version = (json as { schemaVersion?: unknown }).schemaVersion;
  if (typeof version === 'number' && Number.isInteger(version) && !READABLE_VERSIONS.has(version)) {
    errors.push({
      line,
      reason:
        version > SCHEMA_VERSION
          ? `The file was exported by a newer Plasticity Lab (schema version ${version}; this one reads ` +
            `version ${SCHEMA_VERSION}). Update the lab, then import again.`
          : `Schema version ${version} is unknown to this Plasticity Lab (it reads version ${SCHEMA_VERSION}).`,
    });
    return null;
  }
  const shape = jsonShapeProblem(json);
  if (shape !== null) {
    errors.push({ line, reason: `Header: ${shape}` });
    return null;
  }
  const result = v.safeParse(ExportHeaderSchema, json);
  if (!result.success) {
    errors.push(...result.issues.map((issue) => ({ line, reason: `Header: ${describeIssue(issue)}` })));
    return null;
  }
  return result.output;
}

/**
 * `value` (the schema's output, whose objects are its own) with every object's keys in the order they
 * have in `model` (keys `model` lacks go last). What the schema passed through as it was (`model`
 * itself) and objects already in order are kept, their children put in order in place; only objects
 * whose keys the schema reordered are made anew. Half of a large import's parsing went into
 * rebuilding every object before.
 */
function orderLike(value: unknown, model: unknown): unknown {
  if (value === model || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const reference = Array.isArray(model) ? model : [];
    for (let i = 0; i < value.length; i++) value[i] = orderLike(value[i], reference[i]);
    return value;
  }
  const source = value as Record<string, unknown>;
  const reference = model !== null && typeof model === 'object' ? (model as Record<string, unknown>) : {};
  const keys = Object.keys(source);
  const order = Object.keys(reference);
  if (keys.length === order.length && keys.every((key, i) => key === order[i])) {
    for (const key of keys) source[key] = orderLike(source[key], reference[key]);
    return source;
  }
  const out: Record<string, unknown> = {};
  // Own keys only, and `"__proto__"` defined rather than assigned (assigned, it would set the
  // object's prototype): a file's key stays the data it is.
  const put = (key: string, item: unknown) => {
    if (key === '__proto__')
      Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
    else out[key] = item;
  };
  for (const key of order) {
    if (Object.hasOwn(source, key)) put(key, orderLike(source[key], reference[key]));
  }
  for (const key of keys) {
    if (!Object.hasOwn(out, key)) put(key, orderLike(source[key], undefined));
  }
  return out;
}

function parseEpisodeLine(content: string, line: number, errors: JsonlProblem[]): EpisodeWithTurns | null {
  const json = parseJson(content, line, errors);
  if (json === undefined) return null;
  const shape = jsonShapeProblem(json);
  if (shape !== null) {
    errors.push({ line, reason: shape });
    return null;
  }
  const result = v.safeParse(EpisodeLineSchema, json);
  if (!result.success) {
    errors.push(...result.issues.map((issue) => ({ line, reason: describeIssue(issue) })));
    return null;
  }
  // Validation rebuilds objects in the schema's key order; put them back in the file's order so an
  // export imported and exported again is the same, byte for byte.
  const item = orderLike(result.output, json) as EpisodeWithTurns;
  const problems = consistencyProblems(item);
  if (problems.length > 0) {
    errors.push(...problems.map((reason) => ({ line, reason: `Episode ${item.episode.id}: ${reason}` })));
    return null;
  }
  return item;
}

/** What a well-formed line can still get wrong: the invariants the store keeps. */
function consistencyProblems({ episode, turns }: EpisodeWithTurns): string[] {
  const problems: string[] = [];
  const { config } = episode;
  if (turns.length > config.turnBudget) {
    problems.push(`${turns.length} turns are listed but the turn budget is ${config.turnBudget}.`);
  }
  turns.forEach((turn, i) => {
    if (turn.turn !== i + 1) problems.push(`turn ${i + 1} is numbered ${turn.turn}.`);
  });
  if (episode.turnsDone !== turns.length) {
    problems.push(`turnsDone is ${episode.turnsDone} but ${turns.length} turns are listed.`);
  }
  if (episode.envId !== config.envId || episode.task.envId !== config.envId) {
    problems.push(`envId, task.envId and config.envId differ.`);
  } else {
    problems.push(...storedTaskProblems(config, episode.task));
  }
  if (episode.conditionKind !== config.condition.kind)
    problems.push('conditionKind differs from config.condition.');
  const student = config.student.kind === 'human' ? 'human' : config.student.modelId;
  if (episode.studentModel !== student) problems.push('studentModel differs from config.student.');
  if ((episode.status === 'solved') !== (episode.solvedAtTurn !== null)) {
    problems.push('solvedAtTurn must be set exactly when the status is solved.');
  } else if (episode.solvedAtTurn !== null && episode.solvedAtTurn > turns.length) {
    problems.push(`solved at turn ${episode.solvedAtTurn} but only ${turns.length} turns are listed.`);
  }
  return problems;
}

function parseJson(content: string, line: number, errors: JsonlProblem[]): unknown {
  try {
    return JSON.parse(content) as unknown;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    errors.push({ line, reason: `Not valid JSON (the line may be cut short): ${detail}` });
    return undefined;
  }
}

function describeIssue(issue: v.BaseIssue<unknown>): string {
  const path = v.getDotPath(issue);
  return path === null ? issue.message : `${path}: ${issue.message}`;
}
