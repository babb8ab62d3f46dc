import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { environments } from '../../src/core/envs';
import type { Diagnosis } from '../../src/core/envs/types';
import {
  PROMPTS,
  TRY_AGAIN_BY_VERSION,
  buildStudentMessages,
  selfTeacherMessages,
  teacherMessages,
  type TurnRecord,
} from '../../src/core/protocol';
import {
  PROMPT_BUILDERS_VERSION,
  compactTurn,
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
      /prompt builders version 3; this build has version 2/,
    );
  });

  it('rebuilds turns stored under version 1 with version 1’s try-again line, and keeps it on append', () => {
    const { episode, turns } = items.find(
      (i) => i.turns.length > 1 && i.turns.some((t) => t.feedback !== null && t.feedback.text.trim() !== ''),
    )!;
    // Turns as version 1 built them: the old line after every feedback.
    const v1 = TRY_AGAIN_BY_VERSION[1]!;
    const old = turns.map((t, i) => ({
      ...t,
      studentPrompt: buildStudentMessages(
        episode.task,
        turns.slice(0, i),
        episode.config.history,
        episode.config.demonstration,
        v1,
      ),
    }));
    expect(JSON.stringify(old)).toContain('Answer with <answer>...</answer>.');
    const compact = old.reduce<ReturnType<typeof compactTurns>>(
      (out, t) => [...out, compactTurn(episode, out, t, 1)],
      [],
    );
    expect(compact.every((t) => t.studentPrompt === null)).toBe(true);
    expect(expandTurns(episode, compact, 1)).toEqual(old);
    // Read with the current builders, the same record would rebuild other text: the version matters.
    expect(expandTurns(episode, compact)).not.toEqual(old);
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
    const digestOf = (tryAgain: string) => {
      const outputs = [
        buildStudentMessages(task, [], 'full', undefined, tryAgain),
        buildStudentMessages(task, past, 'full', undefined, tryAgain),
        buildStudentMessages(task, past, 'last', undefined, tryAgain),
        ...(['none', 'answer', 'solution', 'diagnosis'] as const).map((p) =>
          teacherMessages(task, past[0]!.attempt, diagnosis, p),
        ),
        teacherMessages(task, '', { ...diagnosis, issues: [] }, 'diagnosis'),
        selfTeacherMessages(task, past[0]!.attempt),
        selfTeacherMessages(task, ''),
      ];
      // The texts these builders used when the digests were recorded (later keys are digested below).
      const { studentSystem, retry, binary, teacherSystem, selfTeacherSystem } = PROMPTS;
      const texts = { studentSystem, tryAgain, retry, binary, teacherSystem, selfTeacherSystem };
      return createHash('sha256')
        .update(JSON.stringify([texts, outputs]))
        .digest('hex');
    };
    // The builders added under version 2 without changing its earlier prompts: the guide and the
    // teacher options (scratchpad, memory, word limit). Stored prompts of theirs rebuild with these.
    const style = {
      options: { scratchpad: true, memory: true, wordLimit: 30 },
      earlier: ['Look again.', 'Closer.'],
    };
    const styled = [
      teacherMessages(task, past[0]!.attempt, diagnosis, 'guide'),
      teacherMessages(task, past[0]!.attempt, diagnosis, 'answer', style),
      teacherMessages(task, past[0]!.attempt, diagnosis, 'guide', { options: { wordLimit: 12 } }),
      selfTeacherMessages(task, past[0]!.attempt, style),
      selfTeacherMessages(task, past[0]!.attempt, { options: { memory: true }, earlier: [] }),
    ];
    const { guideSystem, scratchpad, correct } = PROMPTS;
    expect(
      createHash('sha256')
        .update(JSON.stringify([{ guideSystem, scratchpad, correct }, styled]))
        .digest('hex'),
    ).toBe('965c46d654f2ca4d0d691f047e228fac2788c12f35b304edf38e8866e538cf93');
    expect(PROMPT_BUILDERS_VERSION).toBe(2);
    // Version 1's builders are still here, unchanged: the digest recorded when it was current.
    expect(digestOf(TRY_AGAIN_BY_VERSION[1]!)).toBe(
      'db1d8a798b62c0fe85275cfc341266a3cb9269296acdc9d4818aa1a8626b1d9a',
    );
    expect(buildStudentMessages(task, past, 'full')).toEqual(
      buildStudentMessages(task, past, 'full', undefined, TRY_AGAIN_BY_VERSION[2]!),
    );
    expect(digestOf(TRY_AGAIN_BY_VERSION[2]!)).toBe(
      '0c79e4460019e7852440fde2b9f56f15ff6d0ff3ad8c3b56c991bf07a8c1052a',
    );
  });
});
