import { describe, expect, it } from 'vitest';
import { environments } from '../../src/core/envs';
import type { Diagnosis, Task } from '../../src/core/envs/types';
import {
  buildStudentMessages,
  CONDITION_KINDS,
  conditionLabel,
  defaultEpisodeConfig,
  deriveSeed,
  PROMPTS,
  runEpisode,
  studentFeedbackMessage,
  type Condition,
  type EpisodeEvent,
  type FeedbackRecord,
  type HumanInput,
  type TurnRecord,
} from '../../src/core/protocol';
import { ScriptedEngine } from '../helpers/scripted-engine';
import { toySum } from '../helpers/toy-env';
import {
  TOY_PARAMS,
  collectEvents as collect,
  toyConfig as config,
  toyDeps as deps,
} from '../helpers/toy-episode';

const PARAMS = TOY_PARAMS;
const TASK = toySum.generate(PARAMS, 1, 0);
const SOLUTION = TASK.solution;
const WRONG = String(Number(SOLUTION) + 1); // too large
const WRONG2 = String(Number(SOLUTION) - 1); // too small
const answer = (text: string) => `I think it is <answer>${text}</answer>`;
/** The solution as a whole number in some text (the task prompt holds only the two smaller addends). */
const mentionsSolution = (text: string) => new RegExp(`(^|\\D)${SOLUTION}(\\D|$)`).test(text);

const ofType = <T extends EpisodeEvent['type']>(events: EpisodeEvent[], type: T) =>
  events.filter((e): e is Extract<EpisodeEvent, { type: T }> => e.type === type);
const records = (events: EpisodeEvent[]): TurnRecord[] => ofType(events, 'turn-end').map((e) => e.record);
const feedbacks = (events: EpisodeEvent[]): FeedbackRecord[] =>
  ofType(events, 'feedback').map((e) => e.feedback);
const ending = (events: EpisodeEvent[]) => {
  const last = events.at(-1);
  if (last?.type !== 'episode-end') throw new Error(`last event is ${last?.type}, not episode-end`);
  expect(ofType(events, 'episode-end')).toHaveLength(1);
  return last;
};
const lastUserMessage = (engine: ScriptedEngine, call: number) =>
  engine.calls[call]?.messages.filter((m) => m.role === 'user').at(-1)?.content ?? '';

/** A person whose answers come from lists; a missing entry never arrives (they walked away). */
function scriptedHuman(attempts: string[] = [], feedback: string[] = []) {
  const attemptRequests: Parameters<HumanInput['attempt']>[0][] = [];
  const feedbackRequests: Parameters<HumanInput['feedback']>[0][] = [];
  const never = new Promise<string>(() => undefined);
  const human: HumanInput = {
    attempt(request) {
      attemptRequests.push(request);
      return attempts[attemptRequests.length - 1] !== undefined
        ? Promise.resolve(attempts[attemptRequests.length - 1] as string)
        : never;
    },
    feedback(request) {
      feedbackRequests.push(request);
      return feedback[feedbackRequests.length - 1] !== undefined
        ? Promise.resolve(feedback[feedbackRequests.length - 1] as string)
        : never;
    },
  };
  return { human, attemptRequests, feedbackRequests };
}

