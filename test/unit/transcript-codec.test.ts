import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { environments } from '../../src/core/envs';
import type { Diagnosis } from '../../src/core/envs/types';
import {
  PROMPTS,
  buildStudentMessages,
  selfTeacherMessages,
  teacherMessages,
  type TurnRecord,
} from '../../src/core/protocol';
import {
  PROMPT_BUILDERS_VERSION,
  compactTurns,
  expandTurns,
  type TranscriptContext,
} from '../../src/store/transcript-codec';
import { syntheticHistory } from '../helpers/history-fixtures';
import { makeTask } from '../helpers/store-fixtures';

const items = syntheticHistory(140, { turns: 5, seed: 11 });

describe('transcript codec', () => {
  it('gives back every turn exactly, key order included, for every condition and student', () => {
    for (const { episode, turns } of items) {
      const back = expandTurns(episode, compactTurns(episode, turns));
      expect(JSON.stringify(back)).toBe(JSON.stringify(turns));
    }
  });

  it('leaves out the student and teacher prompts the builders rebuild', () => {
    let studentPrompts = 0;
    let teacherPrompts = 0;
    for (const { episode, turns } of items) {
      for (const turn of compactTurns(episode, turns)) {
        if (turn.studentPrompt !== null)
          expect(turn.studentPrompt).toEqual([]); // human students
        else studentPrompts++;
        if (turn.feedback?.prompt !== undefined) {
          expect(turn.feedback.prompt).toBeNull();
          teacherPrompts++;
        }
      }
    }
    expect(studentPrompts).toBeGreaterThan(100);
    expect(teacherPrompts).toBeGreaterThan(10);
    const before = JSON.stringify(items).length;
    const after = JSON.stringify(items.map((i) => compactTurns(i.episode, i.turns))).length;
    expect(after).toBeLessThan(before * 0.8);
  });

  it("rebuilds 'last' history and self-teacher prompts too", () => {
    const env = environments.arithmetic!;
    const task = env.generate(env.presets[env.defaultPreset], 5, 2);
    const ctx: TranscriptContext = { task, config: { history: 'last', condition: { kind: 'self-teacher' } } };
    const turns: TurnRecord[] = [];
    for (let t = 1; t <= 4; t++) {
      const attempt = `<answer>${t}</answer>`;
      const last = t === 4;
      turns.push({
        turn: t,
        studentPrompt: buildStudentMessages(task, turns, 'last'),
        attempt,
        finishReason: 'stop',
        diagnosis: env.verify(task, attempt),
        feedback: last
          ? null
          : {
              source: 'self-teacher',
              text: `check step ${t}`,
              leak: { leaked: false, overlap: 0, reason: null },
              regenerations: 0,
              withheld: false,
              prompt: selfTeacherMessages(task, attempt),
              ms: 5,
            },
        startedAt: t,
        endedAt: t + 1,
        studentMs: 1,
      });
    }
    const compact = compactTurns(ctx, turns);
    expect(compact.every((t) => t.studentPrompt === null)).toBe(true);
    expect(compact.slice(0, 3).every((t) => t.feedback?.prompt === null)).toBe(true);
    expect(expandTurns(ctx, compact)).toEqual(turns);
  });

  it('keeps verbatim any prompt that differs from the rebuilt one, even only in key order', () => {
    const { episode, turns } = items.find(
      (i) =>
        i.episode.conditionKind === 'llm-teacher' && i.episode.studentModel !== 'human' && i.turns.length > 2,
    )!;
    const changed = structuredClone(turns);
    const reordered = changed[1]!.studentPrompt.map((m) => ({ content: m.content, role: m.role }));
    changed[1]!.studentPrompt = reordered;
    changed[0]!.feedback!.prompt = [{ role: 'user', content: 'an older teacher prompt' }];
    const compact = compactTurns(episode, changed);
    expect(compact[1]!.studentPrompt).toBe(reordered);
    expect(compact[0]!.feedback!.prompt).toEqual([{ role: 'user', content: 'an older teacher prompt' }]);
    expect(compact[2]!.studentPrompt).toBeNull();
    expect(JSON.stringify(expandTurns(episode, compact))).toBe(JSON.stringify(changed));
  });

  it('refuses turns stored with prompt builders it does not have', () => {
    const { episode, turns } = items[1]!;
    expect(() => expandTurns(episode, compactTurns(episode, turns), PROMPT_BUILDERS_VERSION + 1)).toThrow(
      /prompt builders version 2; this build has version 1/,
    );
  });

  it('the prompt builders are the ones of PROMPT_BUILDERS_VERSION', () => {
    // Stored turns leave out the prompts these builders make; if their output changes, turns stored
    // earlier would be rebuilt with text they never had. Changing a prompt means: bump
    // PROMPT_BUILDERS_VERSION, keep the old builders for records stored under the old version, and
    // then update this digest.
    // Fixed inputs (not generated), so only a change in the builders changes the digest.
    const task = { ...makeTask(), prompt: 'Task text.\nLine two.', solution: 'RRDD' };
    const diagnosis: Diagnosis = {
      correct: false,
      score: 0.25,
      issues: [
        { code: 'wall', message: 'Hit a wall', step: 3, where: { row: 2, col: 1 } },
        { code: 'short', message: 'Stops early' },
      ],
      parsed: 'RRD',
    };
    const past = [
      { attempt: ' <answer>RRD</answer> ', feedback: { text: 'Look at step 3.' } },
      { attempt: '', feedback: { text: '  ' } },
      { attempt: '<answer>DDRR</answer>', feedback: null },
    ];
    const outputs = [
      buildStudentMessages(task, [], 'full'),
      buildStudentMessages(task, past, 'full'),
      buildStudentMessages(task, past, 'last'),
      ...(['none', 'answer', 'solution', 'diagnosis'] as const).map((p) =>
        teacherMessages(task, past[0]!.attempt, diagnosis, p),
      ),
      teacherMessages(task, '', { ...diagnosis, issues: [] }, 'diagnosis'),
      selfTeacherMessages(task, past[0]!.attempt),
      selfTeacherMessages(task, ''),
    ];
    const digest = createHash('sha256')
      .update(JSON.stringify([PROMPTS, outputs]))
      .digest('hex');
    expect(PROMPT_BUILDERS_VERSION).toBe(1);
    expect(digest).toBe('db1d8a798b62c0fe85275cfc341266a3cb9269296acdc9d4818aa1a8626b1d9a');
  });
});
