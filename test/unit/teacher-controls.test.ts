/**
 * The papers' controls as the protocol runs them: the attempt-agnostic guide, keep going after a
 * correct attempt, a teacher scratchpad, a teacher that remembers its feedback, and a word limit.
 */
import { describe, expect, it } from 'vitest';
import {
  conditionLabel,
  limitWords,
  PROMPTS,
  readTeacherDraft,
  runEpisode,
  type EpisodeEvent,
  type TurnRecord,
} from '../../src/core/protocol';
import { turnsVerdict } from '../../src/core/protocol/resume';
import { compactTurns, expandTurns } from '../../src/store/transcript-codec';
import { ScriptedEngine } from '../helpers/scripted-engine';
import { toySum } from '../helpers/toy-env';
import { TOY_PARAMS, collectEvents, toyConfig, toyDeps } from '../helpers/toy-episode';

const TASK = toySum.generate(TOY_PARAMS, 1, 0);
const SOLUTION = TASK.solution;
const WRONG = String(Number(SOLUTION) + 1);
const answer = (text: string) => `<answer>${text}</answer>`;
const records = (events: EpisodeEvent[]): TurnRecord[] =>
  events.flatMap((e) => (e.type === 'turn-end' ? [e.record] : []));
const end = (events: EpisodeEvent[]) => events.at(-1) as Extract<EpisodeEvent, { type: 'episode-end' }>;
const userText = (engine: ScriptedEngine, call: number) =>
  engine.calls[call]!.messages.map((m) => m.content).join('\n');

describe('the guide teacher', () => {
  it('knows the answer but is never shown the attempt', async () => {
    const student = new ScriptedEngine([answer('1234'), answer(SOLUTION)]);
    const teacher = new ScriptedEngine(['Add the tens first, then the ones.']);
    const events = await collectEvents(
      runEpisode(
        toyConfig({ kind: 'llm-teacher', privileged: 'guide' }),
        toyDeps({ studentEngine: student, teacherEngine: teacher }),
      ),
    );
    expect(end(events)).toMatchObject({ outcome: 'solved', solvedAtTurn: 2 });
    const prompt = userText(teacher, 0);
    expect(prompt).toContain(`Correct answer (secret, do not reveal): ${SOLUTION}`);
    expect(prompt).not.toContain('1234');
    expect(teacher.calls[0]!.messages[0]!.content).toBe(PROMPTS.guideSystem);
    expect(conditionLabel({ kind: 'llm-teacher', privileged: 'guide' })).toBe(
      'LLM guide (sees the answer, not the attempt)',
    );
  });
});

describe('keep going after a correct attempt', () => {
  it('runs the whole budget, is solved at its first correct turn, and scores a regression', async () => {
    const student = new ScriptedEngine([answer(WRONG), answer(SOLUTION), answer(WRONG), answer(SOLUTION)]);
    const events = await collectEvents(
      runEpisode(
        toyConfig({ kind: 'binary' }, { turnBudget: 4, keepGoing: true }),
        toyDeps({ studentEngine: student }),
      ),
    );
    expect(end(events)).toMatchObject({ outcome: 'solved', solvedAtTurn: 2 });
    const turns = records(events);
    expect(turns.map((t) => t.diagnosis.correct)).toEqual([false, true, false, true]);
    expect(turns.map((t) => t.feedback?.text ?? null)).toEqual([
      PROMPTS.binary,
      PROMPTS.correct,
      PROMPTS.binary,
      null,
    ]);
  });

  it('retry never tells the verdict, not even after a correct attempt', async () => {
    const student = new ScriptedEngine([answer(SOLUTION), answer(SOLUTION)]);
    const events = await collectEvents(
      runEpisode(
        toyConfig({ kind: 'retry' }, { turnBudget: 2, keepGoing: true }),
        toyDeps({ studentEngine: student }),
      ),
    );
    expect(records(events)[0]!.feedback?.text).toBe(PROMPTS.retry);
    expect(end(events)).toMatchObject({ outcome: 'solved', solvedAtTurn: 1 });
  });

  it('a model teacher is not asked about a correct attempt: the verdict is sent in fixed words', async () => {
    const student = new ScriptedEngine([answer(SOLUTION), answer(SOLUTION)]);
    const teacher = new ScriptedEngine(['never asked']);
    const events = await collectEvents(
      runEpisode(
        toyConfig({ kind: 'llm-teacher', privileged: 'answer' }, { turnBudget: 2, keepGoing: true }),
        toyDeps({ studentEngine: student, teacherEngine: teacher }),
      ),
    );
    expect(teacher.calls).toHaveLength(0);
    expect(records(events)[0]!.feedback).toMatchObject({ source: 'llm-teacher', text: PROMPTS.correct });
  });

  it('without it, the episode ends at the first correct attempt (the rule written once)', () => {
    const turns = [
      { turn: 1, diagnosis: { correct: true } },
      { turn: 2, diagnosis: { correct: false } },
    ];
    const base = { condition: { kind: 'retry' } as const, turnBudget: 3 };
    expect(turnsVerdict(base, turns.slice(0, 1))).toEqual({ state: 'solved', turn: 1 });
    expect(turnsVerdict({ ...base, keepGoing: true }, turns.slice(0, 1))).toEqual({ state: 'open' });
    expect(
      turnsVerdict({ ...base, keepGoing: true }, [...turns, { turn: 3, diagnosis: { correct: false } }]),
    ).toEqual({ state: 'solved', turn: 1 });
  });
});