describe('runEpisode: the episode shape', () => {
  it('yields start, turns and end in order, and stops on success', async () => {
    const student = new ScriptedEngine([
      answer(WRONG),
      answer(WRONG2),
      answer(SOLUTION),
      answer('never asked'),
    ]);
    const events = await collect(runEpisode(config({ kind: 'retry' }), deps({ studentEngine: student })));
    const types = events.filter((e) => !e.type.endsWith('-token')).map((e) => e.type);
    expect(types).toEqual([
      'episode-start',
      ...['turn-start', 'attempt', 'feedback', 'turn-end'],
      ...['turn-start', 'attempt', 'feedback', 'turn-end'],
      ...['turn-start', 'attempt', 'turn-end'],
      'episode-end',
    ]);
    expect(ofType(events, 'episode-start')[0]?.task).toEqual(TASK);
    expect(ending(events)).toMatchObject({ outcome: 'solved', solvedAtTurn: 3 });
    expect(student.calls).toHaveLength(3);
    const turns = records(events);
    expect(turns.map((t) => t.turn)).toEqual([1, 2, 3]);
    expect(turns.map((t) => t.diagnosis.correct)).toEqual([false, false, true]);
    expect(turns[2]?.feedback).toBeNull();
  });

  it('solving at turn 1 makes one call and gives no feedback', async () => {
    const student = new ScriptedEngine([answer(SOLUTION)]);
    const events = await collect(runEpisode(config({ kind: 'binary' }), deps({ studentEngine: student })));
    expect(ending(events)).toMatchObject({ outcome: 'solved', solvedAtTurn: 1 });
    expect(feedbacks(events)).toEqual([]);
    expect(student.calls).toHaveLength(1);
  });

  it('respects the turn budget and ends failed, with no feedback after the last attempt', async () => {
    const student = new ScriptedEngine(() => answer(WRONG));
    const events = await collect(
      runEpisode(config({ kind: 'binary' }, { turnBudget: 3 }), deps({ studentEngine: student })),
    );
    expect(ending(events)).toMatchObject({ outcome: 'failed', solvedAtTurn: null });
    expect(student.calls).toHaveLength(3);
    expect(records(events).map((t) => t.feedback === null)).toEqual([false, false, true]);
  });

  it('single makes exactly one attempt whatever the budget', async () => {
    const student = new ScriptedEngine(() => answer(WRONG));
    const events = await collect(
      runEpisode(config({ kind: 'single' }, { turnBudget: 5 }), deps({ studentEngine: student })),
    );
    expect(ending(events)).toMatchObject({ outcome: 'failed', solvedAtTurn: null });
    expect(student.calls).toHaveLength(1);
    expect(records(events)).toHaveLength(1);
    expect(records(events)[0]?.feedback).toBeNull();
  });

  it('streams student tokens live, before the attempt event', async () => {
    const student = new ScriptedEngine([answer(SOLUTION)]);
    const inFlightAtToken: number[] = [];
    const events = await collect(
      runEpisode(config({ kind: 'retry' }), deps({ studentEngine: student })),
      (e) => {
        if (e.type === 'student-token') inFlightAtToken.push(student.inFlight);
      },
    );
    const tokens = ofType(events, 'student-token');
    expect(tokens.length).toBeGreaterThan(1);
    // Live: the engine was still generating when the first tokens reached the consumer.
    expect(inFlightAtToken[0]).toBe(1);
    const attemptIndex = events.findIndex((e) => e.type === 'attempt');
    expect(events.findIndex((e) => e.type === 'student-token')).toBeLessThan(attemptIndex);
    expect(tokens.map((t) => t.delta).join('')).toBe(ofType(events, 'attempt')[0]?.text);
  });

  it('passes sampling to the engine, with a per-turn seed, and records a length cut-off', async () => {
    const student = new ScriptedEngine([
      answer(WRONG),
      { text: 'one two three four five six', finishReason: 'stop' },
    ]);
    const cfg = config(
      { kind: 'retry' },
      { turnBudget: 2, studentSampling: { temperature: 0.3, seed: 77, maxTokens: 4 } },
    );
    const events = await collect(runEpisode(cfg, deps({ studentEngine: student })));
    expect(student.calls.map((c) => [c.temperature, c.seed, c.maxTokens])).toEqual([
      [0.3, deriveSeed(77, 1), 4],
      [0.3, deriveSeed(77, 2), 4],
    ]);
    expect(deriveSeed(77, 1)).not.toBe(deriveSeed(77, 2));
    const second = records(events)[1];
    expect(second?.finishReason).toBe('length');
    expect(second?.attempt).toBe('one two three four');
  });

  it('uses the injected clock for every timing', async () => {
    let now = 5_000;
    const clock = () => now;
    const student = new ScriptedEngine((call) => {
      now += 250;
      return call.index === 0 ? answer(WRONG) : answer(SOLUTION);
    });
    const teacher = new ScriptedEngine(() => {
      now += 100;
      return 'Check the units digit.';
    });
    const events = await collect(
      runEpisode(config({ kind: 'llm-teacher', privileged: 'none' }), {
        env: toySum,
        clock,
        studentEngine: student,
        teacherEngine: teacher,
      }),
    );
    expect(ofType(events, 'episode-start')[0]?.at).toBe(5_000);
    const [t1, t2] = records(events);
    expect(t1).toMatchObject({ startedAt: 5_000, studentMs: 250, endedAt: 5_350 });
    expect(t1?.feedback?.ms).toBe(100);
    expect(t2).toMatchObject({ startedAt: 5_350, studentMs: 250, endedAt: 5_600 });
    expect(ofType(events, 'turn-start').map((e) => e.at)).toEqual([5_000, 5_350]);
    expect(ending(events).at).toBe(5_600);
  });

  it('ends with error, asking no model, when a stored config is past the limits of the form', async () => {
    for (const overrides of [
      { turnBudget: 10_000_000 },
      { maxLeakRetries: 1e9 },
      { studentSampling: { temperature: 0.7, seed: 1, maxTokens: 1e9 } },
    ]) {
      const student = new ScriptedEngine([answer(WRONG)]);
      const events = await collect(
        runEpisode({ ...config({ kind: 'retry' }), ...overrides }, deps({ studentEngine: student })),
      );
      expect(events.map((e) => e.type)).toEqual(['episode-start', 'episode-end']);
      expect(ending(events)).toMatchObject({
        outcome: 'error',
        error: expect.stringMatching(/ from \d+ to \d+, not /),
      });
      expect(student.calls).toHaveLength(0);
    }
  });

  it('ends with error (after episode-start) when the config cannot run', async () => {
    const student = new ScriptedEngine([answer(WRONG)]);
    const events = await collect(
      runEpisode(config({ kind: 'llm-teacher', privileged: 'answer' }), deps({ studentEngine: student })),
    );
    expect(events.map((e) => e.type)).toEqual(['episode-start', 'episode-end']);
    expect(ending(events)).toMatchObject({ outcome: 'error', error: expect.stringMatching(/teacher model/) });
    expect(student.calls).toHaveLength(0);
  });
});

