/** Lenient reading of a student's maze answer: the last `<answer>` tag wins, many move spellings accepted. */
import { readCells } from './cells';
import type { Cell, Move } from './types';

/** Where the moves were read from. */
export type AnswerSource = 'tag' | 'unclosed-tag' | 'bare-line' | 'none';

export interface ParsedAnswer {
  source: AnswerSource;
  /** The moves, or null when nothing could be read (see `empty`) or the answer lists cells (`cells`). */
  moves: Move[] | null;
  /** True when an answer tag was found but held nothing but whitespace. */
  empty: boolean;
  /** Set when the answer is a list of cells rather than moves (`moves` is then null): see `cells.ts`. */
  cells?: Cell[];
}

// An opening tag (group 1 unset) or a closing tag (group 1 = "/").
const TAGS = /<\s*(\/)?\s*answer\s*>/gi;
const WORDS = /\b(up|down|left|right|north|south|west|east)\b/gi;
const WORD_TO_MOVE: Record<string, Move> = {
  up: 'U',
  north: 'U',
  down: 'D',
  south: 'D',
  left: 'L',
  west: 'L',
  right: 'R',
  east: 'R',
};
const ARROWS = /[↑↓←→⬆⬇⬅➡]/g;
const ARROW_TO_MOVE: Record<string, Move> = {
  '↑': 'U',
  '⬆': 'U',
  '↓': 'D',
  '⬇': 'D',
  '←': 'L',
  '⬅': 'L',
  '→': 'R',
  '➡': 'R',
};
// Separators between moves: spaces, punctuation, markdown, and the pieces of "->" arrows.
const SEPARATORS = /[\s,;|/.*`'"()[\]{}<>=+\-\u200b]+/;
const TAG_TOKEN = /^[UDLRudlr]+$/;
// Outside a tag a run of letters must be capitals (RRD) or single letters, so "dull" is not read as moves.
const LOOSE_TOKEN = /^(?:[UDLR]+|[udlr])$/;

function movesFromSegment(segment: string, insideTag: boolean): Move[] | null {
  const mapped = segment
    .replace(/\ufe0f/g, '') // emoji variation selector after arrows such as ➡️
    .replace(WORDS, (w) => WORD_TO_MOVE[w.toLowerCase()] ?? w)
    .replace(ARROWS, (a) => ` ${ARROW_TO_MOVE[a] ?? a} `);
  const tokens = mapped.split(SEPARATORS).filter((t) => t.length > 0);
  if (tokens.length === 0) return null;
  const pattern = insideTag ? TAG_TOKEN : LOOSE_TOKEN;
  const moves: Move[] = [];
  for (const token of tokens) {
    if (!pattern.test(token)) return null;
    for (const ch of token) moves.push(ch.toUpperCase() as Move);
  }
  return moves;
}

/**
 * Read moves from a piece of text. Accepts `R R D`, `RRD`, `R,R,D`, `right, right, down`, arrows `→→↓`,
 * and a leading label (`Path: R R D`). Inside a tag lowercase runs such as `rrd` are read too; outside one
 * (`insideTag` false) a run of letters must be capitals, so English words like "dull" are not taken for moves.
 */
export function parseMoves(text: string, insideTag = true): Move[] | null {
  const direct = movesFromSegment(text, insideTag);
  if (direct) return direct;
  const colon = text.lastIndexOf(':');
  return colon >= 0 ? movesFromSegment(text.slice(colon + 1), insideTag) : null;
}

/**
 * Find the student's answer in raw model output. The last closed `<answer>…</answer>` wins; an opening
 * tag after it that never closes (a truncated reply) is read to the end of the text when it holds moves;
 * with no tag at all, the last line that consists only of moves (or only of cells) is read.
 */
export function parseAnswer(text: string): ParsedAnswer {
  const raw = typeof text === 'string' ? text : '';
  let openEnd = -1; // end of an opening tag not yet closed
  let bodyStart = -1;
  let bodyEnd = -1;
  for (const m of raw.matchAll(TAGS)) {
    const at = m.index ?? 0;
    if (m[1] === undefined) {
      openEnd = at + m[0].length;
    } else if (openEnd >= 0) {
      // A closing tag pairs with the nearest opening tag before it; the last such pair wins.
      bodyStart = openEnd;
      bodyEnd = at;
      openEnd = -1;
    }
  }
  const closed = bodyStart >= 0 ? fromBody(raw.slice(bodyStart, bodyEnd), 'tag') : null;
  if (openEnd >= 0) {
    // A trailing tag that never closes (a truncated reply) wins if it reads as moves; otherwise it is
    // probably prose ("use the <answer> tag") and an earlier complete answer stands.
    const unclosed = fromBody(raw.slice(openEnd), 'unclosed-tag');
    if (unclosed.moves || unclosed.cells || !closed) return unclosed;
  }
  if (closed) return closed;
  const lines = raw.split(/\r?\n/);
  for (let i = lines.length - 1; i >= 0; i--) {
    const moves = parseMoves(lines[i] as string, false);
    if (moves) return { source: 'bare-line', moves, empty: false };
    const cells = readCells(lines[i] as string);
    if (cells) return { source: 'bare-line', moves: null, empty: false, cells };
  }
  return { source: 'none', moves: null, empty: false };
}

function fromBody(body: string, source: AnswerSource): ParsedAnswer {
  if (body.trim() === '') return { source, moves: null, empty: true };
  const cells = readCells(body);
  if (cells) return { source, moves: null, empty: false, cells };
  return { source, moves: parseMoves(body, true), empty: false };
}
