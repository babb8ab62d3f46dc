/**
 * Issue 13, point 4: every setting of the episode form and the experiment designer, and every results
 * column, has a (?) whose glossary entry exists; the (?) sits outside each <label>, so a setting's
 * accessible name stays its label's words; the first-visit panel never throws on storage.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONDITION_KINDS, EXPERIMENT_CONDITIONS } from '../../src/core/protocol/vocabulary';
import { conditionLabel } from '../../src/core/protocol';
import { parseHash } from '../../src/state/route-path';
import { Intro, INTRO_DISMISSED_KEY, type IntroStorage } from '../../src/state/intro.svelte';
import { RESULTS_COLUMNS } from '../../src/ui/experiments/results-columns';
import {
  conditionTerm,
  GLOSSARY,
  glossaryGroup,
  kindTerm,
  type GlossaryKey,
} from '../../src/ui/help/glossary';

const source = (file: string) => readFileSync(join(import.meta.dirname, '../../src/ui', file), 'utf8');

/**
 * Each form control's `name` and the term of its (?); null: nothing to explain (a name the person
 * types, a link to copy). A control added to a form without a line here fails the test.
 */
const FORM_TERMS: Record<string, Record<string, GlossaryKey | 'dynamic' | null>> = {
  'episode/SetupForm.svelte': {
    env: 'environment',
    preset: 'difficulty',
    seed: 'taskSeed',
    index: 'item',
    // Its (?) explains the condition chosen: kindTerm(setup.conditionKind).
    condition: 'dynamic',
    level: 'hintLevel',
    privileged: 'teacherSees',
    turns: 'turns',
    history: 'history',
    temperature: 'temperature',
    'sampling-seed': 'samplingSeed',
    'max-tokens': 'maxTokens',
    greedy: 'greedy',
    demonstration: 'demonstration',
    scratchpad: 'scratchpad',
    memory: 'memory',
    'word-limit': 'wordLimit',
    'keep-going': 'keepGoing',
    // The share link is not a setting: it carries them.
    'setup-link': null,
  },
  'coach/CoachSetup.svelte': {
    // A name the person types.
    player: null,
    env: 'environment',
    preset: 'difficulty',
    tasks: 'coachTasks',
    turns: 'turns',
    'task-seed': 'taskSeed',
  },
  'experiments/DesignForm.svelte': {
    'experiment-name': null,
    student: 'student',
    teacher: 'llmTeacher',
    tasks: 'tasks',
    replicates: 'replicates',
    turns: 'turns',
    temperature: 'temperature',
    seed: 'experimentSeed',
    'task-seed': 'taskSeed',
    'max-tokens': 'maxTokens',
    'teacher-max-tokens': 'teacherMaxTokens',
    history: 'history',
    demonstration: 'demonstration',
    greedy: 'greedy',
    'keep-going': 'keepGoing',
    scratchpad: 'scratchpad',
    memory: 'memory',
    'word-limit': 'wordLimit',
    speed: 'speed',
    'design-link': null,
  },
};

