/** Parameter validation shared by the environments' generators. */

/**
 * Check that `value` is an integer in [min, max].
 * @throws {RangeError} naming the environment, the parameter, the range and the value.
 */
export function checkInt(envId: string, name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${envId}: ${name} must be an integer from ${min} to ${max}, got ${String(value)}`);
  }
  return value;
}

/**
 * Check that `value` is one of `allowed`.
 * @throws {RangeError} naming the environment, the parameter, the allowed values and the value.
 */
export function checkOneOf<T>(envId: string, name: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) {
    throw new RangeError(
      `${envId}: ${name} must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}, got ${JSON.stringify(value)}`,
    );
  }
  return value as T;
}

/**
 * Check that `params` is a non-null object.
 * @throws {RangeError} when it is not.
 */
export function checkObject(envId: string, params: unknown): void {
  if (params === null || typeof params !== 'object' || Array.isArray(params)) {
    throw new RangeError(`${envId}: params must be an object, got ${JSON.stringify(params)}`);
  }
}
