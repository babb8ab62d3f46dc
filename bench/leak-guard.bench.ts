/**
 * The leak guard on the hand-written labelled set (test/fixtures/leak-set/): the share of leaking
 * teacher messages it flags and of honest ones it flags, per environment, for the tuned part and the
 * blind part apart. A measurement, not a timing: it is written to bench-results/leak-guard.json,
 * which `scripts/bench.mjs` (step `node`) turns into rows; the bench below times the guard itself.
 * Run with `npx vitest bench --run --project unit`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { bench, describe } from 'vitest';
import { environments } from '../src/core/envs';
import type { Environment } from '../src/core/envs/types';
import { guardTeacherMessage } from '../src/core/protocol/leak-reading';
import { BLIND } from '../test/fixtures/leak-set/blind';
import { FRESH_A } from '../test/fixtures/leak-set/fresh-a';
import { HOLDOUT } from '../test/fixtures/leak-set/holdout';
import {
  CAUGHT_GOAL,
  FLAGGED_GOAL,
  rates,
  scoreLeakSet,
  type LeakScore,
} from '../test/fixtures/leak-set/score';
import { TUNED } from '../test/fixtures/leak-set/tuned';

const results = new URL('../bench-results/', import.meta.url);

function figures(part: string, byEnv: Record<string, LeakScore>, overall: LeakScore) {
  return [...Object.entries(byEnv), ['all', overall] as const].map(([envId, s]) => ({
    part,
    envId,
    leaks: s.leaks,
    caught: s.caught,
    honest: s.honest,
    flagged: s.flagged,
    caughtRate: rates(s).caught,
    flaggedRate: rates(s).flagged,
    wrong: s.wrong.map((w) => ({ label: w.label, why: w.why, text: w.text })),
  }));
}

const tuned = await scoreLeakSet(TUNED);
const blind = await scoreLeakSet(BLIND);
const freshA = await scoreLeakSet(FRESH_A);
const holdout = await scoreLeakSet(HOLDOUT);
mkdirSync(results, { recursive: true });
writeFileSync(
  new URL('leak-guard.json', results),
  `${JSON.stringify(
    {
      benchmark: 'leak guard on the labelled set',
      goals: { caught: CAUGHT_GOAL, flagged: FLAGGED_GOAL },
      rows: [
        ...figures('tuned', tuned.byEnv, tuned.overall),
        ...figures('blind', blind.byEnv, blind.overall),
        ...figures('fresh-a (tuned on)', freshA.byEnv, freshA.overall),
        ...figures('held out', holdout.byEnv, holdout.overall),
      ],
    },
    null,
    2,
  )}\n`,
);

describe('leak guard', () => {
  const cases = [...TUNED, ...BLIND, ...FRESH_A, ...HOLDOUT].flatMap((group) => {
    const env = environments[group.envId] as Environment;
    const task = env.generate(env.presets[group.preset], group.seed, group.index);
    return group.messages.map((m) => ({ env, task, m }));
  });
  let k = 0;
  bench('leak guard: teacher messages checked', () => {
    const { env, task, m } = cases[k++ % cases.length] as (typeof cases)[number];
    guardTeacherMessage(env, task, m.text, m.attempt === undefined ? {} : { attempt: m.attempt });
  });
});
