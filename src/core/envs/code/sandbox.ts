/**
 * The sandbox: student code runs in QuickJS compiled to WebAssembly, never through eval or new Function
 * in our realm. Each run gets a fresh QuickJS runtime and context, so nothing survives between
 * verifications; the context has only the ECMAScript built-ins (no fetch, no storage, no DOM: QuickJS
 * has none, and we add none) plus a do-nothing `console`. Values cross the boundary as JSON strings.
 *
 * Limits: a memory limit and a stack limit on the runtime, and a deterministic time limit: QuickJS polls
 * the interrupt handler about every 10,000 backward jumps or calls, and we count those polls as fuel
 * instead of reading a clock (src/core never does). The fuel is shared by all the tests of one run.
 * 400 polls (the default) are about 15 ms for an empty `while (true) {}`, about 100 ms for a counting
 * loop, and up to about 1 s for a loop that allocates an array and calls a closure on every iteration
 * (Node 20 on a laptop-class x86 core; the same in Chromium's worker). The reference solutions use
 * less than one poll. A few built-ins run long stretches in C without polling; the memory limit bounds
 * those.
 */
import type { QuickJSContext, QuickJSHandle, QuickJSWASMModule } from 'quickjs-emscripten-core';

export interface SandboxLimits {
  /** Bytes of QuickJS heap one run may allocate. */
  memoryBytes: number;
  /** Bytes of stack QuickJS may use: deep recursion fails with a catchable "stack overflow" error. */
  stackBytes: number;
  /** Interrupt polls one run may use (loading the code and every test together). */
  fuel: number;
}

export const SANDBOX_LIMITS: Readonly<SandboxLimits> = {
  memoryBytes: 16 * 1024 * 1024,
  stackBytes: 256 * 1024,
  fuel: 400,
};

/** The part of the QuickJS module the runner needs (the library's leak-checking test module fits too). */
export type QuickJSModuleLike = Pick<QuickJSWASMModule, 'newRuntime'>;

/** Why the code could not be loaded (or did not define the function). */
export interface LoadFailure {
  kind: 'syntax' | 'runtime' | 'timeout' | 'memory' | 'no-function';
  message: string;
  /** 1-based line in the student's code, when QuickJS names one. */
  line: number | null;
}

export type TestOutcome =
  /** `json` is JSON.stringify of the result inside the sandbox; null when that gives undefined. */
  | { kind: 'returned'; json: string | null }
  | { kind: 'threw'; message: string; line: number | null }
  | { kind: 'timeout' }
  | { kind: 'memory' }
  /** Not run: an earlier test used up the fuel or the memory. */
  | { kind: 'not-run' };

export interface SandboxRun {
  /** Null when the code loaded and defined the function. */
  load: LoadFailure | null;
  /** One outcome per test, in order; all 'not-run' when loading failed. */
  tests: TestOutcome[];
  /** Interrupt polls used. */
  polls: number;
}

/** File name the student's code is evaluated under: error stacks and syntax errors name its lines. */
const FILE = 'answer.js';

// Harmless stand-ins for what small models often write around a function. Own properties of the global
// object (not `var`s), so a student's own `let console` still declares without a clash.
const PRELUDE = `
globalThis.console = { log() {}, info() {}, warn() {}, error() {}, debug() {} };
globalThis.module = { exports: {} };
globalThis.exports = globalThis.module.exports;
`;

// Runs inside QuickJS. Keeps its own references to JSON and String, so student code that overwrites
// them only breaks itself. Results come back as one tagged string: R<json>, U (undefined) or E<error>.
const HARNESS = `(function (parse, stringify, toString) {
  function describe(e) {
    try {
      if (e !== null && typeof e === 'object' && 'message' in e) {
        var m = /answer\\.js:(\\d+)/.exec(toString(e.stack || ''));
        var line = typeof e.lineNumber === 'number' ? e.lineNumber : m ? Number(m[1]) : null;
        return stringify({ name: toString(e.name || 'Error'), message: toString(e.message), line: line });
      }
      return stringify({ name: 'thrown value', message: toString(e), line: null });
    } catch (_) {
      return '{"name":"Error","message":"(an error that cannot be described)","line":null}';
    }
  }
  return {
    call: function (fn, argsJson) {
      var result, text;
      try {
        result = fn.apply(undefined, parse(argsJson));
        text = stringify(result);
      } catch (e) {
        return 'E' + describe(e);
      }
      return text === undefined ? 'U' : 'R' + text;
    },
    describe: describe,
  };
})(JSON.parse, JSON.stringify, String)`;

interface Described {
  name: string;
  message: string;
  line: number | null;
}

/**
 * Load `source`, then call `fnName` on each test's arguments (a JSON array as text) in a fresh QuickJS
 * runtime with `limits`. Every handle is disposed before it returns.
 * @throws {Error} only when QuickJS itself fails (a wasm trap), never for anything the code does.
 */
