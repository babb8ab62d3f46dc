import { describe, expect, it } from 'vitest';
import { gridCellStyle, gridColumnLabel, gridSentence } from '../../src/ui/experiments/grid-format';

describe('grid words', () => {
  it('says the shares, and over which cells when some were left out', () => {
    const d = {
      ok: true as const,
      students: ['A', 'B'],
      columns: ['x', 'y'],
      leftOut: 2,
      ssTotal: 0.12,
      ssStudent: 0.04,
      ssTeacher: 0.06,
      ssResidual: 0.02,
      student: 1 / 3,
      teacher: 0.5,
      residual: 1 / 6,
    };
    const [shares, over] = gridSentence(d, 2, 3);
    expect(shares).toContain(
      'Of the spread in feedback-specific gain, 33.3% is explained by the student, 50.0% by the teacher, 16.7% by their interaction',
    );
    expect(over).toBe(
      'Computed over the 2 students × 2 teachers with every pair measured; 2 of 6 cells left out.',
    );
    expect(gridSentence({ ...d, leftOut: 0 }, 2, 2)).toHaveLength(1);
  });

  it('says why when there are no shares, and never a number', () => {
    for (const reason of ['too-few-students', 'too-few-teachers', 'no-spread'] as const) {
      const [line] = gridSentence({ ok: false, reason, students: ['A'], columns: ['x'] }, 1, 1);
      expect(line).not.toMatch(/\d/);
    }
  });

  it('names the self-teacher and LLM teachers, and colours by sign', () => {
    expect(
      gridColumnLabel('Self-teacher (no privileged info)', {
        condition: { kind: 'self-teacher' },
        teacherModel: null,
      }),
    ).toMatch(/the student itself$/);
    expect(
      gridColumnLabel('LLM teacher (sees the answer)', {
        condition: { kind: 'llm-teacher', privileged: 'answer' },
        teacherModel: 'm',
      }),
    ).toBe('LLM teacher (sees the answer) · m');
    expect(gridCellStyle(0)).toBe('');
    expect(gridCellStyle(0.5)).toContain('var(--accent) 25%');
    expect(gridCellStyle(-1)).toContain('var(--bad) 50%');
  });
});