/** The (?) terms written literally in a component. */
function helpTerms(text: string): Set<string> {
  return new Set([...text.matchAll(/<Help term="([^"]+)"/g)].map((m) => m[1]!));
}

describe('glossary', () => {
  it('explains every term in one or two short sentences, each term once', () => {
    const entries = Object.values(GLOSSARY);
    expect(new Set(entries.map((e) => e.term)).size).toBe(entries.length);
    for (const e of entries) {
      expect(e.text.length, e.term).toBeGreaterThan(20);
      expect(e.text.length, e.term).toBeLessThanOrEqual(320);
      expect(e.text.match(/[.?!](\s|$)/g)?.length ?? 0, e.term).toBeLessThanOrEqual(3);
    }
    for (const group of ['roles', 'conditions', 'settings', 'results'] as const) {
      expect(glossaryGroup(group).length).toBeGreaterThan(0);
    }
  });

  it('has an entry for every condition kind and every condition a design can hold', () => {
    for (const kind of CONDITION_KINDS) expect(GLOSSARY[kindTerm(kind)]).toBeDefined();
    const terms = EXPERIMENT_CONDITIONS.map(conditionTerm);
    expect(new Set(terms).size, 'one entry per condition').toBe(EXPERIMENT_CONDITIONS.length);
    // The entry names what the designer's checkbox says (rule levels and LLM views in its own words).
    for (const c of EXPERIMENT_CONDITIONS) {
      const head = conditionLabel(c).split(' (')[0]!;
      expect(GLOSSARY[conditionTerm(c)].term, conditionLabel(c)).toContain(head);
    }
  });

  it('explains every results column under the header it has', () => {
    for (const [, label, term] of RESULTS_COLUMNS) expect(GLOSSARY[term].term).toBe(label);
    expect(source('experiments/ResultsTable.svelte')).toMatch(
      /\{#each headers as \[key, label, term\] \(key\)\}<th scope="col">\{label\} <Help \{term\} \/><\/th>/,
    );
  });
});

describe('the forms', () => {
  for (const [file, terms] of Object.entries(FORM_TERMS)) {
    it(`${file}: every setting has a (?) with a glossary entry`, () => {
      const text = source(file);
      const names = new Set([...text.matchAll(/\bname="([^"]+)"/g)].map((m) => m[1]!));
      expect([...names].sort(), 'every named control is listed in FORM_TERMS').toEqual(
        Object.keys(terms).sort(),
      );
      const used = helpTerms(text);
      for (const [name, term] of Object.entries(terms)) {
        if (term === null) continue;
        if (term === 'dynamic') {
          expect(text).toContain('<Help term={kindTerm(setup.conditionKind)} />');
          continue;
        }
        expect(GLOSSARY[term], name).toBeDefined();
        expect(used.has(term), `${name}: <Help term="${term}" />`).toBe(true);
      }
      for (const term of used) expect(Object.hasOwn(GLOSSARY, term), term).toBe(true);
    });

    it(`${file}: no (?) sits inside a <label>, so labels keep their accessible names`, () => {
      let depth = 0;
      for (const m of source(file).matchAll(/<label\b|<\/label\s*>|<Help\b/g)) {
        if (m[0] === '<label') depth++;
        else if (m[0].startsWith('</label')) depth--;
        else expect(depth, `a <Help> at offset ${m.index} is inside a <label>`).toBe(0);
      }
      expect(depth).toBe(0);
    });
  }
});

describe('the help page and the first-visit panel', () => {
  it('routes #/help and #/help/<term>', () => {
    expect(parseHash('#/help')).toEqual({ page: 'help', segments: [], notice: null });
    expect(parseHash('#/help/taskSeed').segments).toEqual(['taskSeed']);
  });

  it('shows on a first visit, not after a dismissal, and reopens', () => {
    const stored = new Map<string, string>();
    const storage: IntroStorage = {
      getItem: (k) => stored.get(k) ?? null,
      setItem: (k, v) => void stored.set(k, v),
    };
    const first = new Intro(storage);
    expect(first.shown).toBe(true);
    first.dismiss();
    expect(first.shown).toBe(false);
    expect(stored.get(INTRO_DISMISSED_KEY)).toBe('1');
    const again = new Intro(storage);
    expect(again.shown).toBe(false);
    again.toggle();
    expect(again.shown).toBe(true);
  });

  it('never throws where storage does (a private window), and still hides for the page', () => {
    const throwing: IntroStorage = {
      getItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
    };
    const intro = new Intro(throwing);
    expect(intro.shown).toBe(true);
    expect(() => intro.dismiss()).not.toThrow();
    expect(intro.shown).toBe(false);
    const none = new Intro(null);
    expect(none.shown).toBe(true);
    // Node has no localStorage: the default storage is found absent, without throwing.
    expect(() => new Intro()).not.toThrow();
  });
});
