/**
 * The sandbox: student code runs in QuickJS compiled to WebAssembly, never through eval or new Function
 * in our realm. Each run gets a fresh QuickJS runtime and context, so nothing survives between
 * verifications; the context has only the ECMAScript built-ins (no fetch, no storage, no DOM: QuickJS
 * has none, and we add none) plus a do-nothing `console`. Values cross the boundary as JSON strings.
 *
 * Limits, each one measured (Chromium dedicated worker and Node 20):
 * - Time: a deterministic fuel count. QuickJS polls the interrupt handler about every 10,000 backward
 *   jumps or calls; we count polls instead of reading a clock (src/core never does). 400 polls are
 *   about 15 ms for `while (true) {}` and up to about 1 s for a loop that allocates and calls a closure
 *   on every iteration. A long built-in call (`new Array(2**32-1).join('')`) is one poll, so in the lab
 *   the run happens in a worker of its own with a wall-clock deadline (src/sandbox/).
 * - Memory: the runtime's limit bounds one allocation only (emscripten's malloc_usable_size is 0, so
 *   QuickJS cannot count what it holds); the module's WebAssembly memory is therefore made with a
 *   maximum (`wasmBytes`, 32 MiB), and growing past it is an out-of-memory error inside QuickJS.
 * - Stack: QuickJS measures emscripten's shadow stack, while the host's native stack can overflow
 *   first. 192 KiB lets plain recursion reach depth 1,000 (a real solution's need) and stops it by
 *   1,100, and stops recursion through `map` callbacks before the host does, in a Chromium worker;
 *   224 KiB let a `map` recursion overflow the host. What still overflows the host (the parser on
 *   deeply nested literals) throws here as `SandboxLostError`: that module must not run again.
 */
import type {
  QuickJSContext,
  QuickJSHandle,
  QuickJSRuntime,
  QuickJSWASMModule,
} from 'quickjs-emscripten-core';

export interface SandboxLimits {
  /** Bytes one allocation of QuickJS may take (the runtime's limit; see the module comment). */
  memoryBytes: number;
  /** Bytes of stack QuickJS may use: deep recursion fails with a catchable "stack overflow" error. */
  stackBytes: number;
  /** Interrupt polls one run may use (loading the code and every test together). */
  fuel: number;
  /** Bytes the module's WebAssembly memory may grow to: everything QuickJS holds at once. */
  wasmBytes: number;
}

export const SANDBOX_LIMITS: Readonly<SandboxLimits> = {
  memoryBytes: 16 * 1024 * 1024,
  stackBytes: 192 * 1024,
  fuel: 400,
  // 16 MiB of it is the build's initial memory (its shadow stack and data included). A push loop of
  // arrays or objects fills 32 MiB in about 1-2 s (Node, loaded 2-core machine); 64 MiB took 2-3x that.
  wasmBytes: 32 * 1024 * 1024,
};

/**
 * QuickJS was stopped mid-call by its host (the host's stack overflowed, or the wasm aborted): its
 * state is inconsistent, so the module that ran it must be dropped, not disposed or used again.
 */