describe('teacher options', () => {
  it('a scratchpad teacher thinks first; only its feedback reaches the student, the thinking is stored', async () => {
    const student = new ScriptedEngine([answer(WRONG), answer(SOLUTION)]);
    const teacher = new ScriptedEngine([
      `<think>The student is one too high: ${WRONG} against ${SOLUTION}.</think><feedback>Check how you carried.</feedback>`,
    ]);
    const events = await collectEvents(
      runEpisode(
        toyConfig({ kind: 'llm-teacher', privileged: 'answer' }, { teacherOptions: { scratchpad: true } }),
        toyDeps({ studentEngine: student, teacherEngine: teacher }),
      ),
    );
    const feedback = records(events)[0]!.feedback!;
    expect(feedback.text).toBe('Check how you carried.');
    expect(feedback.scratchpad).toContain(SOLUTION);
    // The scratchpad named the answer, but the student never read it: nothing leaked.
    expect(feedback.leak.leaked).toBe(false);
    expect(userText(student, 1)).not.toContain(`against ${SOLUTION}`);
    expect(teacher.calls[0]!.messages[0]!.content).toContain(PROMPTS.scratchpad);
  });

  it('a teacher with memory reads the feedback it gave at the earlier turns', async () => {
    const student = new ScriptedEngine([answer(WRONG), answer(WRONG), answer(SOLUTION)]);
    const teacher = new ScriptedEngine(['Look at the ones digit.', 'Now the tens.']);
    const events = await collectEvents(
      runEpisode(
        toyConfig({ kind: 'llm-teacher', privileged: 'diagnosis' }, { teacherOptions: { memory: true } }),
        toyDeps({ studentEngine: student, teacherEngine: teacher }),
      ),
    );
    expect(userText(teacher, 0)).not.toContain('Your earlier feedback');
    expect(userText(teacher, 1)).toContain(
      'Your earlier feedback to this student:\n1. Look at the ones digit.',
    );
    // Stored compactly and rebuilt exactly: the codec rebuilds memory prompts from the earlier turns.
    const config = toyConfig(
      { kind: 'llm-teacher', privileged: 'diagnosis' },
      { teacherOptions: { memory: true } },
    );
    const turns = records(events);
    const ctx = { task: TASK, config };
    const compact = compactTurns(ctx, turns);
    expect(compact.slice(0, 2).every((t) => t.feedback?.prompt === null)).toBe(true);
    expect(expandTurns(ctx, compact)).toEqual(turns);
  });

  it('a word limit is asked for and holds: longer feedback is cut, and says so', async () => {
    // The self-teacher is the student model: its second call is the critique.
    const student = new ScriptedEngine([
      answer(WRONG),
      'one two three four five six seven eight nine ten eleven twelve',
      answer(SOLUTION),
    ]);
    const events = await collectEvents(
      runEpisode(
        toyConfig({ kind: 'self-teacher' }, { teacherOptions: { wordLimit: 5 } }),
        toyDeps({ studentEngine: student }),
      ),
    );
    expect(student.calls[1]!.messages[0]!.content).toContain('Write at most 5 words to the student.');
    const feedback = records(events)[0]!.feedback!;
    expect(feedback).toMatchObject({
      source: 'self-teacher',
      text: 'one two three four five…',
      cutToWords: 5,
    });
    expect(userText(student, 2)).toContain('one two three four five…');
    expect(userText(student, 2)).not.toContain('six');
  });

  it('reads drafts: an unclosed feedback tag counts to the end; a model that ignored the format is read plainly', () => {
    expect(readTeacherDraft('<think>hmm</think><feedback>Count again', { scratchpad: true })).toEqual({
      text: 'Count again',
      scratchpad: 'hmm',
    });
    expect(readTeacherDraft('<think>hmm</think> Count again.', { scratchpad: true })).toEqual({
      text: 'Count again.',
      scratchpad: 'hmm',
    });
    expect(readTeacherDraft('a b c d e f', { wordLimit: 5 })).toEqual({ text: 'a b c d e…', cutToWords: 5 });
    expect(readTeacherDraft('a b c', { wordLimit: 5 })).toEqual({ text: 'a b c' });
    expect(limitWords('  a   b  ', 1)).toEqual({ text: 'a…', cut: true });
  });
});
