/**
 * Small code: write a short JavaScript function over lists or strings from a spec and three examples;
 * it is run in a QuickJS WebAssembly sandbox on the examples and on hidden tests (never eval in our
 * realm). `prepare()` loads the sandbox once; `verify` runs it in this thread (Node, tests), and
 * `verifyAsync` in the host the lab installs (`useCodeSandboxHost`: a worker with a deadline).
 */
import { seededTask } from '../shared/task';
import { codeDataProblems } from './shape';
import { CODE_FAMILIES, EASY_FAMILIES, STARTER_FAMILIES, HARD_FAMILIES, MEDIUM_FAMILIES } from './families';
import { codePrompt, drawCode } from './generate';
import { hintCode } from './hint';
import { loadQuickJS, type QuickJSModuleLike } from './sandbox';
import type { CodeData, CodeParams } from './types';
import { verifyCode, verifyCodeAsync, type SandboxOutcome, type SandboxRequest } from './verify';
import { checkInt, checkObject } from '../shared/params';
import { neverRejects, neverThrows } from '../shared/verify-guard';
import type { Environment, Task } from '../types';

export type { CodeData, CodeDetail, CodeParams, CodeTest, Json, TestStatus } from './types';
export { CODE_FAMILIES } from './families';
export { SANDBOX_LIMITS, SandboxLostError, runInSandbox, loadQuickJS } from './sandbox';
export type { SandboxLimits, SandboxRun, TestOutcome, LoadFailure, QuickJSModuleLike } from './sandbox';
export { verifyCode, verifyCodeWith, verifyCodeAsync, runRequest } from './verify';
export type { SandboxFault, SandboxOutcome, SandboxRequest } from './verify';

/**
 * Where code runs off the verifying thread: the lab's sandbox worker, stopped by a wall-clock deadline
 * and replaced when it overruns or crashes (src/sandbox/). Never rejects for anything the code does.
 */
export interface CodeSandboxHost {
  /** Resolves once a sandbox is loaded; rejects when QuickJS cannot load. */
  ready(): Promise<void>;
  run(request: SandboxRequest): Promise<SandboxOutcome>;
}

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

/**
 * The loaded sandbox module, or null until `prepare` resolves; and a spare, so that a module lost
 * mid-run (QuickJS has out-of-memory paths that crash at the memory cap) is replaced at once and the
 * next verification in this thread still runs.
 */
let sandbox: QuickJSModuleLike | null = null;
let spare: QuickJSModuleLike | null = null;
let loading: Promise<void> | null = null;
let host: CodeSandboxHost | null = null;

/**
 * Install (or, with null, remove) the host `verifyAsync` and `prepare` use; without one they run the
 * sandbox in this thread.
 */
export function useCodeSandboxHost(next: CodeSandboxHost | null): void {
  host = next;
}

/** Load a QuickJS module and its spare for this thread, once. */
function loadHere(): Promise<void> {
  if (sandbox && spare) return Promise.resolve();
  loading ??= Promise.all([sandbox ?? loadQuickJS(), spare ?? loadQuickJS()]).then(
    ([module, next]) => {
      sandbox = module;
      spare = next;
      loading = null;
    },
    (error: unknown) => {
      loading = null;
      throw error;
    },
  );
  return loading;
}

/** The module was lost mid-run: the spare takes over, and a new spare loads. */
function dropModule(): void {
  sandbox = spare;
  spare = null;
  loading = null;
  loadHere().catch(() => {
    // The next verification without a module says the sandbox is not ready; prepare() says why.
  });
}

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

  verify: neverThrows((task, text) => verifyCode(sandbox, task, text, dropModule)),
  verifyAsync: neverRejects((task, text) => {
    const h = host;
    if (h === null) return Promise.resolve(verifyCode(sandbox, task, text, dropModule));
    return verifyCodeAsync(task, text, (request: SandboxRequest) => h.run(request));
  }),
  hint: hintCode,
  validateParams: validateCodeParams,
  dataProblems: codeDataProblems,

  prepare(): Promise<void> {
    return host ? host.ready() : loadHere();
  },
};
