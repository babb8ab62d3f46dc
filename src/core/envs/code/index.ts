/**
 * Small code: write a short JavaScript function over lists or strings from a spec and three examples;
 * it is run in a QuickJS WebAssembly sandbox on the examples and on hidden tests (never eval in our
 * realm). `prepare()` loads the sandbox once; `verify` stays synchronous.
 */
import { seededTask } from '../shared/task';
import { codeDataProblems } from './shape';
import { CODE_FAMILIES, EASY_FAMILIES, STARTER_FAMILIES, HARD_FAMILIES, MEDIUM_FAMILIES } from './families';
import { codePrompt, drawCode } from './generate';
import { hintCode } from './hint';
import { loadQuickJS, type QuickJSModuleLike } from './sandbox';
import type { CodeData, CodeParams } from './types';
import { verifyCode } from './verify';
import { checkInt, checkObject } from '../shared/params';
import { neverThrows } from '../shared/verify-guard';
import type { Environment, Task } from '../types';

export type { CodeData, CodeDetail, CodeParams, CodeTest, Json, TestStatus } from './types';
export { CODE_FAMILIES } from './families';
export { SANDBOX_LIMITS, runInSandbox, loadQuickJS } from './sandbox';
export type { SandboxLimits, SandboxRun, TestOutcome, LoadFailure, QuickJSModuleLike } from './sandbox';
export { verifyCode } from './verify';

const ID = 'code';
const GENERATOR_VERSION = 1;

/**
 * Check code params.
 * @throws {RangeError} naming the first parameter out of range or the unknown family.
 */
export function validateCodeParams(p: CodeParams): void {
  checkObject(ID, p);
  if (!Array.isArray(p.families) || p.families.length === 0) {
    throw new RangeError(`${ID}: families must be a non-empty array of family ids`);
  }
  for (const f of p.families) {
    if (typeof f !== 'string' || !Object.hasOwn(CODE_FAMILIES, f)) {
      throw new RangeError(
        `${ID}: unknown family ${JSON.stringify(f)}; known: ${Object.keys(CODE_FAMILIES).join(', ')}`,
      );
    }
  }
  if (new Set(p.families).size !== p.families.length) throw new RangeError(`${ID}: families repeat`);
  checkInt(ID, 'maxSize', p.maxSize, 3, 20);
  checkInt(ID, 'hidden', p.hidden, 5, 10);
}

/** The loaded sandbox module, or null until `prepare` resolves (and again after a wasm failure). */
let sandbox: QuickJSModuleLike | null = null;
let loading: Promise<void> | null = null;

export const code: Environment<CodeParams, CodeData> = {
  id: ID,
  name: 'Small code',
  description:
    'Write a short JavaScript function over lists or strings; it runs on examples and hidden tests.',
  generatorVersion: GENERATOR_VERSION,
  presets: {
    starter: { families: [...STARTER_FAMILIES], maxSize: 6, hidden: 5 },
    easy: { families: [...EASY_FAMILIES], maxSize: 6, hidden: 5 },
    medium: { families: [...MEDIUM_FAMILIES], maxSize: 10, hidden: 7 },
    hard: { families: [...HARD_FAMILIES], maxSize: 14, hidden: 10 },
  },
  defaultPreset: 'easy',

  generate(params, seed, index): Task<CodeParams, CodeData> {
    validateCodeParams(params);
    return seededTask({ id: ID, generatorVersion: GENERATOR_VERSION }, params, seed, index, (rng) => {
      const { data, solution } = drawCode(rng, params);
      return { data, prompt: codePrompt(data), solution };
    });
  },

  verify: neverThrows((task, text) => {
    try {
      return verifyCode(sandbox, task, text);
    } catch (error) {
      // QuickJS itself failed (a wasm trap): its memory may be corrupt, so load a fresh one next time.
      sandbox = null;
      loading = null;
      throw error;
    }
  }),
  hint: hintCode,
  validateParams: validateCodeParams,
  dataProblems: codeDataProblems,

  prepare(): Promise<void> {
    if (sandbox) return Promise.resolve();
    loading ??= loadQuickJS().then(
      (module) => {
        sandbox = module;
      },
      (error: unknown) => {
        loading = null;
        throw error;
      },
    );
    return loading;
  },
};