describe('runEpisode: conditions', () => {
  it('retry sends the fixed revise message, framed with the answer format', async () => {
    const student = new ScriptedEngine([answer(WRONG), answer(SOLUTION)]);
    const events = await collect(runEpisode(config({ kind: 'retry' }), deps({ studentEngine: student })));
    expect(feedbacks(events)).toEqual([
      expect.objectContaining({ source: 'retry', text: PROMPTS.retry, withheld: false, regenerations: 0 }),
    ]);
    expect(lastUserMessage(student, 1)).toBe(`${PROMPTS.retry}\n\n${PROMPTS.tryAgain}`);
  });

  it('binary sends the verdict only', async () => {
    const student = new ScriptedEngine([answer(WRONG), answer(SOLUTION)]);
    const events = await collect(runEpisode(config({ kind: 'binary' }), deps({ studentEngine: student })));
    expect(feedbacks(events)[0]).toMatchObject({ source: 'binary', text: 'Your answer is incorrect.' });
    expect(lastUserMessage(student, 1)).toBe(studentFeedbackMessage(PROMPTS.binary));
  });

  it('rule-teacher sends the environment hint at the configured level', async () => {
    const student = new ScriptedEngine([answer(WRONG2), answer(SOLUTION)]);
    const events = await collect(
      runEpisode(config({ kind: 'rule-teacher', level: 2 }), deps({ studentEngine: student })),
    );
    const diagnosis = records(events)[0]?.diagnosis as Diagnosis;
    const expected = toySum.hint(TASK, diagnosis, 2);
    expect(expected).toMatch(/too small/);
    expect(feedbacks(events)[0]).toMatchObject({ source: 'rule-teacher', text: expected, withheld: false });
    expect(lastUserMessage(student, 1)).toBe(studentFeedbackMessage(expected));
    expect(ending(events)).toMatchObject({ outcome: 'solved', solvedAtTurn: 2 });
  });

  it.each(['none', 'answer', 'solution', 'diagnosis'] as const)(
    'llm-teacher (%s) shows the teacher exactly its privileged information',
    async (privileged) => {
      const student = new ScriptedEngine([answer(WRONG2), answer(SOLUTION)]);
      const teacher = new ScriptedEngine(['Add the units again, carefully.']);
      const events = await collect(
        runEpisode(
          config(
            { kind: 'llm-teacher', privileged },
            { teacherSampling: { temperature: 0.2, seed: 9, maxTokens: 99 } },
          ),
          deps({ studentEngine: student, teacherEngine: teacher }),
        ),
      );
      expect(ending(events)).toMatchObject({ outcome: 'solved', solvedAtTurn: 2 });
      expect(teacher.calls).toHaveLength(1);
      const call = teacher.calls[0];
      expect(call).toMatchObject({ temperature: 0.2, seed: deriveSeed(9, 1), maxTokens: 99 });
      const seen = call?.messages.map((m) => m.content).join('\n') ?? '';
      expect(seen).toContain(TASK.prompt);
      expect(seen).toContain(answer(WRONG2));
      expect(mentionsSolution(seen)).toBe(privileged === 'answer' || privileged === 'solution');
      expect(seen.includes('The sum is too small.')).toBe(
        privileged === 'diagnosis' || privileged === 'solution',
      );
      expect(seen.includes(`given=${WRONG2}`)).toBe(privileged === 'solution'); // full diagnosis only
      const feedback = feedbacks(events)[0];
      expect(feedback).toMatchObject({ source: 'llm-teacher', text: 'Add the units again, carefully.' });
      expect(feedback?.prompt).toEqual(call?.messages);
      expect(lastUserMessage(student, 1)).toBe(studentFeedbackMessage('Add the units again, carefully.'));
    },
  );

  it('llm-teacher streams its tokens to a model student’s observers, and drops a <think> block', async () => {
    const student = new ScriptedEngine([answer(WRONG), answer(SOLUTION)]);
    const teacher = new ScriptedEngine([`<think>It is ${SOLUTION}.</think> Recount the tens.`]);
    const events = await collect(
      runEpisode(
        config({ kind: 'llm-teacher', privileged: 'answer' }),
        deps({ studentEngine: student, teacherEngine: teacher }),
      ),
    );
    const tokens = ofType(events, 'feedback-token');
    expect(tokens.length).toBeGreaterThan(1);
    expect(events.findIndex((e) => e.type === 'feedback-token')).toBeLessThan(
      events.findIndex((e) => e.type === 'feedback'),
    );
    expect(feedbacks(events)[0]).toMatchObject({ text: 'Recount the tens.', withheld: false });
    expect(feedbacks(events)[0]?.leak.leaked).toBe(false);
  });

  it('self-teacher: the student model critiques itself and never sees the solution or diagnosis', async () => {
    const student = new ScriptedEngine([
      answer(WRONG),
      'I may have added the units wrong.',
      answer(WRONG2),
      'Maybe I forgot a carry.',
      answer(SOLUTION),
    ]);
    const events = await collect(
      runEpisode(config({ kind: 'self-teacher' }), deps({ studentEngine: student })),
    );
    expect(ending(events)).toMatchObject({ outcome: 'solved', solvedAtTurn: 3 });
    expect(feedbacks(events).map((f) => [f.source, f.text])).toEqual([
      ['self-teacher', 'I may have added the units wrong.'],
      ['self-teacher', 'Maybe I forgot a carry.'],
    ]);
    const critiqueCalls = [student.calls[1], student.calls[3]];
    for (const call of critiqueCalls) {
      const seen = call?.messages.map((m) => m.content).join('\n') ?? '';
      expect(seen).toContain(TASK.prompt);
      expect(mentionsSolution(seen)).toBe(false);
      expect(seen).not.toMatch(/too (small|large)/);
    }
    expect(critiqueCalls[0]?.messages.at(-1)?.content).toContain(answer(WRONG));
    expect(critiqueCalls[1]?.messages.at(-1)?.content).toContain(answer(WRONG2));
    // The critique uses the teacher sampling settings (its own token budget).
    expect(critiqueCalls[0]?.maxTokens).toBe(160);
    expect(lastUserMessage(student, 2)).toBe(studentFeedbackMessage('I may have added the units wrong.'));
  });

  it('human-teacher asks the person, with the attempt and its diagnosis', async () => {
    const student = new ScriptedEngine([answer(WRONG), answer(SOLUTION)]);
    const { human, feedbackRequests } = scriptedHuman([], ['Look at the units digit.']);
    const events = await collect(
      runEpisode(config({ kind: 'human-teacher' }), deps({ studentEngine: student, human })),
    );
    expect(feedbackRequests).toHaveLength(1);
    expect(feedbackRequests[0]).toMatchObject({ turn: 1, task: TASK, attempt: answer(WRONG) });
    expect(feedbackRequests[0]?.diagnosis.issues[0]?.code).toBe('too-large');
    expect(feedbacks(events)[0]).toMatchObject({ source: 'human-teacher', text: 'Look at the units digit.' });
    expect(lastUserMessage(student, 1)).toBe(studentFeedbackMessage('Look at the units digit.'));
  });

  it('a human student gets the feedback text and produces complete turns without a prompt', async () => {
    const { human, attemptRequests } = scriptedHuman([WRONG, `<answer>${SOLUTION}</answer>`]);
    const teacher = new ScriptedEngine(['Recount.']);
    const events = await collect(
      runEpisode(
        config({ kind: 'llm-teacher', privileged: 'diagnosis' }, { student: { kind: 'human' } }),
        deps({ human, teacherEngine: teacher }),
      ),
    );
    expect(attemptRequests.map((r) => [r.turn, r.feedback])).toEqual([
      [1, null],
      [2, 'Recount.'],
    ]);
    expect(ending(events)).toMatchObject({ outcome: 'solved', solvedAtTurn: 2 });
    expect(records(events).map((r) => [r.attempt, r.studentPrompt, r.finishReason])).toEqual([
      [WRONG, [], 'stop'],
      [`<answer>${SOLUTION}</answer>`, [], 'stop'],
    ]);
    // A human solver must not watch a draft that the guard could still withhold.
    expect(ofType(events, 'feedback-token')).toEqual([]);
  });
});

