/**
 * Share links are untrusted (issue 18, point 4): every list and number in a design is bounded by what
 * the designer can produce, and a link too large for any real design is refused before it is unpacked.
 */
import { describe, expect, it } from 'vitest';
import { compressToEncodedURIComponent } from 'lz-string';
import {
  decodeDesign,
  defaultDesign,
  DESIGN_LIMITS,
  designProblems,
  DesignLinkError,
  encodeDesign,
  MAX_LINK_CHARS,
} from '../../src/core/experiment';
import { environments } from '../../src/core/envs';
import { CONDITION_OPTIONS, PRESETS } from '../../src/state/experiment-design.svelte';
import { fastCompressToEncodedURIComponent } from '../helpers/fast-lz';

const link = (value: unknown) => compressToEncodedURIComponent(JSON.stringify(value));

/** Decode, and say how long it took and what it threw. */
function timedFailure(text: string): { ms: number; error: DesignLinkError } {
  const begun = performance.now();
  try {
    decodeDesign(text);
  } catch (error) {
    if (error instanceof DesignLinkError) return { ms: performance.now() - begun, error };
    throw error;
  }
  throw new Error('the link was accepted');
}

describe('the test helper that builds hostile links', () => {
  it('writes exactly what lz-string writes', () => {
    const samples = [
      '',
      'a',
      'aaaaaaaaaaaaaaaaaaaa',
      'Grüße 迷路 🧩 aus Köln',
      JSON.stringify(defaultDesign()),
    ];
    let seed = 3;
    for (let n = 0; n < 40; n++) {
      samples.push(
        Array.from({ length: n * 7 }, () =>
          String.fromCharCode((seed = (seed * 48271) % 2147483647) % 300),
        ).join(''),
      );
    }
    for (const text of samples) {
      expect(fastCompressToEncodedURIComponent(text)).toBe(compressToEncodedURIComponent(text));
    }
  });
});

describe('design link bounds', () => {
  it('refuses a link with 2,000,000 environment ids quickly, with a clear message', () => {
    const huge = { ...defaultDesign(), envIds: Array.from({ length: 2_000_000 }, () => 'maze') };
    const text = fastCompressToEncodedURIComponent(JSON.stringify(huge));
    expect(text.length).toBeGreaterThan(MAX_LINK_CHARS); // about 30 KB, as in the issue
    const { ms, error } = timedFailure(text);
    // Refused before parsing: milliseconds, where the old code froze for minutes. The bound is loose so a
    // loaded two-core machine holds it; building the 2,000,000-item input is what takes time here.
    expect(ms).toBeLessThan(1000);
    expect(error.message).toMatch(/too long to be one the lab made/);
  }, 60_000);

  it('refuses a short link that unpacks to a huge design, before parsing it', () => {
    const many = { ...defaultDesign(), studentModels: Array.from({ length: 300_000 }, () => 'm') };
    const text = fastCompressToEncodedURIComponent(JSON.stringify(many));
    expect(text.length).toBeLessThanOrEqual(MAX_LINK_CHARS);
    const { ms, error } = timedFailure(text);
    expect(ms).toBeLessThan(2000);
    expect(error.message).toMatch(/unpacks to far more than any experiment design holds/);
  }, 60_000);

  it('bounds every list to what the designer offers, naming the field', () => {
    const cases: [string, unknown][] = [
      ['envIds', Array.from({ length: DESIGN_LIMITS.envIds + 1 }, (_, i) => `env${i}`)],
      ['presets', ['easy', 'easy', 'easy', 'easy', 'easy']],
      ['conditions', Array.from({ length: DESIGN_LIMITS.conditions + 1 }, () => ({ kind: 'retry' }))],
      ['studentModels', Array.from({ length: DESIGN_LIMITS.models + 1 }, (_, i) => `m${i}`)],
      ['teacherModels', Array.from({ length: DESIGN_LIMITS.models + 1 }, (_, i) => `t${i}`)],
      ['studentModels', ['x'.repeat(DESIGN_LIMITS.modelIdChars + 1)]],
      ['name', 'n'.repeat(DESIGN_LIMITS.nameChars + 1)],
    ];
    for (const [field, value] of cases) {
      const { error } = timedFailure(link({ ...defaultDesign(), [field]: value }));
      expect(error.problems.some((p) => p.startsWith(field))).toBe(true);
    }
  });

  it('bounds every number', () => {
    const cases: [string, unknown][] = [
      ['tasks', 1e9],
      ['turnBudget', 10_000_000],
      ['maxTokens', 1e15],
      ['teacherMaxTokens', -1],
      ['temperature', 1e308],
      ['seed', 2 ** 40],
      ['taskSeed', 0.5],
      ['maxLeakRetries', 1000],
    ];
    for (const [field, value] of cases) {
      const { error } = timedFailure(link({ ...defaultDesign(), [field]: value }));
      expect(error.problems.some((p) => p.startsWith(field))).toBe(true);
    }
  });

  it('has room for the largest design the designer makes', () => {
    // The designer offers each of these once; the limits must hold all of them.
    expect(Object.keys(environments).length).toBeLessThanOrEqual(DESIGN_LIMITS.envIds);
    expect(PRESETS.length).toBeLessThanOrEqual(DESIGN_LIMITS.presets);
    expect(CONDITION_OPTIONS.length).toBe(DESIGN_LIMITS.conditions);
    let seed = 7;
    const randomId = (n: number) =>
      Array.from({ length: n }, () =>
        String.fromCharCode(33 + ((seed = (seed * 16807) % 2147483647) % 94)),
      ).join('');
    const largest = defaultDesign({
      name: randomId(DESIGN_LIMITS.nameChars),
      envIds: Object.keys(environments),
      presets: [...PRESETS],
      conditions: CONDITION_OPTIONS.map((o) => o.condition),
      studentModels: Array.from({ length: DESIGN_LIMITS.models }, () => randomId(DESIGN_LIMITS.modelIdChars)),
      teacherModels: Array.from({ length: DESIGN_LIMITS.models }, () => randomId(DESIGN_LIMITS.modelIdChars)),
    });
    const text = encodeDesign(largest);
    expect(text.length).toBeLessThanOrEqual(MAX_LINK_CHARS);
    expect(decodeDesign(text)).toEqual(largest);
  });

  it('tells the designer about too many models and repeated entries', () => {
    const many = Array.from({ length: DESIGN_LIMITS.models + 1 }, (_, i) => `m${i}`);
    expect(designProblems(defaultDesign({ studentModels: many }))).toContain(
      `Choose at most ${DESIGN_LIMITS.models} student models (${many.length} are chosen).`,
    );
    expect(designProblems(defaultDesign({ studentModels: ['a', 'a'] }))).toContain(
      'A student model is listed twice.',
    );
    expect(designProblems(defaultDesign({ studentModels: ['a'], envIds: ['maze', 'maze'] }))).toContain(
      'An environment is listed twice.',
    );
  });
});
