/**
 * The JSONL export format (pure functions, no IndexedDB): a header line
 * `{ kind: 'plasticity-lab-export', schemaVersion, appVersion, exportedAt, count }`, then one line per
 * episode `{ episode, turns }`. Parsing validates every line and reports every problem with its line
 * number, so an import is either whole or refused.
 */
import * as v from 'valibot';
import { SCHEMA_VERSION } from './constants';
import { EXPORT_KIND, EpisodeLineSchema, ExportHeaderSchema, type ExportHeader } from './jsonl-schema';
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
 * Schema versions whose export lines this build reads. Version 2 changed how turns are stored, not
 * the file: a line holds every turn with its full prompts in both.
 */
const READABLE_VERSIONS = new Set([1, SCHEMA_VERSION]);

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
 * Never throws: problems come back as `{ ok: false, errors }`.
 */
export function parseEpisodesJsonl(text: string): ParseEpisodesResult {
  const file = readJsonl(text);
  if (!file.ok) return file;
  const episodes = [...file.episodes()];
  if (file.problems.length > 0) return { ok: false, errors: capped(file.problems) };
  return { ok: true, header: file.header, episodes };
}

/** An export whose header is valid, its episode lines still to be read. */
export interface JsonlFile {
  ok: true;
  header: ExportHeader;
  /**
   * The valid episodes, line by line, as they are parsed (so a caller can store each while the next
   * is read). Every problem found is added to `problems`; the header's count is checked at the end.
   */
  episodes(): Generator<EpisodeWithTurns, void, undefined>;
  /** Problems found so far (all of them once `episodes()` has run to its end). */
  problems: JsonlProblem[];
}

/**
 * Read an export's header at once and its episode lines lazily (see `JsonlFile`); the file is
 * refused outright (`{ ok: false }`) when it is empty or its header is not valid.
 */
export function readJsonl(text: string): JsonlFile | { ok: false; errors: JsonlProblem[] } {
  const problems: JsonlProblem[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const numbered = lines
    .map((content, i) => ({ line: i + 1, content }))
    .filter((l) => l.content.trim() !== '');

  const first = numbered[0];
  if (first === undefined) return { ok: false, errors: [{ line: 1, reason: 'The file is empty.' }] };
  const parsed = parseHeader(first.content, first.line, problems);
  if (parsed === null) return { ok: false, errors: problems };
  const header: ExportHeader = parsed;

  function* episodes(): Generator<EpisodeWithTurns, void, undefined> {
    const seen = new Map<string, number>();
    for (const { line, content } of numbered.slice(1)) {
      const item = parseEpisodeLine(content, line, problems);
      if (item === null) continue;
      const earlier = seen.get(item.episode.id);
      if (earlier !== undefined) {
        problems.push({
          line,
          reason: `Episode id ${item.episode.id} appears twice (first on line ${earlier}).`,
        });
        continue;
      }
      seen.set(item.episode.id, line);
      yield item;
    }
    const found = numbered.length - 1;
    if (found !== header.count) {
      problems.push({
        line: (numbered.at(-1)?.line ?? 1) + (found < header.count ? 1 : 0),
        reason:
          `The header announces ${header.count} episode${header.count === 1 ? '' : 's'} but the file has ${found}` +
          (found < header.count ? ': it looks cut short.' : '.'),
      });
    }
  }
  return { ok: true, header, episodes, problems };
}

/** At most MAX_PROBLEMS problems in line order, the rest summed up in one last entry. */
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
  const result = v.safeParse(ExportHeaderSchema, json);
  if (!result.success) {
    errors.push(...result.issues.map((issue) => ({ line, reason: `Header: ${describeIssue(issue)}` })));
    return null;
  }
  return result.output;
}

/** `value` with every object's keys in the order they have in `model` (keys `model` lacks go last). */
function orderLike(value: unknown, model: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map((item, i) => orderLike(item, Array.isArray(model) ? model[i] : undefined));
  }
  if (value === null || typeof value !== 'object') return value;
  const source = value as Record<string, unknown>;
  const reference = model !== null && typeof model === 'object' ? (model as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(reference)) {
    if (key in source) out[key] = orderLike(source[key], reference[key]);
  }
  for (const key of Object.keys(source)) {
    if (!(key in out)) out[key] = orderLike(source[key], undefined);
  }
  return out;
}

function parseEpisodeLine(content: string, line: number, errors: JsonlProblem[]): EpisodeWithTurns | null {
  const json = parseJson(content, line, errors);
  if (json === undefined) return null;
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
  turns.forEach((turn, i) => {
    if (turn.turn !== i + 1) problems.push(`turn ${i + 1} is numbered ${turn.turn}.`);
  });
  if (episode.turnsDone !== turns.length) {
    problems.push(`turnsDone is ${episode.turnsDone} but ${turns.length} turns are listed.`);
  }
  if (episode.envId !== config.envId || episode.task.envId !== config.envId) {
    problems.push(`envId, task.envId and config.envId differ.`);
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

/** At most MAX_PROBLEMS problems in line order, the rest summed up in one last entry. */
export function capped(errors: JsonlProblem[]): JsonlProblem[] {
  const sorted = [...errors].sort((a, b) => a.line - b.line);
  if (sorted.length <= MAX_PROBLEMS) return sorted;
  const rest = sorted.length - MAX_PROBLEMS;
  const last = sorted[MAX_PROBLEMS - 1]?.line ?? 1;
  return [...sorted.slice(0, MAX_PROBLEMS), { line: last, reason: `…and ${rest} more problems.` }];
}
