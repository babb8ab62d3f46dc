import { describe, expect, it } from 'vitest';
import { runEpisode } from '../../src/core/protocol';
import { selfTeacherMessages } from '../../src/core/protocol/prompts';
import type { Condition, EpisodeEvent, FeedbackRecord } from '../../src/core/protocol/types';
import {
  TRAINING_DIALECTS,
  trainingData,
  type TrainingEpisode,
  type TrainingOptions,
} from '../../src/core/training-data';
import { ScriptedEngine } from '../helpers/scripted-engine';
import { toySum } from '../helpers/toy-env';
import { TOY_PARAMS, collectEvents, toyConfig, toyDeps } from '../helpers/toy-episode';

const TASK = toySum.generate(TOY_PARAMS, 1, 0);
const SOLUTION = TASK.solution;
const WRONG = String(Number(SOLUTION) + 1);
const WRONG2 = String(Number(SOLUTION) - 1);
const answer = (text: string) => `I think it is <answer>${text}</answer>`;

/** A real episode (an attempt starting with '~' is sent as it is, not in answer tags) of the protocol with scripted engines, as the store would hand it to the export. */
async function episode(
  condition: Condition,
  attempts: string[],
  teacher: string[] = [],
  id = 'ep-1',
): Promise<TrainingEpisode> {
  const deps = toyDeps({
    studentEngine: new ScriptedEngine(attempts.map((a) => (a.startsWith('~') ? a.slice(1) : answer(a)))),
    ...(teacher.length > 0 ? { teacherEngine: new ScriptedEngine(teacher) } : {}),
  });
  const config = toyConfig(condition, { turnBudget: 4 });
  const events: EpisodeEvent[] = await collectEvents(runEpisode(config, deps));
  const end = events.at(-1);
  if (end?.type !== 'episode-end') throw new Error('no end');
  const start = events.find((e) => e.type === 'episode-start');
  if (start?.type !== 'episode-start') throw new Error('no start');
  const turns = events.flatMap((e) => (e.type === 'turn-end' ? [e.record] : []));
  return {
    episode: { id, config, task: start.task, status: end.outcome, solvedAtTurn: end.solvedAtTurn },
    turns,
  };
}

const parse = (lines: string[]) => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
const sft: TrainingOptions = { kind: 'sft', dialect: 'trl' };
const teacher: Condition = { kind: 'llm-teacher', privileged: 'answer' };

describe('training data: SFT on corrected attempts', () => {
  it('is the conversation the student saw before the fix, then the fix', async () => {
    const item = await episode(teacher, [WRONG, WRONG2, SOLUTION], ['Check the units.', 'Add again.']);
    const { lines, report } = trainingData([item], sft);
    expect(report).toMatchObject({ episodes: 1, examples: 1 });
    const [line] = parse(lines);
    const messages = line?.messages as { role: string; content: string }[];
    expect(messages.at(-1)).toEqual({ role: 'assistant', content: answer(SOLUTION) });
    // Exactly what the model was sent for attempt 3.
    expect(messages.slice(0, -1)).toEqual(item.turns[2]?.studentPrompt);
    expect(messages.map((m) => m.role)).toEqual([
      'system',
      'user',
      'assistant',
      'user',
      'assistant',
      'user',
      'assistant',
    ]);
    expect(line?.metadata).toMatchObject({
      episodeId: 'ep-1',
      envId: toySum.id,
      turn: 3,
      condition: 'llm-teacher',
    });
  });

  it('leaves out first-try solves unless asked, failures, and episodes whose feedback leaked', async () => {
    const first = await episode({ kind: 'retry' }, [SOLUTION], [], 'first');
    const failed = await episode({ kind: 'retry' }, [WRONG, WRONG, WRONG, WRONG], [], 'failed');
    const leaked = await episode(teacher, [WRONG, SOLUTION], Array(3).fill(`It is ${SOLUTION}.`), 'leaked');
    // 'pass' policy would deliver it; the default regenerates and then withholds, so force delivery:
    const delivered = structuredClone(leaked);
    const fb = delivered.turns[0]?.feedback as FeedbackRecord;
    Object.assign(fb, {
      text: `It is ${SOLUTION}.`,
      withheld: false,
      leak: { leaked: true, overlap: 1, reason: 'x' },
    });
    const { report } = trainingData([first, failed, delivered], sft);
    expect(report.examples).toBe(0);
    expect(report.skipped).toMatchObject({ 'not-corrected': 2, leaked: 1 });
    expect(trainingData([first], { ...sft, firstTry: true }).report.examples).toBe(1);
    // The withheld draft never reached the student: its episode is fine to train on.
    expect(leaked.turns[0]?.feedback?.withheld).toBe(true);
    expect(trainingData([leaked], sft).report.examples).toBe(1);
  });
});

