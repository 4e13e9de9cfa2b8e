/**
 * Which record fields hold a workspace member id, read from the workspace's metadata (never a fixed list: custom
 * objects and custom relations to members exist, and Twenty adds standard ones between versions).
 */
import type { WorkspaceSchema } from '../metadata/types.js';
import type { MemberReferenceField } from '../run/contracts.js';

export const MEMBER_OBJECT = 'workspaceMember';

/**
 * Every field referencing a member: the join column of each MANY_TO_ONE relation to `workspaceMember`
 * (`company.accountOwnerId`) and `<field>.workspaceMemberId` of each ACTOR field (`createdBy`, `updatedBy`).
 * Inactive fields are left out: the API does not return them.
 *
 * @example
 * memberReferenceFields(schema).filter((f) => f.object === 'companies');
 * // [{ object: 'companies', path: 'createdBy.workspaceMemberId', kind: 'actor' },
 * //  { object: 'companies', path: 'accountOwnerId', kind: 'relation' }, …]
 */
export function memberReferenceFields(schema: WorkspaceSchema): MemberReferenceField[] {
  const out: MemberReferenceField[] = [];
  for (const object of schema.objects) {
    for (const field of object.fields) {
      if (!field.isActive) continue;
      if (field.type === 'ACTOR') {
        out.push({ object: object.namePlural, path: `${field.name}.workspaceMemberId`, kind: 'actor' });
      } else if (field.relation?.kind === 'MANY_TO_ONE' && field.relation.targetObject === MEMBER_OBJECT) {
        out.push({ object: object.namePlural, path: field.relation.joinColumn ?? `${field.name}Id`, kind: 'relation' });
      }
    }
  }
  return out;
}

/** Kept for callers of the members stage (the walker itself lives in record-path.ts). */
export { valueAtPath } from '../record-path.js';
