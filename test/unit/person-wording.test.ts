import { beforeAll, describe, expect, it } from 'vitest';
import { environments } from '../../src/core/envs';
import { hasModelFormatWords, personWording } from '../../src/core/envs/shared/person-wording';
import { defaultEpisodeConfig, runEpisode, type FeedbackRecord } from '../../src/core/protocol';
import { ScriptedEngine } from '../helpers/scripted-engine';
import { collectEvents } from '../helpers/toy-episode';

const PRESETS = ['starter', 'easy', 'medium', 'hard'] as const;
const LEVELS = [0, 1, 2, 3] as const;

describe('personWording: rule hints in a person’s words', () => {
  it('rewrites each of the lab’s format phrases', () => {
    const cases: [string, string][] = [
      [
        'Not quite: I could not read any moves in your answer. Inside the answer tags write only the move letters, e.g. <answer>R</answer> for a single move.',
        'Not quite: I could not read any moves in your answer. In the answer box write only the move letters, e.g. R for a single move.',
      ],
      [
        'Not quite: I could not read any moves in your answer. Your answer tag is empty: put your moves inside it, e.g. <answer>D</answer> for a single move.',
        'Not quite: I could not read any moves in your answer. Your answer is empty: type your moves, e.g. D for a single move.',
      ],
      [
        'Not correct yet. Finish with the final number alone inside answer tags, like <answer>5</answer> with your own number.',
        'Not correct yet. Finish with the final number alone in the answer box, like 5 with your own number.',
      ],
      [
        'Not correct yet. Write one operation per line, then put only the final number inside <answer></answer>.',
        'Not correct yet. Write one operation per line, then put only the final number in the answer box.',
      ],
      [
        'Not correct yet. Write the whole definition of f(x) inside <answer></answer> tags, with no other text inside the tags.',
        'Not correct yet. Write the whole definition of f(x) in the answer box, with nothing else in the box.',
      ],
      ['Correct. Next time put the grid inside <answer></answer>.', 'Correct.'],
      [
        'Not quite: your path runs into a wall (#). Also close your answer with </answer>.',
        'Not quite: your path runs into a wall.',
      ],
      [
        'Not quite. Also put your moves inside <answer></answer> tags. G is still 3 moves away.',
        'Not quite. G is still 3 moves away.',
      ],
      [
        'Give every person a label, like <answer>A: ?, B: ?</answer> with knight or knave for each ?.',
        'Give every person a label, like A: ?, B: ? with knight or knave for each ?.',
      ],
      // A hint that is nothing but a reminder keeps its meaning instead of vanishing.
      ['Put your final number inside <answer></answer> tags.', 'Put your final number in the answer box.'],
      // Text without format words is left exactly as it is.
      ['Not correct yet. Check step 2: 7 × 6 is not 48.', 'Not correct yet. Check step 2: 7 × 6 is not 48.'],
    ];
    for (const [text, expected] of cases) {
      expect(personWording(text)).toBe(expected);
      expect(hasModelFormatWords(personWording(text))).toBe(false);
    }
  });

  describe('every environment’s hints', () => {
    beforeAll(async () => {
      for (const env of Object.values(environments)) await env.prepare?.();
    }, 60_000);

    it('leave no answer tags or # legend for a person, at every level, and change nothing else', () => {
      let rewritten = 0;
      for (const env of Object.values(environments)) {
        for (const preset of PRESETS) {
          for (let index = 0; index < 3; index++) {
            const task = env.generate(env.presets[preset], 11, index);
            const attempts = [
              '',
              'I am not sure.',
              '<answer></answer>',
              '<answer>',
              task.solution,
              `<answer>${task.solution}`,
              `<answer>${task.solution}</answer>`,
              `<answer>${task.solution.slice(0, Math.ceil(task.solution.length / 2))}</answer>`,
            ];
            for (const attempt of attempts) {
              const diagnosis = env.verify(task, attempt);
              for (const level of LEVELS) {
                const hint = env.hint(task, diagnosis, level);
                const forPerson = personWording(hint);
                const where = `${env.id}/${preset}/${index} ${JSON.stringify(attempt)} level ${level}: ${forPerson}`;
                expect(hasModelFormatWords(forPerson), where).toBe(false);
                expect(forPerson.trim(), where).not.toBe('');
                if (!hasModelFormatWords(hint)) expect(forPerson, where).toBe(hint);
                else rewritten++;
              }
            }
          }
        }
      }
      // The attempts above do reach the format hints (the check is not vacuous).
      expect(rewritten).toBeGreaterThan(100);
    }, 120_000);
  });
});

describe('the rule teacher speaks to its reader', () => {
  const maze = environments.maze!;
  const unreadable = 'I would go around the wall.';

  async function firstFeedback(student: 'human' | 'model'): Promise<FeedbackRecord> {
    const config = defaultEpisodeConfig('maze', {
      preset: 'easy',
      condition: { kind: 'rule-teacher', level: 2 },
      turnBudget: 2,
      student: student === 'human' ? { kind: 'human' } : { kind: 'model', modelId: 'scripted-model' },
    });
    let now = 0;
    const events = await collectEvents(
      runEpisode(config, {
        env: maze,
        clock: () => (now += 1),
        ...(student === 'human'
          ? { human: { attempt: async () => `<answer>${unreadable}</answer>`, feedback: async () => '' } }
          : { studentEngine: new ScriptedEngine(() => `<answer>${unreadable}</answer>`) }),
      }),
    );
    const feedback = events.find((e) => e.type === 'feedback');
    if (feedback?.type !== 'feedback') throw new Error('no feedback event');
    return feedback.feedback;
  }

  it('a model student is told about its answer tags; a person is told about the answer box', async () => {
    const model = await firstFeedback('model');
    const person = await firstFeedback('human');
    expect(model.text).toMatch(/answer tags/);
    expect(hasModelFormatWords(person.text)).toBe(false);
    expect(person.text).toMatch(/answer box/);
    expect(person.text).toBe(personWording(model.text));
  });
});
