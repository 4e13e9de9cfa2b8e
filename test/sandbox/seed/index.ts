/**
 * A deterministic seed of a realistic Twenty 2.21 workspace, of any size, for the sandbox to load.
 *
 * @example
 *   const seed = generateSeed(loadBuiltInModel('seeded'), { records: 10_000, seed: 42 });
 *   for (const m of seed.members) load('workspaceMembers', m);
 *   for (const o of seed.objects) for (const r of o.records()) load(o.namePlural, r);
 *   seed.files.get(fileId)?.bytes;
 */
export { generateSeed, type Seed, type SeedObject, type SeedOptions } from './generate.js';
export { SeedFile, type FileRef } from './files.js';
export type { SeedRecord } from './record.js';
export { DEFAULT_WEIGHTS, CUSTOM_SHARE } from './plan.js';
