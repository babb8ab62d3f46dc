/** Scalar summaries of a cumulative accuracy curve: gain, normalised gain and area under it. */
import type { AccuracyPoint } from './accuracy';

/** A derived number with the episodes behind it; `value` is null when undefined (empty denominator). */
export interface DerivedMetric {
  value: number | null;
  /** The denominator's episodes. */
  episodeIds: string[];
  /** The numerator's episodes. */
  solvedIds: string[];
}

function lastPoint(curve: readonly AccuracyPoint[]): AccuracyPoint {
  const last = curve.at(-1);
  if (!last) throw new RangeError('accuracy curve is empty (K must be at least 1)');
  return last;
}

function firstPoint(curve: readonly AccuracyPoint[]): AccuracyPoint {
  const first = curve[0];
  if (!first) throw new RangeError('accuracy curve is empty (K must be at least 1)');
  return first;
}

/**
 * gain = acc@K − acc@1 = #(solved at an attempt 2..K) / n. The numerator ids are those episodes:
 * the ones feedback (or resampling) turned around. Null when n = 0.
 * @throws {RangeError} on an empty curve.
 */
export function gain(curve: readonly AccuracyPoint[]): DerivedMetric {
  const first = firstPoint(curve);
  const last = lastPoint(curve);
  const atOne = new Set(first.solvedIds);
  const gained = last.solvedIds.filter((id) => !atOne.has(id));
  return {
    value: last.n === 0 ? null : gained.length / last.n,
    episodeIds: [...last.episodeIds],
    solvedIds: gained,
  };
}

/**
 * normalised gain = (acc@K − acc@1) / (1 − acc@1) = #(solved at 2..K) / #(not solved at 1): the share
 * of first-attempt failures that were later solved. Null when every episode was solved at attempt 1
 * (nothing left to gain) or there are none. Denominator ids: the first-attempt failures.
 * @throws {RangeError} on an empty curve.
 */
export function normalisedGain(curve: readonly AccuracyPoint[]): DerivedMetric {
  const first = firstPoint(curve);
  const last = lastPoint(curve);
  const atOne = new Set(first.solvedIds);
  const failedFirst = first.episodeIds.filter((id) => !atOne.has(id));
  const gained = last.solvedIds.filter((id) => !atOne.has(id));
  return {
    value: failedFirst.length === 0 ? null : gained.length / failedFirst.length,
    episodeIds: failedFirst,
    solvedIds: gained,
  };
}

/**
 * AUC over turns = (1/K) · Σ_{t=1..K} acc(t): the mean height of the cumulative accuracy step curve,
 * in [0, 1]. 1 means every episode was solved at attempt 1; it rewards solving earlier, and equals
 * acc@1 when K = 1. Equivalently the mean over episodes of (K − s + 1)/K for an episode solved at s,
 * 0 for an unsolved one. Curves with different K are not comparable. Null when n = 0.
 * @throws {RangeError} on an empty curve.
 */
export function areaUnderCurve(curve: readonly AccuracyPoint[]): DerivedMetric {
  const last = lastPoint(curve);
  let sum = 0;
  for (const point of curve) {
    if (point.p === null) return { value: null, episodeIds: [...last.episodeIds], solvedIds: [] };
    sum += point.p;
  }
  return { value: sum / curve.length, episodeIds: [...last.episodeIds], solvedIds: [...last.solvedIds] };
}
