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
