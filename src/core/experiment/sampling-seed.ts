/**
 * The sampling seeds of one planned episode. A design's episodes used to share one student seed,
 * so every item drew its samples from the same stream and items were not independent draws (the
 * intervals that assume so came out too narrow). Each seed now derives from (design seed, item seed,
 * replicate): independent across items and replicates, and the same for every condition of one
 * (item, replicate), so conditions still compare on common random numbers.
 */
import { canonicalJson, hashString } from '../rng';

/** Which role the seed is for: the student and the teacher draw from different streams. */
export type SeedRole = 'student' | 'teacher';

/**
 * The sampling seed of `role` for replicate `replicate` of the item with seed `itemSeed`, in a design
 * seeded by `designSeed`: a 32-bit hash, a pure function of its arguments.
 */
export function episodeSamplingSeed(
  designSeed: number,
  itemSeed: number,
  replicate: number,
  role: SeedRole,
): number {
  return hashString(canonicalJson(['sampling', designSeed, itemSeed, replicate, role]));
}
