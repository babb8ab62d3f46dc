/** Parameter and data shapes of the small-code environment. */

/** A JSON value: what crosses the sandbox boundary (as a JSON string) and what tests hold. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface CodeParams {
  /** Spec family ids to draw from (see `CODE_FAMILIES`), at least one, no repeats. */
  families: string[];
  /** Largest input size for hidden tests (list length, word count …), 3–20. Examples use at most 5. */
  maxSize: number;
  /** How many hidden tests, 5–10. */
  hidden: number;
}

/** One test: the arguments (a JSON array) and the reference implementation's result. */
export interface CodeTest {
  args: Json[];
  expected: Json;
}

export interface CodeData {
  /** The spec family's id. */
  family: string;
  /** The function the student must define. */
  fnName: string;
  /** Parameter names, in order. */
  params: string[];
  /** The spec, in words. */
  spec: string;
  /** The family's generator-chosen constants (FizzBuzz divisors …), already written into `spec`. */
  consts: Record<string, number>;
  /** The three examples shown in the prompt. */
  examples: CodeTest[];
  /**
   * Hidden tests. Never shown to the student, never named in an issue or hint: views must show only
   * `examples`.
   */
  hidden: CodeTest[];
}

/** What happened on one test, for the view. Hidden tests are reported as counts only. */
export type TestStatus = 'pass' | 'fail' | 'error' | 'timeout' | 'memory' | 'stack' | 'not-run';

export interface CodeDetail {
  /** The code as read from the reply, or null. */
  code: string | null;
  /** Per visible example: status, and what the function returned (JSON text, 'undefined') or threw. */
  examples: Array<{ status: TestStatus; got: string | null }>;
  hiddenPassed: number;
  hiddenTotal: number;
}