describe('history', () => {
  const past = [
    { attempt: 'a1', feedback: { text: 'f1' } as FeedbackRecord },
    { attempt: 'a2', feedback: { text: 'f2' } as FeedbackRecord },
  ];

  it('full keeps every attempt and feedback in order; last keeps only the latest pair', () => {
    const full = buildStudentMessages(TASK, past, 'full');
    expect(full.map((m) => [m.role, m.content])).toEqual([
      ['system', PROMPTS.studentSystem],
      ['user', TASK.prompt],
      ['assistant', 'a1'],
      ['user', studentFeedbackMessage('f1')],
      ['assistant', 'a2'],
      ['user', studentFeedbackMessage('f2')],
    ]);
    const last = buildStudentMessages(TASK, past, 'last');
    expect(last.map((m) => [m.role, m.content])).toEqual([
      ['system', PROMPTS.studentSystem],
      ['user', TASK.prompt],
      ['assistant', 'a2'],
      ['user', studentFeedbackMessage('f2')],
    ]);
    expect(buildStudentMessages(TASK, [], 'last')).toEqual(buildStudentMessages(TASK, [], 'full'));
  });

  it.each(['full', 'last'] as const)('the student engine receives the %s history', async (history) => {
    const student = new ScriptedEngine([answer('11'), answer('12'), answer('13'), answer(SOLUTION)]);
    const events = await collect(
      runEpisode(config({ kind: 'binary' }, { history }), deps({ studentEngine: student })),
    );
    const fourth = student.calls[3]?.messages ?? [];
    const framed = studentFeedbackMessage(PROMPTS.binary);
    if (history === 'full') {
      expect(fourth.map((m) => m.content)).toEqual([
        PROMPTS.studentSystem,
        TASK.prompt,
        answer('11'),
        framed,
        answer('12'),
        framed,
        answer('13'),
        framed,
      ]);
    } else {
      expect(fourth.map((m) => m.content)).toEqual([
        PROMPTS.studentSystem,
        TASK.prompt,
        answer('13'),
        framed,
      ]);
    }
    expect(records(events)[3]?.studentPrompt).toEqual(fourth);
  });
});

