/**
 * The state value generators read: workspace-wide (seed, clock, members, plan) and per record.
 */
import type { ModelObject } from '../model/types.js';
import type { FilePlanner } from './files.js';
import type { Identities } from './names.js';
import type { ObjectPlan, SeedPlan } from './plan.js';
import type { Rng } from './random.js';

export interface MemberInfo {
  id: string;
  name: string;
}

export interface SeedContext {
  seedKey: number;
  /** the seed's clock, epoch ms: every createdAt/updatedAt/deletedAt is at or before it */
  now: number;
  /** epoch ms of the oldest record */
  start: number;
  members: MemberInfo[];
  identities: Identities;
  plan: SeedPlan;
  files: FilePlanner;
  /** share of records that get awkward values (unicode, quotes, very long text, boundary dates…) */
  edgeShare: number;
  /** nullable fields are left empty this often */
  emptyShare: number;
  /** the id of record `index` of object `name` (members included) */
  idOf(name: string, index: number): string;
  /** createdAt (epoch ms) of record `index` of object `name`: pure, so children can follow their parent */
  createdAtOf(name: string, index: number): number;
}

export interface RecordContext {
  g: SeedContext;
  plan: ObjectPlan;
  object: ModelObject;
  index: number;
  id: string;
  rng: Rng;
  /** this record carries some awkward values */
  edge: boolean;
  createdAt: number;
  /** chosen many-to-one targets by join column: index into the target object (null when unset) */
  joins: Map<string, { target: string; index: number } | null>;
  /** a fresh deterministic uuid (block ids of rich text, UUID fields) */
  newUuid(): string;
}
