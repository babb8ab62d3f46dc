import { compressToEncodedURIComponent } from 'lz-string';
import { describe, expect, it } from 'vitest';
import {
  SETUP_LINK_VERSION,
  decodeSetupLink,
  encodeSetupLink,
  type EpisodeSetupLink,
} from '../../src/core/links/episode-setup-link';
import { EpisodeSetup } from '../../src/state/episode-setup.svelte';

const LINK: EpisodeSetupLink = {
  version: SETUP_LINK_VERSION,
  envId: 'knights',
  preset: 'medium',
  taskSeed: 42,
  index: 7,
  condition: { kind: 'llm-teacher', privileged: 'guide' },
  studentModel: 'SmolLM2-135M-Instruct.Q4_1.gguf',
  teacherModel: 'Qwen2.5-0.5B-Instruct-q4f16_1-MLC',
  turnBudget: 4,
  history: 'last',
  temperature: 0,
  samplingSeed: 9,
  maxTokens: 200,
  demonstration: false,
  keepGoing: true,
  teacherOptions: { scratchpad: true, wordLimit: 25 },
};

describe('episode setup links', () => {
  it('carry every setting of the form: opened elsewhere, the form makes the same episode config', () => {
    const a = new EpisodeSetup();
    a.load(LINK);
    expect(a.toLink()).toEqual(LINK);
    const b = new EpisodeSetup();
    b.load(decodeSetupLink(encodeSetupLink(a.toLink())));
    expect(b.toConfig()).toEqual(a.toConfig());
    expect(b.toConfig()).toMatchObject({
      envId: 'knights',
      preset: 'medium',
      taskSeed: 42,
      index: 7,
      condition: { kind: 'llm-teacher', privileged: 'guide' },
      student: { kind: 'model', modelId: 'SmolLM2-135M-Instruct.Q4_1.gguf' },
      teacherModelId: 'Qwen2.5-0.5B-Instruct-q4f16_1-MLC',
      keepGoing: true,
      teacherOptions: { scratchpad: true, wordLimit: 25 },
      studentSampling: { temperature: 0, seed: 9, maxTokens: 200 },
      teacherSampling: { temperature: 0, seed: 9 },
    });
  });

  it('a human student and a rule teacher round-trip too, and the named model must still be loaded', () => {
    const s = new EpisodeSetup();
    s.conditionKind = 'rule-teacher';
    s.hintLevel = 3;
    const back = new EpisodeSetup();
    back.load(decodeSetupLink(encodeSetupLink(s.toLink())));
    expect(back.toConfig()).toEqual(s.toConfig());
    const model = new EpisodeSetup();
    model.load(LINK);
    expect(model.problem([])).toBe('Load SmolLM2-135M-Instruct.Q4_1.gguf first.');
  });

  it('refuse what a link must not hold, saying what is wrong', () => {
    const bad = (value: unknown) => () =>
      decodeSetupLink(compressToEncodedURIComponent(JSON.stringify(value)));
    expect(() => decodeSetupLink('')).toThrow(/holds no episode setup/);
    expect(() => decodeSetupLink('x'.repeat(5000))).toThrow(/too long/);
    expect(() => decodeSetupLink('%%%')).toThrow(/damaged/);
    expect(bad({ ...LINK, version: 2 })).toThrow(/newer Plasticity Lab/);
    expect(bad({ ...LINK, turnBudget: 1e9 })).toThrow(/turnBudget/);
    expect(bad({ ...LINK, teacherOptions: { wordLimit: 2 } })).toThrow(/teacherOptions/);
    expect(bad({ ...LINK, run: true })).toThrow(/not valid/);
    expect(bad({ ...LINK, condition: { kind: 'oracle' } })).toThrow(/condition/);
  });
});