describe('training data: critique prediction', () => {
  it('maps what the student can see (task and attempt) to the teacher feedback', async () => {
    const item = await episode(teacher, [WRONG, WRONG2, SOLUTION], ['Check the units.', 'Add again.']);
    const { lines, report } = trainingData([item], { kind: 'critique', dialect: 'openai' });
    expect(report.examples).toBe(2);
    const [one, two] = parse(lines);
    expect(one).toEqual({
      messages: [
        ...selfTeacherMessages(TASK, answer(WRONG)),
        { role: 'assistant', content: 'Check the units.' },
      ],
    });
    expect(two?.messages).toEqual([
      ...selfTeacherMessages(TASK, answer(WRONG2)),
      { role: 'assistant', content: 'Add again.' },
    ]);
    // The input never holds the answer the teacher knew.
    expect(JSON.stringify(one?.messages)).not.toContain(`>${SOLUTION}<`);
    const helpful = trainingData([item], { kind: 'critique', dialect: 'trl', onlyHelpful: true });
    expect(helpful.report).toMatchObject({ examples: 1, skipped: { 'not-helpful': 1 } });
    expect(parse(helpful.lines)[0]?.metadata).toMatchObject({ turn: 2 });
  });

  it('has no critique from retry or binary, skips withheld drafts, and self-teaching only when asked', async () => {
    const retry = await episode({ kind: 'retry' }, [WRONG, SOLUTION]);
    const binary = await episode({ kind: 'binary' }, [WRONG, SOLUTION]);
    const withheld = await episode(teacher, [WRONG, SOLUTION], Array(3).fill(`It is ${SOLUTION}.`));
    const critique: TrainingOptions = { kind: 'critique', dialect: 'trl' };
    expect(trainingData([retry, binary, withheld], critique).report).toMatchObject({
      examples: 0,
      skipped: { 'no-critique': 2, withheld: 1 },
    });
    const self = await episode({ kind: 'self-teacher' }, [WRONG, '~I made an addition slip.', SOLUTION]);
    expect(trainingData([self], critique).report.examples).toBe(0);
    expect(trainingData([self], { ...critique, includeSelfTeacher: true }).report.examples).toBe(1);
  });
});

describe('training data: preference pairs', () => {
  it('pairs the corrected attempt against each distinct earlier wrong one, in both dialects', async () => {
    const item = await episode(teacher, [WRONG, WRONG, WRONG2, SOLUTION], ['a', 'b', 'c']);
    const trl = trainingData([item], { kind: 'preference', dialect: 'trl' });
    expect(trl.report.examples).toBe(2);
    const [pair] = parse(trl.lines);
    const prompt = item.turns[0]?.studentPrompt;
    expect(pair).toMatchObject({
      prompt,
      chosen: [{ role: 'assistant', content: answer(SOLUTION) }],
      rejected: [{ role: 'assistant', content: answer(WRONG) }],
      metadata: { turn: 4, rejectedTurn: 1 },
    });
    expect(parse(trl.lines)[1]?.metadata).toMatchObject({ rejectedTurn: 3 });
    const openai = parse(trainingData([item], { kind: 'preference', dialect: 'openai' }).lines);
    expect(openai[0]).toEqual({
      input: { messages: prompt },
      preferred_output: [{ role: 'assistant', content: answer(SOLUTION) }],
      non_preferred_output: [{ role: 'assistant', content: answer(WRONG) }],
    });
  });

  it('OpenAI lines carry only the keys OpenAI reads; every line is one JSON object', async () => {
    const item = await episode(teacher, [WRONG, SOLUTION], ['Check the units.']);
    for (const dialect of TRAINING_DIALECTS) {
      for (const kind of ['sft', 'critique', 'preference'] as const) {
        const { lines } = trainingData([item], { kind, dialect });
        expect(lines).toHaveLength(1);
        expect(lines[0]).not.toContain('\n');
        const keys = Object.keys(parse(lines)[0] ?? {});
        if (dialect === 'openai')
          expect(keys).toEqual(
            kind === 'preference' ? ['input', 'preferred_output', 'non_preferred_output'] : ['messages'],
          );
        else expect(keys).toContain('metadata');
      }
    }
  });

  it('rebuilds the conversation for a person, who was sent no chat', async () => {
    const item = await episode(teacher, [WRONG, SOLUTION], ['Check the units.']);
    const human = structuredClone(item);
    for (const t of human.turns) t.studentPrompt = [];
    const a = parse(trainingData([item], sft).lines)[0]?.messages;
    const b = parse(trainingData([human], sft).lines)[0]?.messages;
    expect(b).toEqual(a);
  });
});
