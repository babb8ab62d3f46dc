import { describe, expect, it } from 'vitest';
import { diagnosisShown } from '../../src/core/protocol/reveal';

describe('fair human play (diagnosisShown)', () => {
  it('hides the diagnosis from a person playing the student while the episode runs, and only then', () => {
    const human = { student: { kind: 'human' as const } };
    const model = { student: { kind: 'model' as const, modelId: 'm' } };
    expect(diagnosisShown(human, true)).toBe(false);
    expect(diagnosisShown(human, false)).toBe(true);
    expect(diagnosisShown(model, true)).toBe(true);
    expect(diagnosisShown(model, false)).toBe(true);
  });
});

describe('condition kind names for lists', () => {
  it('names every kind the way the setup does, and shows an unknown stored kind as it is', async () => {
    const { conditionKindLabel } = await import('../../src/core/protocol');
    expect(conditionKindLabel('binary')).toBe('Right/wrong only');
    expect(conditionKindLabel('rule-teacher')).toBe('Rule teacher');
    expect(conditionKindLabel('llm-teacher')).toBe('LLM teacher');
    expect(conditionKindLabel('retry')).toBe('Retry (no feedback)');
    expect(conditionKindLabel('from-a-newer-build')).toBe('from-a-newer-build');
    expect(conditionKindLabel('__proto__')).toBe('__proto__');
  });
});
