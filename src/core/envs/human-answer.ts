/**
 * How a person answers each environment: the format in plain words, and a template to start from
 * (the sudoku grid with its dots, one line per knights islander, the code's function header). The
 * task prompt's format is written for a model (answer tags, one line); a person types the answer
 * itself and the page wraps it. Every template is answer-independent: it is built from what the task
 * shows, never from its solution.
 */
import type { Task } from './types';
import type { CodeData } from './code/types';
import type { HanoiData } from './hanoi/types';
import type { KnightsData } from './knights/types';
import type { SudokuData } from './sudoku/types';

/** What the answer box says and holds before the person types. */
export interface HumanAnswerHelp {
  /** The answer format in plain words, with an example that is not this task's answer. */
  help: string;
  /** The box's starting text (empty: start from nothing). */
  template: string;
  /** Buttons that add one step to the answer (the maze's moves, the hanoi's peg moves). */
  steps: readonly { label: string; value: string }[];
  /** A role to pick for each person (knights and knaves), written into their line of the box. */
  roles?: { names: readonly string[]; choices: readonly string[] };
}

/** The line that labels `name` in a knights answer (`A: knight`), at the start of a line. */
function roleLine(name: string): RegExp {
  return new RegExp(`^([ \\t]*${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[ \\t]*:)[^\\n]*$`, 'm');
}

/**
 * `draft` with `name`'s line saying `role` (`A: knave`): its line rewritten, or added at the end when
 * the person deleted it. Everything else the person typed stays as it was.
 */
export function withRole(draft: string, name: string, role: string): string {
  const line = roleLine(name);
  if (line.test(draft)) return draft.replace(line, `$1 ${role}`);
  return `${draft.replace(/\s+$/, '')}${draft.trim() ? '\n' : ''}${name}: ${role}`;
}

/** The role `draft` gives `name` (one of `choices`, read case-blind), or null when none yet. */
export function roleIn(draft: string, name: string, choices: readonly string[]): string | null {
  const match = roleLine(name).exec(draft);
  const said = match?.[0].slice(match[1]!.length).trim().toLowerCase() ?? '';
  return choices.find((c) => c === said) ?? null;
}

const MAZE_STEPS = [
  { label: '↑ U', value: 'U' },
  { label: '↓ D', value: 'D' },
  { label: '← L', value: 'L' },
  { label: '→ R', value: 'R' },
];

/** The six moves between three pegs, as the hanoi reader writes them. */
function hanoiSteps(): HumanAnswerHelp['steps'] {
  const pegs = ['A', 'B', 'C'];
  return pegs.flatMap((from) =>
    pegs.filter((to) => to !== from).map((to) => ({ label: `${from}→${to}`, value: `${from}>${to}` })),
  );
}

/**
 * The format example the task's own prompt gives (its last `<answer>…</answer>`): the environments
 * pick it so it is never the answer, so the help can show it too. Null when the prompt has none.
 */
function promptExample(task: Task): string | null {
  const examples = [...task.prompt.matchAll(/<answer>([^<]*)<\/answer>/g)];
  const last = examples.at(-1)?.[1]?.trim();
  return last ? last : null;
}

/**
 * The help for a person answering `task`, by its environment; a generic line for an environment this
 * build does not describe.
 */
export function humanAnswerHelp(task: Task): HumanAnswerHelp {
  const none: HumanAnswerHelp['steps'] = [];
  const example = promptExample(task);
  switch (task.envId) {
    case 'maze':
      return {
        help:
          'Moves from S to G, separated by spaces: U up, D down, L left, R right' +
          `${example ? ` (e.g. ${example})` : ''}. Arrow keys add moves too.`,
        template: '',
        steps: MAZE_STEPS,
      };
    case 'arithmetic':
      return { help: 'Type the result as a number. Your working is optional.', template: '', steps: none };
    case 'countdown':
      return {
        help: 'Type one expression with the numbers given (each at most once) and + − × ÷ and brackets, e.g. (30 + 40) × 2.',
        template: '',
        steps: none,
      };
    case 'sudoku': {
      const data = task.data as SudokuData;
      const rows = Array.from({ length: data.size }, (_, r) =>
        data.puzzle
          .slice(r * data.size, (r + 1) * data.size)
          .map((d) => (d === 0 ? '.' : String(d)))
          .join(' '),
      );
      return {
        help: `Replace every dot with a digit 1–${data.size}: one row per line, spaces optional.`,
        template: rows.join('\n'),
        steps: none,
      };
    }
    case 'knights': {
      const data = task.data as KnightsData;
      return {
        help: 'After each name write knight (always tells the truth) or knave (always lies).',
        template: data.names.map((name) => `${name}: `).join('\n'),
        steps: none,
        roles: { names: data.names, choices: ['knight', 'knave'] },
      };
    }
    case 'hanoi': {
      const data = task.data as HanoiData;
      return {
        help:
          `Moves as FROM>TO (pegs A, B, C), separated by spaces${example ? `, e.g. ${example}` : ''}. ` +
          `Move the tower from ${data.source} to ${data.target}.`,
        template: '',
        steps: hanoiSteps(),
      };
    }
    case 'code': {
      const data = task.data as CodeData;
      return {
        help: 'Write the whole JavaScript function; it runs on the examples and on hidden tests.',
        template: `function ${data.fnName}(${data.params.join(', ')}) {\n  \n}`,
        steps: none,
      };
    }
    default:
      return { help: 'Type your answer.', template: '', steps: none };
  }
}
