/**
 * An experiment as the lab reads it (`ExperimentRecord`, its design under `design`) and as IndexedDB
 * keeps it (`StoredExperimentRecord`, the design under `plan`). The stored key keeps the name it had
 * when experiments were first stored: renaming it would need an upgrade step that rewrites every
 * stored experiment, and a database written by an older build must keep reading (it is opened by
 * this build without any step), so the two names meet here and nowhere else.
 */
import type { ExperimentRecord, StoredExperimentRecord } from './records';

/** The record as IndexedDB keeps it. */
export function storedExperiment({ design, ...rest }: ExperimentRecord): StoredExperimentRecord {
  return { ...rest, plan: design };
}

/** The record as the lab reads it. */
export function readExperiment({ plan, ...rest }: StoredExperimentRecord): ExperimentRecord {
  return { ...rest, design: plan };
}
