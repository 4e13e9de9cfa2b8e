/**
 * generateSeed: a realistic, deterministic Twenty workspace of any size for the sandbox to load.
 *
 * Records are generated lazily, one at a time, from (seed, object, index): `records()` can be iterated as
 * often as wanted and always yields the same records, so a million records are never held twice (or at all,
 * by the generator). Files are described eagerly (a small table) and their bytes made on demand.
 */
import type { WorkspaceModel } from '../model/types.js';
import type { MemberInfo, SeedContext } from './context.js';
import { FilePlanner, type SeedFile } from './files.js';
import { Identities } from './names.js';
import { MEMBER_OBJECT, planSeed, type ObjectPlan } from './plan.js';
import { hashString, mix, unitFor, uuidFor } from './random.js';
import { buildRecord, type SeedRecord } from './record.js';

export interface SeedOptions {
  /** about how many records across all objects (workspace members not counted) */
  records: number;
  /** default 1 */
  seed?: number;
  /** workspace members, default 5 */
  members?: number;
  /** share of records soft-deleted (`deletedAt` set), default 0.02 */
  softDeletedShare?: number;
  /** share of records carrying awkward values (unicode, quotes, long text, boundary dates, zero amounts), default 0.03 */
  edgeShare?: number;
  /** how often a nullable field is left empty, default 0.12 */
  emptyShare?: number;
  /** the seed's clock: every timestamp is at or before it. Default 2026-01-01T00:00:00.000Z */
  now?: string | Date;
  /** how many years of history before `now`, default 3 */
  years?: number;
  /** if set, attachment #0 holds a `.bin` file of this many bytes */
  largeFileBytes?: number;
  /** relative weights by object nameSingular, over the defaults (plan.ts DEFAULT_WEIGHTS); 0 leaves an object out */
  weights?: Record<string, number>;
}

export interface SeedObject {
  nameSingular: string;
  namePlural: string;
  count: number;
  /** the records in index order; a new, identical pass on each call */
  records(): Iterable<SeedRecord>;
  /** record `index` alone (random access) */
  record(index: number): SeedRecord;
  /** the id of record `index`, without building it */
  idOf(index: number): string;
}

export interface Seed {
  /** workspaceMembers records (not in `objects`): load them first, every other object refers to them */
  members: SeedRecord[];
  /** every other object with records, in a valid insertion order (many-to-one targets first) */
  objects: SeedObject[];
  /** by fileId: every file a FILES value names (attachment.file, person.avatarFile, custom FILES fields) */
  files: Map<string, SeedFile>;
}

const DAY = 86_400_000;

export function generateSeed(model: WorkspaceModel, options: SeedOptions): Seed {
  const seed = options.seed ?? 1;
  const seedKey = mix(hashString('twenty-migrate seed'), seed >>> 0, Math.floor(seed / 2 ** 32));
  const memberCount = options.members ?? 5;
  const softDeletedShare = options.softDeletedShare ?? 0.02;
  const now = new Date(options.now ?? '2026-01-01T00:00:00.000Z').getTime();
  const start = now - Math.round((options.years ?? 3) * 365 * DAY);
  const plan = planSeed(model, { records: Math.max(0, Math.floor(options.records)), members: memberCount, seedKey, weights: options.weights });
  const identities = new Identities(seedKey);
  const files = new FilePlanner(seedKey, { largeFileBytes: options.largeFileBytes });

  const keyOf = (name: string) => mix(seedKey, hashString(`object:${name}`));
  const memberPlan: ObjectPlan | undefined = plan.memberObject && {
    object: plan.memberObject, count: memberCount, key: keyOf(MEMBER_OBJECT), relations: [], morphGroups: [],
  };
  const countOf = (name: string) => (name === MEMBER_OBJECT ? memberCount : plan.byName.get(name)?.count ?? 0);
  const members: MemberInfo[] = [];
  const keys = new Map<string, number>();
  const idOf = (name: string, index: number) => {
    let k = keys.get(name);
    if (k === undefined) keys.set(name, (k = keyOf(name)));
    return uuidFor(k, index);
  };
  const g: SeedContext = {
    seedKey, now, start, members, identities, plan, files, idOf,
    edgeShare: options.edgeShare ?? 0.03,
    emptyShare: options.emptyShare ?? 0.12,
    createdAtOf: (name, index) => {
      // Members joined before the data; other records spread over the history in index order, with jitter.
      if (name === MEMBER_OBJECT) return start - (memberCount - index) * 3 * DAY;
      const count = countOf(name);
      return start + Math.floor(((index + unitFor(keyOf(name) ^ 0x7157, index)) / count) * (now - start - DAY));
    },
  };

  const recordOptions = { softDeletedShare };
  const memberRecords = memberPlan ? Array.from({ length: memberCount }, (_, i) => buildRecord(g, memberPlan, i, recordOptions)) : [];
  for (const r of memberRecords) {
    const name = r.name as { firstName: string; lastName: string } | undefined;
    members.push({ id: r.id as string, name: name ? `${name.firstName} ${name.lastName}`.trim() : '' });
  }

  const objects = plan.objects.map((p): SeedObject => ({
    nameSingular: p.object.nameSingular,
    namePlural: p.object.namePlural,
    count: p.count,
    records: () => ({
      *[Symbol.iterator]() {
        for (let i = 0; i < p.count; i++) yield buildRecord(g, p, i, recordOptions);
      },
    }),
    record: (index) => {
      if (!Number.isInteger(index) || index < 0 || index >= p.count) throw new RangeError(`${p.object.namePlural} has no record #${index} (count ${p.count})`);
      return buildRecord(g, p, index, recordOptions);
    },
    idOf: (index) => g.idOf(p.object.nameSingular, index),
  }));

  return { members: memberRecords, objects, files: fileTable(plan.objects, memberPlan, files) };
}

/** Every file named by a FILES value, found by asking the planner (no record is built). */
function fileTable(plans: ObjectPlan[], memberPlan: ObjectPlan | undefined, planner: FilePlanner): Map<string, SeedFile> {
  const table = new Map<string, SeedFile>();
  for (const p of memberPlan ? [memberPlan, ...plans] : plans) {
    for (const field of p.object.fields) {
      if (!field.isActive || field.type !== 'FILES') continue;
      for (let i = 0; i < p.count; i++) {
        for (const ref of planner.filesOf(p.object, field, i)) table.set(ref.fileId, planner.fileFor(ref));
      }
    }
  }
  return table;
}
