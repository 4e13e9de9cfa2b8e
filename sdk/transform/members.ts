/**
 * Member references: join columns pointing at workspaceMember (accountOwnerId, assigneeId, custom ones) and the
 * `workspaceMemberId` of ACTOR fields (createdBy). Source member ids mean nothing in the target, so each is mapped
 * through members.json; an unmatched one follows the policy (stop → the record is refused, empty → null,
 * map → the chosen target member).
 */
import type { SchemaObject, WorkspaceSchema } from '../metadata/types.js';
import type { MembersFile } from '../run/contracts.js';
import type { RunFolder } from '../run/run-folder.js';
import { findObject, manyToOneRelations, MEMBER_OBJECT } from '../plan/objects.js';
import { overlayPath, withOverlay } from '../export/overlay.js';

export interface MemberReferencePath {
  /** `accountOwnerId` or `createdBy.workspaceMemberId` */
  path: string;
  kind: 'relation' | 'actor';
}

/**
 * Where records of `object` hold member ids, read from the metadata.
 *
 * @example
 * memberReferencePaths(findObject(source, 'companies')!);
 * // [{ path: 'accountOwnerId', kind: 'relation' }, { path: 'createdBy.workspaceMemberId', kind: 'actor' }]
 */
export function memberReferencePaths(object: SchemaObject): MemberReferencePath[] {
  const out: MemberReferencePath[] = manyToOneRelations(object)
    .filter((r) => r.target === MEMBER_OBJECT)
    .map((r) => ({ path: r.joinColumn, kind: 'relation' as const }));
  // updatedBy is never sent (the server overwrites it), so only the other ACTOR fields matter.
  for (const f of object.fields) if (f.isActive && f.type === 'ACTOR' && f.name !== 'updatedBy') out.push({ path: `${f.name}.workspaceMemberId`, kind: 'actor' });
  return out;
}

export type MemberOutcome = 'mapped' | 'emptied' | 'remapped' | 'unmatched';

/** A source member id resolved to a target one (or null), with what happened. */
export function resolveMember(members: MembersFile, sourceId: string): { value: string | null; outcome: MemberOutcome } {
  const mapped = members.mapping[sourceId];
  if (mapped) return { value: mapped, outcome: 'mapped' };
  switch (members.policy.kind) {
    case 'empty':
      return { value: null, outcome: 'emptied' };
    case 'map':
      return members.mapTo ? { value: members.mapTo, outcome: 'remapped' } : { value: null, outcome: 'unmatched' };
    default:
      return { value: null, outcome: 'unmatched' };
  }
}

export interface MemberReferenceChange {
  path: string;
  before: string;
  after: string | null;
  outcome: MemberOutcome;
}

const getPath = (record: Record<string, unknown>, path: string): unknown =>
  path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), record);

/**
 * The member references of one source record and what they become. Pure: the record is not changed.
 *
 * @example
 * memberReferenceChanges(company, paths, members);
 * // [{ path: 'accountOwnerId', before: 'src-member-id', after: 'tgt-member-id', outcome: 'mapped' }]
 */
export function memberReferenceChanges(record: Record<string, unknown>, paths: MemberReferencePath[], members: MembersFile): MemberReferenceChange[] {
  const out: MemberReferenceChange[] = [];
  for (const { path } of paths) {
    const before = getPath(record, path);
    if (typeof before !== 'string' || before === '') continue;
    const { value, outcome } = resolveMember(members, before);
    out.push({ path, before, after: value, outcome });
  }
  return out;
}

export interface MemberReferenceSample {
  object: string;
  recordId: string;
  path: string;
  before: string;
  /** e-mail (or name) of the source member */
  beforeMember: string;
  after: string | null;
  afterMember: string | null;
  outcome: MemberOutcome;
}

/**
 * A sample of member references before and after mapping, read from the exported records: for a notebook table.
 *
 * @example
 * const rows = await memberReferencesBeforeAfter({ run, source, members, limit: 10 });
 * console.table(rows.map((r) => [r.object, r.path, r.beforeMember, r.afterMember, r.outcome]));
 */
export async function memberReferencesBeforeAfter(options: {
  run: RunFolder;
  source: WorkspaceSchema;
  members: MembersFile;
  objects?: string[];
  /** rows to return, default 20 */
  limit?: number;
  /** rows per object, default 5, so the sample shows several objects */
  perObject?: number;
}): Promise<MemberReferenceSample[]> {
  const { run, source, members } = options;
  const limit = options.limit ?? 20;
  const perObject = options.perObject ?? 5;
  const who = (list: MembersFile['source'], id: string | null) => {
    const m = id ? list.find((x) => x.id === id) : undefined;
    return m ? (m.userEmail ?? m.name) : null;
  };
  const names = options.objects ?? source.objects.map((o) => o.namePlural);
  const out: MemberReferenceSample[] = [];
  for (const name of names) {
    const object = findObject(source, name);
    if (!object || !(run.exists('export', `${object.namePlural}.jsonl`) || run.exists(...overlayPath(object.namePlural)))) continue;
    const paths = memberReferencePaths(object);
    if (!paths.length) continue;
    let taken = 0;
    scan: for await (const record of withOverlay(run, object.namePlural, run.readJsonl<Record<string, unknown>>('export', `${object.namePlural}.jsonl`))) {
      for (const c of memberReferenceChanges(record, paths, members)) {
        out.push({
          object: object.namePlural, recordId: String(record.id), ...c,
          beforeMember: who(members.source, c.before) ?? '(unknown member)',
          afterMember: who(members.target, c.after),
        });
        if (out.length >= limit) return out;
        if (++taken >= perObject) break scan;
      }
    }
  }
  return out;
}