describe('leak policy', () => {
  const leaky = [`The answer is ${SOLUTION}.`, `Just write ${SOLUTION}!`, `It's ${SOLUTION}`];

  it("'regenerate' re-asks with new seeds, then withholds and sends the level-1 hint", async () => {
    const student = new ScriptedEngine([answer(WRONG), answer(SOLUTION)]);
    const teacher = new ScriptedEngine(leaky);
    const cfg = config(
      { kind: 'llm-teacher', privileged: 'answer' },
      {
        leakPolicy: 'regenerate',
        maxLeakRetries: 2,
        teacherSampling: { temperature: 0.7, seed: 40, maxTokens: 160 },
      },
    );
    const events = await collect(runEpisode(cfg, deps({ studentEngine: student, teacherEngine: teacher })));
    expect(teacher.calls.map((c) => c.seed)).toEqual([
      deriveSeed(40, 1, 0),
      deriveSeed(40, 1, 1),
      deriveSeed(40, 1, 2),
    ]);
    expect(new Set(teacher.calls.map((c) => c.seed)).size).toBe(3);
    expect(teacher.calls[1]?.messages).toEqual(teacher.calls[0]?.messages);
    expect(ofType(events, 'leak').map((e) => e.text)).toEqual(leaky);
    const diagnosis = records(events)[0]?.diagnosis as Diagnosis;
    const fallback = toySum.hint(TASK, diagnosis, 1);
    const feedback = feedbacks(events)[0];
    expect(feedback).toMatchObject({ text: fallback, withheld: true, regenerations: 2 });
    expect(feedback?.leak.leaked).toBe(true);
    // Usage adds up over the three drafts.
    expect(feedback?.usage?.completionTokens).toBe(leaky.reduce((n, t) => n + t.split(' ').length, 0));
    expect(mentionsSolution(lastUserMessage(student, 1))).toBe(false);
    expect(lastUserMessage(student, 1)).toBe(studentFeedbackMessage(fallback));
  });

  it("'regenerate' keeps the first clean draft", async () => {
    const student = new ScriptedEngine([answer(WRONG), answer(SOLUTION)]);
    const teacher = new ScriptedEngine([leaky[0] as string, 'Check the units digit.']);
    const events = await collect(
      runEpisode(
        config({ kind: 'llm-teacher', privileged: 'answer' }),
        deps({ studentEngine: student, teacherEngine: teacher }),
      ),
    );
    expect(ofType(events, 'leak')).toHaveLength(1);
    expect(feedbacks(events)[0]).toMatchObject({
      text: 'Check the units digit.',
      withheld: false,
      regenerations: 1,
      leak: { leaked: false },
    });
  });

  it("'pass' delivers a leaking message, flagged", async () => {
    const student = new ScriptedEngine([answer(WRONG), answer(SOLUTION)]);
    const teacher = new ScriptedEngine(leaky);
    const events = await collect(
      runEpisode(
        config({ kind: 'llm-teacher', privileged: 'answer' }, { leakPolicy: 'pass' }),
        deps({ studentEngine: student, teacherEngine: teacher }),
      ),
    );
    expect(teacher.calls).toHaveLength(1);
    expect(ofType(events, 'leak')).toHaveLength(1);
    expect(feedbacks(events)[0]).toMatchObject({ text: leaky[0], withheld: false, regenerations: 0 });
    expect(feedbacks(events)[0]?.leak).toMatchObject({ leaked: true, reason: expect.any(String) });
    expect(mentionsSolution(lastUserMessage(student, 1))).toBe(true);
  });

  it('guards the self-teacher too', async () => {
    const student = new ScriptedEngine([
      answer(WRONG),
      `Oh, it must be ${SOLUTION}.`,
      'I added wrong.',
      answer(SOLUTION),
    ]);
    const events = await collect(
      runEpisode(config({ kind: 'self-teacher' }), deps({ studentEngine: student })),
    );
    expect(ofType(events, 'leak')).toHaveLength(1);
    expect(feedbacks(events)[0]).toMatchObject({ text: 'I added wrong.', regenerations: 1, withheld: false });
  });

  it('is a safety net on the rule teacher: withheld with regenerate, flagged with pass', async () => {
    const leakyParams = { ...PARAMS, leakyHints: true };
    const task = toySum.generate(leakyParams, 1, 0); // params are part of the item's identity
    const replies = () => [answer(String(Number(task.solution) + 1)), answer(task.solution)];
    const withheld = await collect(
      runEpisode(
        config({ kind: 'rule-teacher', level: 3 }, { params: leakyParams }),
        deps({ studentEngine: new ScriptedEngine(replies()) }),
      ),
    );
    expect(ofType(withheld, 'leak')).toHaveLength(1);
    expect(feedbacks(withheld)[0]).toMatchObject({ text: 'The sum is too large.', withheld: true });
    expect(ending(withheld)).toMatchObject({ outcome: 'solved', solvedAtTurn: 2 });
    const passed = await collect(
      runEpisode(
        config({ kind: 'rule-teacher', level: 3 }, { params: leakyParams, leakPolicy: 'pass' }),
        deps({ studentEngine: new ScriptedEngine(replies()) }),
      ),
    );
    expect(feedbacks(passed)[0]).toMatchObject({ text: `The answer is ${task.solution}.`, withheld: false });
    expect(feedbacks(passed)[0]?.leak.leaked).toBe(true);
  });

  it('withholds a leaking human teacher at once (no second ask)', async () => {
    const student = new ScriptedEngine([answer(WRONG), answer(SOLUTION)]);
    const { human, feedbackRequests } = scriptedHuman([], [`psst, ${SOLUTION}`, 'unused']);
    const events = await collect(
      runEpisode(config({ kind: 'human-teacher' }), deps({ studentEngine: student, human })),
    );
    expect(feedbackRequests).toHaveLength(1);
    expect(feedbacks(events)[0]).toMatchObject({
      text: 'The sum is too large.',
      withheld: true,
      regenerations: 0,
    });
  });
});

