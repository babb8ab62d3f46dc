import { it } from 'vitest';
import { page } from 'vitest/browser';
import { render, cleanup } from 'vitest-browser-svelte';
import '../../src/ui/app.css';
import { environments } from '../../src/core/envs/index';
import { taskViews } from '../../src/ui/views';
import type { Task } from '../../src/core/envs/types';

const cases: Array<[string, string, (t: Task) => string | null, string?]> = [];
const add = (id: string, label: string, ans: (t: Task) => string | null, preset?: string) => cases.push([id, label, ans, preset]);
add('arithmetic', 'blank', () => null);
add('arithmetic', 'right', (t) => '<answer>' + t.solution + '</answer>');
add('arithmetic', 'wrong', (t) => { const d = t.data as any; const s = d.steps.map((x: string, i: number) => i === 0 ? x.replace(/= (\d+)$/, (_m: string, c: string) => '= ' + (Number(c) + 1)) : x); return s.join('\n') + '\n<answer>' + (d.answer + 1) + '</answer>'; });
add('arithmetic', 'word-wrong', (t) => 'I think 20 x 9 = 180\n<answer>180</answer>', 'word');
add('countdown', 'blank', () => null);
add('countdown', 'right', (t) => '<answer>' + t.solution + '</answer>');
add('countdown', 'wrong', (t) => { const n = (t.data as any).numbers; return `<answer>${n[0]} * ${n[1]} + ${n[0]}</answer>`; });
add('sudoku', 'blank', () => null);
add('sudoku', 'right', (t) => '<answer>' + t.solution + '</answer>');
add('sudoku', 'wrong', (t) => { const d = t.data as any; const g = [...d.solution]; const open = d.puzzle.findIndex((v: number) => v === 0); const given = d.puzzle.findIndex((v: number) => v !== 0); g[open] = g[(open + 1) % d.size + Math.floor(open / d.size) * d.size]; g[given] = (g[given] % d.size) + 1; const n = d.size; return '<answer>' + Array.from({ length: n }, (_, r) => g.slice(r * n, r * n + n).join('')).join(' ') + '</answer>'; });
add('sudoku', 'hard-wrong', (t) => { const d = t.data as any; const g = [...d.solution]; const open = d.puzzle.findIndex((v: number) => v === 0); g[open] = (g[open] % d.size) + 1; const n = d.size; return '<answer>' + Array.from({ length: n }, (_, r) => g.slice(r * n, r * n + n).join('')).join(' ') + '</answer>'; }, 'hard');
add('knights', 'blank', () => null);
add('knights', 'right', (t) => '<answer>' + t.solution + '</answer>');
add('knights', 'wrong', (t) => { const d = t.data as any; return '<answer>' + d.names.map((n: string, i: number) => `${n}: ${i === 0 ? (d.roles[0] === 'knight' ? 'knave' : 'knight') : d.roles[i]}`).join(', ') + '</answer>'; });
add('knights', 'hard-wrong', (t) => { const d = t.data as any; return '<answer>' + d.names.map((n: string) => `${n}: knight`).join(', ') + '</answer>'; }, 'hard');
add('hanoi', 'blank', () => null);
add('hanoi', 'right', (t) => '<answer>' + t.solution + '</answer>');
add('hanoi', 'wrong', (t) => { const m = t.solution.split(' '); return '<answer>' + [m[0], m[1], m[2], m[3], m[1]].join(' ') + '</answer>'; });
add('hanoi', 'unsolved-undo', (t) => { const m = t.solution.split(' '); return '<answer>' + [m[0], m[1], m[2], m[2]!.split('>').reverse().join('>')].join(' ') + '</answer>'; });
add('hanoi', 'zoom-wrong', (t) => { const m = t.solution.split(' '); return '<answer>' + [m[0], m[1], m[2], m[3], m[1]].join(' ') + '</answer>'; });
add('hanoi', 'same-peg', () => '<answer>B>C B>B</answer>', 'hard');
add('hanoi', 'hostile', () => '<answer><img src=x onerror=alert(1)></answer>');

it('screenshots', async () => {
  await page.viewport(1500, 1000);
  for (const [id, label, ans, preset] of cases) {
    const env = environments[id]!;
    const params = preset === 'word' ? { ...env.presets.medium, style: 'word' } : env.presets[(preset as any) ?? env.defaultPreset];
    const t = env.generate(params, 1, 0);
    const a = ans(t);
    const d = a === null ? null : env.verify(t, a);
    const host = document.createElement('div');
    host.style.cssText = `width: ${label.includes('zoom') ? 1400 : 760}px; padding: 16px; background: white`;
    host.className = 'panel';
    document.body.appendChild(host);
    await render(taskViews[id]!, { props: { task: t, diagnosis: d }, target: host });
    await new Promise((r) => setTimeout(r, 50));
    await page.screenshot({ path: `zz-views-shots-tmp/${id}-${label}.png`, element: host });
    cleanup();
    host.remove();
  }
});
