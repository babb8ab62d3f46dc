/** Learning-rate schedule: linear warm-up, then cosine decay to a floor (nanoGPT's). */

/** Shape of the schedule. */
export interface LearningRateSchedule {
  /** Rate at the end of warm-up. */
  peak: number;
  /** Steps of linear warm-up from peak / warmupSteps. */
  warmupSteps: number;
  /** Step at which the cosine reaches the floor; later steps stay there. */
  totalSteps: number;
  /** Final rate as a fraction of the peak (0.1: a tenth). */
  floor: number;
}

/** Learning rate for the 0-based `step`. */
export function learningRateAt(step: number, schedule: LearningRateSchedule): number {
  const { peak, warmupSteps, totalSteps, floor } = schedule;
  if (step < warmupSteps) return (peak * (step + 1)) / warmupSteps;
  const span = Math.max(1, totalSteps - warmupSteps);
  const progress = Math.min(1, (step - warmupSteps) / span);
  const low = peak * floor;
  return low + 0.5 * (peak - low) * (1 + Math.cos(Math.PI * progress));
}
