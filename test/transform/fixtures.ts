/**
 * Shared fixtures for the transform tests: schemas of two seeded workspaces, a members file, a run folder in a
 * temporary directory with hand-made exported records in Twenty's REST response shape.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WorkspaceSchema } from '../../sdk/metadata/types.js';
import { buildPlan } from '../../sdk/plan/build-plan.js';
import type { MembersFile, Plan, UnmatchedMemberPolicy } from '../../sdk/run/contracts.js';
import { RunFolder } from '../../sdk/run/run-folder.js';
import { builtInSchema } from '../plan/schema-from-model.js';

export const source = builtInSchema('seeded', 'source');
export const target = builtInSchema('seeded', 'target');

export const ANN = '11111111-1111-4111-8111-111111111111';
export const BOB = '22222222-2222-4222-8222-222222222222';
export const ANN_T = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
export const OPS_T = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';

export function members(policy: UnmatchedMemberPolicy = { kind: 'empty' }): MembersFile {
  return {
    source: [{ id: ANN, userEmail: 'ann@acme.com', name: 'Ann Lee' }, { id: BOB, userEmail: 'bob@acme.com', name: 'Bob Ray' }],
    target: [{ id: ANN_T, userEmail: 'ann@acme.com', name: 'Ann Lee' }, { id: OPS_T, userEmail: 'ops@acme.com', name: 'Ops Team' }],
    mapping: { [ANN]: ANN_T },
    unmatched: [{ id: BOB, userEmail: 'bob@acme.com', name: 'Bob Ray' }],
    policy,
    ...(policy.kind === 'map' ? { mapTo: OPS_T } : {}),
    referenceFields: [],
  };
}

export const tempRun = () => RunFolder.open(mkdtempSync(join(tmpdir(), 'twenty-migrate-transform-')));

export const planFor = (counts: Record<string, number>, schemas: { source?: WorkspaceSchema; target?: WorkspaceSchema } = {}): Plan =>
  buildPlan({ source: schemas.source ?? source, target: schemas.target ?? target, counts });

export const id = (n: number, block = 0) => `7e57c0de-000${block}-4000-8000-${String(n).padStart(12, '0')}`;

export const actor = (memberId: string | null, name = 'Ann Lee', src = 'MANUAL') => ({ source: src, workspaceMemberId: memberId, name, context: { provider: 'google' } });

/** A record as Twenty's REST list returns it: system fields, then the data fields given. */
export function exported(recordId: string, fields: Record<string, unknown>, createdBy = actor(ANN)): Record<string, unknown> {
  return {
    id: recordId, createdAt: '2024-03-01T10:00:00.000Z', updatedAt: '2024-04-01T10:00:00.000Z', deletedAt: null, position: 3,
    createdBy, updatedBy: actor(BOB, 'Bob Ray'), searchVector: "'acme':1", ...fields,
  };
}
