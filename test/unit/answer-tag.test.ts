import { describe, expect, it } from 'vitest';
import { extractAnswer } from '../../src/core/envs/shared/answer-tag';
import { environments } from '../../src/core/envs';

describe('extractAnswer', () => {
  it('takes the last complete pair', () => {
    expect(extractAnswer('<answer>1</answer> then <answer>2</answer>')).toEqual({
      content: '2',
      tagged: true,
    });
  });

  it('ignores an echoed placeholder after a real answer', () => {
    for (const echo of [
      '<answer>...</answer>',
      '<answer>…</answer>',
      '<answer></answer>',
      '<ANSWER> ... </answer>',
    ]) {
      expect(extractAnswer(`<answer>A: knight, B: knave</answer>\nTry again. Answer with ${echo}`)).toEqual({
        content: 'A: knight, B: knave',
        tagged: true,
      });
    }
  });

  it('keeps a placeholder when it is all the reply has', () => {
    expect(extractAnswer('Answer with <answer>...</answer>')).toEqual({ content: '...', tagged: true });
    expect(extractAnswer('<answer></answer>')).toEqual({ content: '', tagged: true });
  });

  it('reads a knights reply that ends by echoing the placeholder as its real answer', () => {
    const env = environments.knights!;
    const task = env.generate(env.presets.starter, 7, 0);
    const reply = `<answer>${task.solution}</answer>\nAnswer with <answer>...</answer>.`;
    expect(env.verify(task, reply).correct).toBe(true);
  });
});

describe('format examples', () => {
  const exampleOf = (prompt: string) => prompt.slice(prompt.lastIndexOf('<answer>'));

  it('never depend on the answer: every item of a preset shows the same example', () => {
    // The maze's example depends on the walls around S (see the next test) and the code skeleton on
    // the function's signature, both shown to the reader anyway, so they are left out here.
    for (const env of Object.values(environments).filter((e) => e.id !== 'maze' && e.id !== 'code')) {
      const examples = new Set<string>();
      for (let index = 0; index < 40; index++)
        examples.add(exampleOf(env.generate(env.presets.starter, 3, index).prompt));
      expect([...examples], env.id).toHaveLength(1);
    }
  });

  it('a maze example starts with a move blocked from S, so it is never the answer nor its prefix', () => {
    const env = environments.maze!;
    for (let index = 0; index < 60; index++) {
      const task = env.generate({ rows: 5, cols: 5, minPath: 3, maxPath: 3, loopiness: 0.1 }, 11, index);
      const example = exampleOf(task.prompt).replace(/<\/?answer>/g, '');
      expect(example).not.toBe(task.solution);
      expect(task.solution.startsWith(example[0]!)).toBe(false);
    }
  });
});