export function runInSandbox(
  quickjs: QuickJSModuleLike,
  source: string,
  fnName: string,
  argsJson: readonly string[],
  limits: SandboxLimits = SANDBOX_LIMITS,
): SandboxRun {
  let polls = 0;
  const runtime = quickjs.newRuntime();
  try {
    runtime.setMemoryLimit(limits.memoryBytes);
    runtime.setMaxStackSize(limits.stackBytes);
    runtime.setInterruptHandler(() => ++polls > limits.fuel);
    const context = runtime.newContext();
    try {
      const run = runInContext(context, source, fnName, argsJson, () => polls > limits.fuel);
      return { ...run, polls: Math.min(polls, limits.fuel + 1) };
    } finally {
      context.dispose();
    }
  } finally {
    runtime.dispose();
  }
}

function runInContext(
  ctx: QuickJSContext,
  source: string,
  fnName: string,
  argsJson: readonly string[],
  outOfFuel: () => boolean,
): Omit<SandboxRun, 'polls'> {
  const owned: QuickJSHandle[] = [];
  const own = (h: QuickJSHandle): QuickJSHandle => (owned.push(h), h);
  const notRun = (from: number): TestOutcome[] =>
    argsJson.slice(from).map((): TestOutcome => ({ kind: 'not-run' }));
  try {
    const prelude = ctx.evalCode(PRELUDE, 'prelude.js', { type: 'global' });
    own(prelude.error ?? prelude.value);
    const harness = ctx.evalCode(HARNESS, 'harness.js', { type: 'global' });
    if (harness.error) {
      own(harness.error);
      throw new Error('the sandbox harness failed to load');
    }
    const harnessObj = own(harness.value);
    const call = own(ctx.getProp(harnessObj, 'call'));
    const describe = own(ctx.getProp(harnessObj, 'describe'));

    const failure = (error: QuickJSHandle): Described | 'timeout' | 'memory' => {
      if (outOfFuel()) return 'timeout';
      const d = ctx.callFunction(describe, ctx.undefined, error);
      if (d.error) {
        d.error.dispose();
        return outOfFuel() ? 'timeout' : 'memory';
      }
      const text = ctx.getString(own(d.value));
      const described = JSON.parse(text) as Described;
      return isOutOfMemory(described) ? 'memory' : described;
    };

    const loaded = ctx.evalCode(source, FILE, { type: 'global' });
    if (loaded.error) {
      const f = failure(own(loaded.error));
      return { load: loadFailure(f), tests: notRun(0) };
    }
    own(loaded.value);

    const lookup = ctx.evalCode(`typeof ${fnName} === 'function' ? ${fnName} : undefined`, 'lookup.js', {
      type: 'global',
    });
    const fn = own(lookup.error ?? lookup.value);
    if (lookup.error || ctx.typeof(fn) !== 'function') {
      const message = `No function named ${fnName} is defined.`;
      return { load: { kind: 'no-function', message, line: null }, tests: notRun(0) };
    }

    const tests: TestOutcome[] = [];
    for (const [i, args] of argsJson.entries()) {
      const argHandle = own(ctx.newString(args));
      const result = ctx.callFunction(call, ctx.undefined, fn, argHandle);
      if (result.error) {
        const f = failure(own(result.error));
        if (f === 'timeout' || f === 'memory')
          return { load: null, tests: [...tests, { kind: f }, ...notRun(i + 1)] };
        tests.push({ kind: 'threw', message: `${f.name}: ${f.message}`, line: f.line });
        continue;
      }
      const text = ctx.getString(own(result.value));
      if (text.startsWith('E')) {
        const d = JSON.parse(text.slice(1)) as Described;
        if (isOutOfMemory(d)) return { load: null, tests: [...tests, { kind: 'memory' }, ...notRun(i + 1)] };
        tests.push({ kind: 'threw', message: `${d.name}: ${d.message}`, line: d.line });
      } else {
        tests.push({ kind: 'returned', json: text === 'U' ? null : text.slice(1) });
      }
    }
    return { load: null, tests };
  } finally {
    for (const h of owned.reverse()) if (h.alive) h.dispose();
  }
}

const isOutOfMemory = (d: Described): boolean => d.name === 'InternalError' && d.message === 'out of memory';

function loadFailure(f: Described | 'timeout' | 'memory'): LoadFailure {
  if (f === 'timeout') return { kind: 'timeout', message: 'Loading the code ran out of time.', line: null };
  if (f === 'memory') return { kind: 'memory', message: 'Loading the code ran out of memory.', line: null };
  return {
    kind: f.name === 'SyntaxError' ? 'syntax' : 'runtime',
    message: `${f.name}: ${f.message}`,
    line: f.line,
  };
}

/**
 * Load the QuickJS WebAssembly module (the release, synchronous build with a separate .wasm file).
 * Imported lazily so pages that never verify code never fetch it.
 * @throws {Error} when the module or its .wasm cannot be loaded.
 */
export async function loadQuickJS(): Promise<QuickJSWASMModule> {
  const [core, variant] = await Promise.all([
    import('quickjs-emscripten-core'),
    import('@jitl/quickjs-wasmfile-release-sync'),
  ]);
  return core.newQuickJSWASMModuleFromVariant(variant.default);
}
