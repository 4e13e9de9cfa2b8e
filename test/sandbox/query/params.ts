/**
 * `limit` and `depth` as Twenty 2.21 parses them (limit-parser-utils, depth-parser-utils).
 */
import { badRequest } from '../http-error.js';

export const DEFAULT_LIMIT = 60;
export const MAX_LIMIT = 200;

/**
 * Absent or empty → 60. Otherwise `+raw` (so `1e2`, ` 5`, `0x10` are numbers); NaN or negative →
 * 400 `limit 'abc' is invalid. Should be an integer`; above 200 silently clamped; 0 allowed.
 * Fractions pass Twenty's check; here they are floored (unrecorded).
 *
 * @example parseLimit('500') // → 200
 */
export const parseLimit = (raw: string | undefined): number => {
  if (!raw) return DEFAULT_LIMIT;
  const limit = +raw;
  if (Number.isNaN(limit) || limit < 0) throw badRequest(`limit '${raw}' is invalid. Should be an integer`);
  return Math.floor(Math.min(limit, MAX_LIMIT));
};

/**
 * Absent or empty → 0; `+raw` must be 0 or 1, else 400 `'depth=2' parameter invalid. Allowed values are 0, 1`.
 *
 * @example parseDepth('1') // → 1
 */
export const parseDepth = (raw: string | undefined): 0 | 1 => {
  if (!raw) return 0;
  const depth = +raw;
  if (depth !== 0 && depth !== 1) throw badRequest(`'depth=${raw}' parameter invalid. Allowed values are 0, 1`);
  return depth;
};
