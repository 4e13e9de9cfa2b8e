/** Plan test fixtures: a members file with one unmatched member, and a two-object cycle. */
import type { WorkspaceSchema } from '../../sdk/metadata/types.js';
import type { MembersFile, UnmatchedMemberPolicy } from '../../sdk/run/contracts.js';
import { builtInSchema } from './schema-from-model.js';

export function membersFile(policy: UnmatchedMemberPolicy, extra: Partial<MembersFile> = {}): MembersFile {
  const ann = { id: '11111111-1111-4111-8111-111111111111', userEmail: 'ann@acme.com', name: 'Ann Lee' };
  const bob = { id: '22222222-2222-4222-8222-222222222222', userEmail: 'bob@acme.com', name: 'Bob Ray' };
  const annT = { id: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', userEmail: 'ann@acme.com', name: 'Ann Lee' };
  return { source: [ann, bob], target: [annT], mapping: { [ann.id]: annT.id }, unmatched: [bob], policy, referenceFields: [], ...extra };
}

/** Two custom objects pointing at each other: alpha.betaId (required) and beta.alphaId (nullable). */
export function cycleSchema(): WorkspaceSchema {
  const base = builtInSchema('seeded', 'cycle').objects.find((o) => o.nameSingular === 'rocket')!;
  const object = (singular: string, plural: string, other: string, nullable: boolean) => {
    const o = structuredClone(base);
    Object.assign(o, { nameSingular: singular, namePlural: plural, labelSingular: singular, labelPlural: plural, id: `${singular}-id` });
    const rel = o.fields.find((f) => f.name === 'helpedPets')!;
    Object.assign(rel, { name: other, isNullable: nullable, relation: { kind: 'MANY_TO_ONE', targetObject: other, inverseField: null, joinColumn: `${other}Id` } });
    return o;
  };
  return { serverUrl: 'x', metadataFormat: 'new', warnings: [], objects: [object('alpha', 'alphas', 'beta', false), object('beta', 'betas', 'alpha', true)] };
}