export class SandboxLostError extends Error {
  override name = 'SandboxLostError';
  /**
   * `stack`: the host's stack overflowed under the student's code; `memory`: QuickJS crashed at the
   * memory cap (some of its out-of-memory paths do); `crashed`: anything else.
   */
  readonly reason: 'stack' | 'memory' | 'crashed';
  constructor(reason: 'stack' | 'memory' | 'crashed', cause: unknown) {
    super(`QuickJS was lost (${reason}): ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.reason = reason;
  }
}

/** The part of the QuickJS module the runner needs (the library's leak-checking test module fits too). */
export type QuickJSModuleLike = Pick<QuickJSWASMModule, 'newRuntime'> &
  Partial<Pick<QuickJSWASMModule, 'getWasmMemory'>>;

/** Why the code could not be loaded (or did not define the function). */
export interface LoadFailure {
  kind: 'syntax' | 'runtime' | 'timeout' | 'memory' | 'stack' | 'no-function';
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
  /** Recursed past the stack limit. */
  | { kind: 'stack' }
  /** Not run: an earlier test used up the fuel or the memory. */
  | { kind: 'not-run' };

export interface SandboxRun {
  /** Null when the code loaded and defined the function. */
  load: LoadFailure | null;
  /** One outcome per test, in order; all 'not-run' when loading failed. */
  tests: TestOutcome[];
  /** Interrupt polls used. */
  polls: number;
  /**
   * True when the module must not be used again although the outcomes stand: QuickJS failed while
   * cleaning up (a flood of pending promise jobs trips its runtime's final assertion), or the run grew
   * the module's memory near its cap.
   */
  lost: boolean;
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
      return '{"name":"undescribable","message":"(an error that cannot be described)","line":null}';
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
 * @throws {SandboxLostError} only when QuickJS itself was stopped by its host (never for anything the
 *   code does inside QuickJS); the module must be dropped then.
 */
export function runInSandbox(
  quickjs: QuickJSModuleLike,
  source: string,
  fnName: string,
  argsJson: readonly string[],
  limits: SandboxLimits = SANDBOX_LIMITS,
): SandboxRun {
  let polls = 0;
  let runtime: QuickJSRuntime | undefined;
  let context: QuickJSContext | undefined;
  let run: Omit<SandboxRun, 'polls' | 'lost'>;
  // Out of memory near the cap, QuickJS cannot even make its error object (it throws null, or an
  // error whose message cannot be read). Memory grows in steps of up to a few MiB, so "near" is 3/4.
  const memoryFull = (): boolean =>
    (quickjs.getWasmMemory?.().buffer.byteLength ?? 0) >= limits.wasmBytes * 0.75;
  try {
    runtime = quickjs.newRuntime();
    runtime.setMemoryLimit(limits.memoryBytes);
    runtime.setMaxStackSize(limits.stackBytes);
    runtime.setInterruptHandler(() => ++polls > limits.fuel);
    context = runtime.newContext();
    run = runInContext(context, source, fnName, argsJson, () => polls > limits.fuel, memoryFull);
  } catch (error) {
    // Nothing of this module is touched again, not even dispose: its memory may be inconsistent.
    const reason = isHostStackOverflow(error) ? 'stack' : memoryFull() ? 'memory' : 'crashed';
    throw new SandboxLostError(reason, error);
  }
  // WebAssembly memory never shrinks: a module grown near its cap is retired like a lost one, so every
  // run starts with room, and "memory full" during a run means that run's own use.
  let lost = memoryFull();
  try {
    context.dispose();
    runtime.dispose();
  } catch {
    lost = true;
  }
  return { ...run, polls: Math.min(polls, limits.fuel + 1), lost };
}

/** V8's own stack overflow, thrown through the wasm frames of QuickJS. */
const isHostStackOverflow = (error: unknown): boolean =>
  error instanceof RangeError && /call stack/i.test(error.message);

function runInContext(
  ctx: QuickJSContext,
  source: string,
  fnName: string,
  argsJson: readonly string[],
  outOfFuel: () => boolean,
  memoryFull: () => boolean,
): Omit<SandboxRun, 'polls' | 'lost'> {
  const owned: QuickJSHandle[] = [];
  const own = (h: QuickJSHandle): QuickJSHandle => (owned.push(h), h);
  const notRun = (from: number): TestOutcome[] =>
    argsJson.slice(from).map((): TestOutcome => ({ kind: 'not-run' }));
  let hostFailed = false;
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

    const failure = (error: QuickJSHandle): Described | Limit => {
      if (outOfFuel()) return 'timeout';
      const d = ctx.callFunction(describe, ctx.undefined, error);
      if (d.error) {
        d.error.dispose();
        return outOfFuel() ? 'timeout' : 'memory';
      }
      const text = ctx.getString(own(d.value));
      const described = JSON.parse(text) as Described;
      return limitOf(described, memoryFull) ?? described;
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
    // Reading the name can run code (a global getter): its failure is that code's, not a missing name.
    if (lookup.error) return { load: loadFailure(failure(fn)), tests: notRun(0) };
    if (ctx.typeof(fn) !== 'function') {
      const message = `No function named ${fnName} is defined.`;
      return { load: { kind: 'no-function', message, line: null }, tests: notRun(0) };
    }

    const tests: TestOutcome[] = [];
    for (const [i, args] of argsJson.entries()) {
      const argHandle = own(ctx.newString(args));
      const result = ctx.callFunction(call, ctx.undefined, fn, argHandle);
      if (result.error) {
        const f = failure(own(result.error));
        if (typeof f === 'string') return { load: null, tests: [...tests, { kind: f }, ...notRun(i + 1)] };
        tests.push({ kind: 'threw', message: errorText(f), line: f.line });
        continue;
      }
      const text = ctx.getString(own(result.value));
      if (text.startsWith('E')) {
        const d = JSON.parse(text.slice(1)) as Described;
        const limit = limitOf(d, memoryFull);
        if (limit === 'memory')
          return { load: null, tests: [...tests, { kind: 'memory' }, ...notRun(i + 1)] };
        if (limit === 'stack') {
          tests.push({ kind: 'stack' });
          continue;
        }
        tests.push({ kind: 'threw', message: errorText(d), line: d.line });
      } else {
        tests.push({ kind: 'returned', json: text === 'U' ? null : text.slice(1) });
      }
    }
    return { load: null, tests };
  } catch (error) {
    hostFailed = true;
    throw error;
  } finally {
    // After a host failure, disposing would run QuickJS again (and abort, hiding the first error).
    if (!hostFailed) for (const h of owned.reverse()) if (h.alive) h.dispose();
  }
}

/** A limit the run hit, as opposed to an error the code threw. */
type Limit = 'timeout' | 'memory' | 'stack';

/** `Name: message`; the harness's stand-in for an error it could not read shows as a plain Error. */
const errorText = (d: Described): string => `${d.name === 'undescribable' ? 'Error' : d.name}: ${d.message}`;

/** The limit an error stands for, or null when it is the code's own error. */
function limitOf(d: Described, memoryFull: () => boolean): 'memory' | 'stack' | null {
  if (d.name === 'InternalError' && d.message === 'out of memory') return 'memory';
  if ((d.name === 'undescribable' || (d.name === 'thrown value' && d.message === 'null')) && memoryFull())
    return 'memory';
  // QuickJS says "stack overflow" (an InternalError, or a SyntaxError from its parser and JSON.parse).
  if (d.message === 'stack overflow') return 'stack';
  return null;
}

function loadFailure(f: Described | Limit): LoadFailure {
  if (f === 'timeout') return { kind: 'timeout', message: 'Loading the code ran out of time.', line: null };
  if (f === 'memory') return { kind: 'memory', message: 'Loading the code ran out of memory.', line: null };
  if (f === 'stack') return { kind: 'stack', message: 'Loading the code recursed too deeply.', line: null };
  return {
    kind: f.name === 'SyntaxError' ? 'syntax' : 'runtime',
    message: errorText(f),
    line: f.line,
  };
}

/**
 * Load a QuickJS WebAssembly module (the release, synchronous build with a separate .wasm file) whose
 * memory cannot grow past `wasmBytes`. Imported lazily so pages that never verify code never fetch it.
 * @throws {Error} when the module or its .wasm cannot be loaded.
 */
export async function loadQuickJS(wasmBytes: number = SANDBOX_LIMITS.wasmBytes): Promise<QuickJSWASMModule> {
  const [core, variant] = await Promise.all([
    import('quickjs-emscripten-core'),
    import('@jitl/quickjs-wasmfile-release-sync'),
  ]);
  const page = 64 * 1024;
  // 16 MiB is the build's INITIAL_MEMORY: the memory it imports must start at least that large.
  const wasmMemory = new WebAssembly.Memory({
    initial: (16 * 1024 * 1024) / page,
    maximum: wasmBytes / page,
  });
  return core.newQuickJSWASMModuleFromVariant(core.newVariant(variant.default, { wasmMemory }));
}
