import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compressToEncodedURIComponent } from 'lz-string';
import {
  decodeDesign,
  defaultDesign,
  DesignLinkError,
  encodeDesign,
  type ExperimentCondition,
} from '../../src/core/experiment';

const conditionArb: fc.Arbitrary<ExperimentCondition> = fc.oneof(
  fc.constant({ kind: 'retry' as const }),
  fc.constant({ kind: 'single' as const }),
  fc.constant({ kind: 'self-teacher' as const }),
  fc.record({ kind: fc.constant('rule-teacher' as const), level: fc.constantFrom(0, 1, 2, 3 as const) }),
  fc.record({
    kind: fc.constant('llm-teacher' as const),
    privileged: fc.constantFrom('none', 'answer', 'solution', 'diagnosis' as const),
  }),
);

describe('design links', () => {
  it('round-trips any valid design through a URL-safe string', () => {
    fc.assert(
      fc.property(
        fc.record({
          name: fc.string({ maxLength: 60 }),
          conditions: fc.array(conditionArb, { minLength: 1, maxLength: 5 }),
          studentModels: fc.array(fc.string({ minLength: 1, maxLength: 40 }), { maxLength: 3 }),
          tasks: fc.integer({ min: 1, max: 500 }),
          temperature: fc.double({ min: 0, max: 2, noNaN: true }),
          seed: fc.integer({ min: 0, max: 0xffffffff }),
        }),
        (fields) => {
          const design = defaultDesign(fields);
          const text = encodeDesign(design);
          expect(text).toMatch(/^[A-Za-z0-9+\-$]*$/);
          expect(decodeDesign(text)).toEqual(design);
        },
      ),
    );
  });

  it('keeps the default design short enough for a link', () => {
    expect(
      encodeDesign(defaultDesign({ studentModels: ['SmolLM2-360M-Instruct-q4f16_1-MLC'] })).length,
    ).toBeLessThan(600);
  });

  it('explains an empty, truncated or foreign link', () => {
    expect(() => decodeDesign('')).toThrow(/holds no experiment design/);
    const good = encodeDesign(defaultDesign({ studentModels: ['m'] }));
    expect(() => decodeDesign(good.slice(0, good.length / 2))).toThrow(DesignLinkError);
    expect(() => decodeDesign(good.slice(0, good.length / 2))).toThrow(/damaged/);
    expect(() => decodeDesign('%%%not-a-design')).toThrow(/damaged/);
    expect(() => decodeDesign(compressToEncodedURIComponent('{"hello": '))).toThrow(/not valid JSON/);
  });

  it('names each invalid field of a well-formed but wrong design', () => {
    const bad = {
      ...defaultDesign(),
      turnBudget: 0,
      presets: ['impossible'],
      conditions: [{ kind: 'human-teacher' }],
    };
    try {
      decodeDesign(compressToEncodedURIComponent(JSON.stringify(bad)));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DesignLinkError);
      const problems = (error as DesignLinkError).problems.join('\n');
      expect(problems).toMatch(/^turnBudget:/m);
      expect(problems).toMatch(/^presets\.0:/m);
      expect(problems).toMatch(/^conditions\.0/m);
    }
  });

  it('says when a link comes from a newer lab', () => {
    const newer = compressToEncodedURIComponent(JSON.stringify({ ...defaultDesign(), version: 2 }));
    expect(() => decodeDesign(newer)).toThrow(/newer Plasticity Lab/);
  });
});
