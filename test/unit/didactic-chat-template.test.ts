import { describe, expect, it } from 'vitest';
import {
  byteLength,
  chatTemplateId,
  compactMessage,
  END_MARK,
  fixedTaskLines,
  lossMask,
  perturb,
  renderChat,
  renderPrompt,
  renderTraining,
  ROLE_MARK,
  trainingItem,
  transcriptMessages,
  type WrongAttempt,
} from '../../src/core/didactic';
import type { ChatMessage } from '../../src/core/engine';
import { PRESET_NAMES, type PresetName, type Task } from '../../src/core/envs/types';
import { PROMPTS, TRY_AGAIN_BY_VERSION } from '../../src/core/protocol';
import { createRng } from '../../src/core/rng';

const decoder = new TextDecoder();

/** A transcript with `attempts` attempts (the last one correct) of training item `index`. */
function transcript(envId: string, preset: PresetName, index: number, attempts: number): ChatMessage[] {
  const task: Task = trainingItem(envId, preset, 1, index);
  if (attempts === 1) return transcriptMessages('answers-only', task, [], 3);
  const rng = createRng(index);
  const wrong: WrongAttempt[] = [];
  for (let i = 1; i < attempts; i++)
    wrong.push(
      perturb(
        task,
        rng,
        wrong.map((w) => w.text),
      )!,
    );
  return transcriptMessages('didactic', task, wrong, 3);
}

/** The bytes of `bytes` where `mask` is 1, as text. */
const masked = (bytes: Uint8Array, mask: Uint8Array) => decoder.decode(bytes.filter((_, i) => mask[i] === 1));