describe('abort and errors', () => {
  it('abort mid-generation keeps only the turns that ended and ends aborted', async () => {
    const student = new ScriptedEngine([
      answer(WRONG),
      { text: 'let me think about this slowly', hang: true },
    ]);
    const controller = new AbortController();
    const events = await collect(
      runEpisode(config({ kind: 'binary' }), deps({ studentEngine: student, signal: controller.signal })),
      (e) => {
        if (e.type === 'student-token' && e.turn === 2) controller.abort();
      },
    );
    expect(ending(events)).toMatchObject({ outcome: 'aborted', solvedAtTurn: null });
    expect(records(events).map((r) => r.turn)).toEqual([1]);
    expect(ofType(events, 'attempt').map((a) => a.turn)).toEqual([1]);
    // The engine saw the abort too (it stops at its next token).
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(student.inFlight).toBe(0);
  });

  it('abort while waiting for a human student ends aborted', async () => {
    const { human } = scriptedHuman([WRONG]); // no second attempt ever comes
    const controller = new AbortController();
    const events = await collect(
      runEpisode(
        config({ kind: 'binary' }, { student: { kind: 'human' } }),
        deps({ human, signal: controller.signal }),
      ),
      (e) => {
        if (e.type === 'turn-start' && e.turn === 2) setTimeout(() => controller.abort(), 5);
      },
    );
    expect(ending(events)).toMatchObject({ outcome: 'aborted' });
    expect(records(events).map((r) => r.turn)).toEqual([1]);
  });

  it('abort while waiting for a human teacher drops the unfinished turn', async () => {
    const student = new ScriptedEngine([answer(WRONG)]);
    const { human } = scriptedHuman([], []); // the teacher never answers
    const controller = new AbortController();
    const events = await collect(
      runEpisode(
        config({ kind: 'human-teacher' }),
        deps({ studentEngine: student, human, signal: controller.signal }),
      ),
      (e) => {
        if (e.type === 'attempt') setTimeout(() => controller.abort(), 5);
      },
    );
    expect(ending(events)).toMatchObject({ outcome: 'aborted' });
    expect(records(events)).toEqual([]);
    expect(feedbacks(events)).toEqual([]);
  });

  it('abort between turns stops before the next turn starts', async () => {
    const student = new ScriptedEngine(() => answer(WRONG));
    const controller = new AbortController();
    const events = await collect(
      runEpisode(config({ kind: 'retry' }), deps({ studentEngine: student, signal: controller.signal })),
      (e) => {
        if (e.type === 'turn-end') controller.abort();
      },
    );
    expect(ending(events)).toMatchObject({ outcome: 'aborted' });
    expect(ofType(events, 'turn-start')).toHaveLength(1);
    expect(student.calls).toHaveLength(1);
  });

  it('an already-aborted signal yields start then aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const student = new ScriptedEngine([answer(SOLUTION)]);
    const events = await collect(
      runEpisode(config({ kind: 'retry' }), deps({ studentEngine: student, signal: controller.signal })),
    );
    expect(events.map((e) => e.type)).toEqual(['episode-start', 'episode-end']);
    expect(ending(events).outcome).toBe('aborted');
    expect(student.calls).toHaveLength(0);
  });

  it('a student engine failure ends error with its message, keeping earlier turns', async () => {
    const student = new ScriptedEngine([answer(WRONG), { text: 'partial', error: 'GPU device lost' }]);
    const events = await collect(runEpisode(config({ kind: 'binary' }), deps({ studentEngine: student })));
    expect(ending(events)).toMatchObject({ outcome: 'error', error: 'GPU device lost', solvedAtTurn: null });
    expect(records(events).map((r) => r.turn)).toEqual([1]);
  });

  it('a teacher engine failure ends error without a half-written turn', async () => {
    const student = new ScriptedEngine([answer(WRONG)]);
    const teacher = new ScriptedEngine([{ error: 'teacher unloaded' }]);
    const events = await collect(
      runEpisode(
        config({ kind: 'llm-teacher', privileged: 'none' }),
        deps({ studentEngine: student, teacherEngine: teacher }),
      ),
    );
    expect(ending(events)).toMatchObject({ outcome: 'error', error: 'teacher unloaded' });
    expect(records(events)).toEqual([]);
  });

  it('a consumer that stops iterating aborts the generation in flight', async () => {
    const student = new ScriptedEngine([{ text: 'a b c d e f', hang: true }]);
    for await (const event of runEpisode(config({ kind: 'retry' }), deps({ studentEngine: student }))) {
      if (event.type === 'student-token') break;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(student.inFlight).toBe(0);
  });
});

