import { describe, expect, it } from 'vitest';
import {
  perturb,
  referenceAttempt,
  ruleFeedback,
  trainingItem,
  transcriptMessages,
  type WrongAttempt,
} from '../../src/core/didactic';
import { environments } from '../../src/core/envs';
import type { HintLevel, Task } from '../../src/core/envs/types';
import {
  buildStudentMessages,
  defaultEpisodeConfig,
  guardTeacherMessage,
  PROMPTS,
  runEpisode,
  type Condition,
  type EpisodeEvent,
} from '../../src/core/protocol';
import { createRng } from '../../src/core/rng';
import { ScriptedEngine } from '../helpers/scripted-engine';

const ENVS = ['maze', 'arithmetic', 'countdown', 'hanoi'] as const;
const LEVELS: readonly HintLevel[] = [1, 2, 3];

function wrongAttempts(task: Task, count: number, seed: number): WrongAttempt[] {
  const rng = createRng(seed);
  const out: WrongAttempt[] = [];
  for (let i = 0; i < count; i++)
    out.push(
      perturb(
        task,
        rng,
        out.map((w) => w.text),
      )!,
    );
  return out;
}

/**
 * A real episode of `task` under `condition` whose model student writes `attempts` in turn: the
 * messages the student saw before its last attempt, with that attempt appended.
 */
async function episodeTranscript(task: Task, condition: Condition, attempts: readonly string[]) {
  const env = environments[task.envId]!;
  const student = new ScriptedEngine(attempts);
  const config = defaultEpisodeConfig(task.envId, {
    params: task.params,
    preset: 'custom',
    taskSeed: task.seed,
    index: task.index,
    condition,
    student: { kind: 'model', modelId: 'scripted-model' },
  });
  let now = 0;
  const events: EpisodeEvent[] = [];
  for await (const e of runEpisode(config, { env, clock: () => ++now, studentEngine: student }))
    events.push(e);
  const end = events.at(-1);
  expect(end).toMatchObject({ type: 'episode-end', outcome: 'solved', solvedAtTurn: attempts.length });
  const last = student.calls.at(-1)!.messages;
  return [...last, { role: 'assistant', content: attempts.at(-1)! }];
}

describe('didactic transcripts', () => {
  for (const envId of ENVS) {
    it(`${envId}: a didactic transcript is what a real rule-teacher episode shows the student`, async () => {
      for (const level of LEVELS) {
        for (const count of [1, 2]) {
          const task = trainingItem(envId, 'medium', 7, level * 10 + count);
          const wrong = wrongAttempts(task, count, level);
          const messages = transcriptMessages('didactic', task, wrong, level);
          const attempts = [...wrong.map((w) => w.text), referenceAttempt(task)];
          expect(messages).toEqual(await episodeTranscript(task, { kind: 'rule-teacher', level }, attempts));
          expect(messages.filter((m) => m.role === 'assistant')).toHaveLength(count + 1);
        }
      }
    });

    it(`${envId}: a retry transcript is what a real retry episode shows, on the same attempts`, async () => {
      const task = trainingItem(envId, 'easy', 7, 3);
      const wrong = wrongAttempts(task, 2, 11);
      const messages = transcriptMessages('retry', task, wrong, 2);
      const attempts = [...wrong.map((w) => w.text), referenceAttempt(task)];
      expect(messages).toEqual(await episodeTranscript(task, { kind: 'retry' }, attempts));
      const didactic = transcriptMessages('didactic', task, wrong, 2);
      const assistant = (ms: typeof messages) => ms.filter((m) => m.role === 'assistant');
      expect(assistant(messages)).toEqual(assistant(didactic));
      expect(
        messages
          .filter((m) => m.role === 'user')
          .slice(1)
          .map((m) => m.content),
      ).toEqual([expect.stringContaining(PROMPTS.retry), expect.stringContaining(PROMPTS.retry)]);
    });

    it(`${envId}: an answers-only transcript is the first attempt of an episode, answered correctly`, async () => {
      const task = trainingItem(envId, 'hard', 7, 5);
      const messages = transcriptMessages('answers-only', task, [], 1);
      expect(messages).toEqual(
        await episodeTranscript(task, { kind: 'rule-teacher', level: 1 }, [referenceAttempt(task)]),
      );
      expect(messages).toEqual([
        ...buildStudentMessages(task, [], 'full'),
        { role: 'assistant', content: referenceAttempt(task) },
      ]);
    });

    it(`${envId}: the rule feedback never gives the answer away (leak guard), at every level and preset`, () => {
      const env = environments[envId]!;
      let checked = 0;
      for (const preset of ['starter', 'easy', 'medium', 'hard'] as const) {
        for (let index = 0; index < 40; index++) {
          const task = trainingItem(envId, preset, 2, index);
          const [wrong] = wrongAttempts(task, 1, index);
          for (const level of LEVELS) {
            const text = ruleFeedback(task, wrong!.text, wrong!.diagnosis, level);
            expect(text.trim()).not.toBe('');
            expect(guardTeacherMessage(env, task, text).leaked, text).toBe(false);
            // What the student reads is that text, framed by the try-again line.
            const messages = transcriptMessages('didactic', task, [wrong!], level);
            expect(messages[3]!.content.startsWith(text)).toBe(true);
            checked++;
          }
        }
      }
      expect(checked).toBe(4 * 40 * 3);
    }, 60_000);
  }

  it('refuses a didactic or retry transcript without a wrong attempt', () => {
    const task = trainingItem('maze', 'easy', 1, 0);
    expect(() => transcriptMessages('didactic', task, [], 2)).toThrow(RangeError);
    expect(() => transcriptMessages('retry', task, [], 2)).toThrow(/at least one wrong attempt/);
  });
});