describe('chat template', () => {
  it('renders each message as its role byte, its content and the end byte', () => {
    const messages: ChatMessage[] = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi ×' },
      { role: 'assistant', content: 'Hello' },
    ];
    expect(renderChat(messages)).toBe('\x01Be brief.\x04\x02Hi ×\x04\x03Hello\x04');
    expect(renderPrompt(messages.slice(0, 2))).toBe('\x01Be brief.\x04\x02Hi ×\x04\x03');
    expect(byteLength(renderChat(messages))).toBe(renderChat(messages).length + 1); // × is two bytes
  });

  it('a prompt plus the reply and the end byte is exactly the training text (one format both ways)', () => {
    for (const envId of ['maze', 'arithmetic']) {
      for (let attempts = 1; attempts <= 3; attempts++) {
        const messages = transcript(envId, 'medium', attempts, attempts);
        const reply = messages.at(-1)!.content;
        expect(renderPrompt(messages.slice(0, -1)) + reply + END_MARK).toBe(renderChat(messages));
      }
    }
  });

  it('removes mark bytes from content, so a mark only ever means a mark', () => {
    const messages: ChatMessage[] = [
      { role: 'user', content: 'a\x03b\x04c' },
      { role: 'assistant', content: '\x02x\x01' },
    ];
    expect(renderChat(messages)).toBe('\x02abc\x04\x03x\x04');
  });

  it('the loss mask covers exactly the assistant text and its end byte', () => {
    for (const envId of ['maze', 'arithmetic']) {
      for (let attempts = 1; attempts <= 3; attempts++) {
        const messages = transcript(envId, 'easy', 10 + attempts, attempts);
        const { bytes, mask } = renderTraining(messages, 'all');
        expect(mask).toHaveLength(bytes.length);
        const assistant = messages.filter((m) => m.role === 'assistant');
        expect(masked(bytes, mask)).toBe(assistant.map((m) => m.content + END_MARK).join(''));
        // Every masked run starts right after an assistant role byte and ends on an end byte.
        for (let i = 0; i < bytes.length; i++) {
          if (mask[i] === 1 && mask[i - 1] !== 1)
            expect(bytes[i - 1]).toBe(ROLE_MARK.assistant.charCodeAt(0));
          if (mask[i] === 1 && mask[i + 1] !== 1) expect(bytes[i]).toBe(END_MARK.charCodeAt(0));
        }
        // 'last': only the corrected attempt, never the errors before it.
        const last = renderTraining(messages, 'last');
        expect(masked(last.bytes, last.mask)).toBe(assistant.at(-1)!.content + END_MARK);
        expect(lossMask(messages, 'last')).toEqual(last.mask);
      }
    }
  });

  it('compaction drops the student system prompt, the try-again line and the fixed task lines', () => {
    expect(compactMessage({ role: 'system', content: PROMPTS.studentSystem })).toBeNull();
    expect(compactMessage({ role: 'system', content: 'You review your answer.' })).toEqual({
      role: 'system',
      content: 'You review your answer.',
    });
    for (const tryAgain of Object.values(TRY_AGAIN_BY_VERSION)) {
      expect(compactMessage({ role: 'user', content: `Too high.\n\n${tryAgain}` })?.content).toBe(
        'Too high.',
      );
      expect(compactMessage({ role: 'user', content: tryAgain })?.content).toBe('');
    }
    // Assistant text is never compacted.
    const said = `${PROMPTS.studentSystem}\n${PROMPTS.tryAgain}`;
    expect(compactMessage({ role: 'assistant', content: said })?.content).toBe(said);

    const maze = trainingItem('maze', 'medium', 1, 0);
    const mazeText = compactMessage({ role: 'user', content: maze.prompt })!.content;
    const data = maze.data as { grid: string[]; start: { row: number }; goal: { row: number } };
    // What differs between mazes stays: every grid row, and where S and G are.
    for (const row of data.grid) expect(mazeText).toContain(row.split('').join(' '));
    expect(mazeText).toMatch(/S is at row \d+, col \d+; G is at row \d+, col \d+\./);
    expect(mazeText).not.toContain('Moves: U = up one row');
    expect(mazeText).not.toContain('<answer>');

    const sum = trainingItem('arithmetic', 'medium', 1, 0);
    const sumText = compactMessage({ role: 'user', content: sum.prompt })!.content;
    expect(sumText).toBe(`Compute ${(sum.data as { expression: string }).expression}.`);
  });

  it('the fixed lines are lines every task shares, long enough to be sure of', () => {
    const fixed = fixedTaskLines();
    expect(fixed.size).toBeGreaterThan(4);
    for (const line of fixed) expect(line.split(/\s+/).filter(Boolean).length).toBeGreaterThanOrEqual(5);
    // Maze: the legend, the moves and the answer-format line go; arithmetic: the two instruction lines.
    const droppedPerTask = { maze: 3, arithmetic: 2 };
    for (const [envId, count] of Object.entries(droppedPerTask)) {
      for (const preset of PRESET_NAMES) {
        for (let index = 0; index < 20; index++) {
          const lines = trainingItem(envId, preset, 5, index).prompt.split('\n');
          const kept = compactMessage({ role: 'user', content: lines.join('\n') })!.content.split('\n');
          // The kept lines are the prompt's own, in order, less exactly the fixed ones.
          expect(lines.filter((l) => kept.includes(l))).toEqual(kept);
          expect(lines.length - kept.length).toBe(count);
        }
      }
    }
  });

  it('names itself by version and by what it drops', () => {
    expect(chatTemplateId()).toMatch(/^byte-chat-v1-[0-9a-f]{8}$/);
    expect(chatTemplateId()).toBe(chatTemplateId());
  });

  it('fits the model context: lengths of 1-, 2- and 3-attempt transcripts', () => {
    // Longest rendering over 30 items, per environment, preset and attempts (bytes).
    const longest = (envId: string, preset: PresetName, attempts: number) =>
      Math.max(
        ...Array.from({ length: 30 }, (_, i) =>
          byteLength(renderChat(transcript(envId, preset, i, attempts))),
        ),
      );
    // Arithmetic: every preset fits 512 bytes up to three attempts but hard's third.
    for (const preset of PRESET_NAMES) {
      expect(longest('arithmetic', preset, 2)).toBeLessThanOrEqual(512);
      expect(longest('arithmetic', preset, 3)).toBeLessThanOrEqual(preset === 'hard' ? 1024 : 512);
    }
    // Maze: starter fits 512 with two attempts; every preset fits 1024 with two, and up to medium with three.
    expect(longest('maze', 'starter', 2)).toBeLessThanOrEqual(512);
    for (const preset of PRESET_NAMES) expect(longest('maze', preset, 2)).toBeLessThanOrEqual(1024);
    for (const preset of ['starter', 'easy', 'medium'] as const)
      expect(longest('maze', preset, 3)).toBeLessThanOrEqual(1024);
    // Countdown fits 512 bytes with two attempts, hanoi 1024 (and with three up to medium).
    for (const preset of PRESET_NAMES) {
      expect(longest('countdown', preset, 2)).toBeLessThanOrEqual(512);
      expect(longest('countdown', preset, 3)).toBeLessThanOrEqual(1024);
      expect(longest('hanoi', preset, 2)).toBeLessThanOrEqual(1024);
    }
    for (const preset of ['starter', 'easy', 'medium'] as const)
      expect(longest('hanoi', preset, 3)).toBeLessThanOrEqual(1024);
    // Without compaction the same maze conversation does not fit 1024 bytes at medium.
    const raw = transcript('maze', 'medium', 0, 2).reduce((n, m) => n + byteLength(m.content) + 2, 0);
    expect(raw).toBeGreaterThan(1024);
  }, 60_000);
});