describe('defaults and labels', () => {
  it('defaultEpisodeConfig gives the documented defaults and applies overrides', () => {
    const cfg = defaultEpisodeConfig('toy-sum', { params: PARAMS });
    expect(cfg).toMatchObject({
      envId: 'toy-sum',
      preset: 'custom',
      params: PARAMS,
      turnBudget: 5,
      history: 'full',
      leakPolicy: 'regenerate',
      maxLeakRetries: 2,
      studentSampling: { temperature: 0.7, maxTokens: 256 },
      teacherSampling: { temperature: 0.7, maxTokens: 160 },
    });
    expect(Number.isInteger(cfg.studentSampling.seed)).toBe(true);
    expect(defaultEpisodeConfig('toy-sum', { params: PARAMS, turnBudget: 3 }).turnBudget).toBe(3);
    expect(() => defaultEpisodeConfig('no-such-env')).toThrow(/Unknown environment/);
  });

  it('conditionLabel names every condition distinctly', () => {
    const conditions: Condition[] = [
      { kind: 'single' },
      { kind: 'retry' },
      { kind: 'binary' },
      { kind: 'rule-teacher', level: 1 },
      { kind: 'rule-teacher', level: 3 },
      { kind: 'llm-teacher', privileged: 'none' },
      { kind: 'llm-teacher', privileged: 'answer' },
      { kind: 'llm-teacher', privileged: 'solution' },
      { kind: 'llm-teacher', privileged: 'diagnosis' },
      { kind: 'self-teacher' },
      { kind: 'human-teacher' },
    ];
    const labels = conditions.map(conditionLabel);
    expect(new Set(labels).size).toBe(labels.length);
    expect(new Set(conditions.map((c) => c.kind))).toEqual(new Set(CONDITION_KINDS));
  });
});

describe('on the real maze', () => {
  it('runs an llm-teacher episode: a path spelled in words is caught, regenerated, and the student solves', async () => {
    const maze = environments.maze;
    if (!maze) throw new Error('the maze is not registered');
    const cfg = defaultEpisodeConfig('maze', {
      student: { kind: 'model', modelId: 'scripted-model' },
      condition: { kind: 'llm-teacher', privileged: 'answer' },
      taskSeed: 7,
      index: 3,
    });
    const task: Task = maze.generate(cfg.params, cfg.taskSeed, cfg.index);
    const moves = task.solution.split(' ');
    const last = moves.at(-1) === 'U' ? 'D' : 'U';
    const wrong = [...moves.slice(0, -1), last].join(' ');
    expect(maze.verify(task, `<answer>${wrong}</answer>`).correct).toBe(false);
    const words: Record<string, string> = { U: 'up', D: 'down', L: 'left', R: 'right' };
    const spelled = `Go ${moves.map((m) => words[m]).join(', then ')}.`;

    const student = new ScriptedEngine([`<answer>${wrong}</answer>`, `<answer>${task.solution}</answer>`]);
    const teacher = new ScriptedEngine([spelled, 'Your last move goes the wrong way; check where G is.']);
    const events = await collect(
      runEpisode(cfg, deps({ env: maze, studentEngine: student, teacherEngine: teacher })),
    );

    expect(ending(events)).toMatchObject({ outcome: 'solved', solvedAtTurn: 2 });
    expect(ofType(events, 'leak').map((e) => e.text)).toEqual([spelled]);
    expect(feedbacks(events)[0]).toMatchObject({ regenerations: 1, withheld: false });
    expect(teacher.calls[0]?.messages.at(-1)?.content).toContain(task.solution);
    expect(student.calls[1]?.messages.at(-1)?.content).toBe(
      studentFeedbackMessage('Your last move goes the wrong way; check where G is.'),
    );
    expect(records(events)[0]?.diagnosis.correct).toBe(false);
  });
});
