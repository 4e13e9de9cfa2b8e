/**
 * The members stage (guide steps 3 and 5): match the source's members to the target's by email, find every field
 * that references a member, apply the policy for the unmatched ones and write members.json. Run it again after
 * the export to learn how many records each unmatched member touches.
 */
import type { TwentyClient } from '../client/index.js';
import type { WorkspaceSchema } from '../metadata/types.js';
import type { MembersFile, UnmatchedMemberPolicy } from '../run/contracts.js';
import type { RunFolder } from '../run/run-folder.js';
import { matchMembers } from './match.js';
import { resolvePolicy } from './policy.js';
import { describeMember, readMembers } from './read.js';
import { memberReferenceFields } from './reference-fields.js';
import { countTouched } from './touched.js';

export interface MembersStageOptions {
  source: TwentyClient;
  target: TwentyClient;
  /** the source workspace's schema (reference fields are those of the exported records) */
  schema: WorkspaceSchema;
  run: RunFolder;
  /** default `stop` */
  policy?: UnmatchedMemberPolicy;
}

export interface MembersStageResult extends MembersFile {
  /** true when the import cannot go on as is: unmatched members with records, and the `stop` policy */
  needsAction: boolean;
  /** one line per unmatched member, most referenced first, e.g. `Ann Lee <ann@acme.com>: 1240 records` */
  toInvite: string[];
  /** what to do, in words */
  advice: string;
}

/**
 * Reads both sides' members, matches them, writes members.json and returns its content plus what to do.
 * Throws `MigrationError('MAP_TARGET_NOT_A_MEMBER')` for a `map:EMAIL` policy whose EMAIL is not a target member.
 *
 * @example
 * const members = await runMembersStage({ source, target, schema, run, policy: parsePolicy('map:ops@acme.com') });
 * if (members.needsAction) console.log(`Invite these people in the target:\n${members.toInvite.join('\n')}`);
 */
export async function runMembersStage(options: MembersStageOptions): Promise<MembersStageResult> {
  const { run } = options;
  run.setStage('members', 'started');
  try {
    const [source, target] = [await readMembers(options.source), await readMembers(options.target)];
    const { mapping, unmatched } = matchMembers(source, target);
    // A policy chosen earlier for this run folder holds until one is given again (members.json records it).
    const previous = run.readJson<MembersFile>('members.json')?.policy;
    const { policy, mapTo } = resolvePolicy(options.policy ?? previous, target);
    const referenceFields = memberReferenceFields(options.schema);
    // Counting needs the exported records: known from step 5 on (after the export), unknown at step 3.
    const touched = run.exists('export', 'state.json') ? await countTouched(run, { unmatched, referenceFields }) : undefined;
    const file: MembersFile = { source, target, mapping, unmatched, policy, ...(mapTo ? { mapTo } : {}), referenceFields, ...(touched ? { touched } : {}) };
    run.writeJson(file, 'members.json');

    const blocking = unmatched.filter((m) => touched === undefined || touched[m.id] > 0);
    const needsAction = policy.kind === 'stop' && blocking.length > 0;
    const ordered = [...unmatched].sort((a, b) => (touched?.[b.id] ?? 0) - (touched?.[a.id] ?? 0));
    const toInvite = ordered.map(
      (m) => `${describeMember(m)}${m.userEmail ? '' : ' (no email: cannot be invited)'}${touched ? `: ${touched[m.id]} records` : ''}`,
    );
    const advice = adviceFor(policy, unmatched.length, blocking.length, touched !== undefined, target.find((t) => t.id === mapTo)?.userEmail);
    run.setStage('members', 'completed', `${Object.keys(mapping).length} matched, ${unmatched.length} unmatched (policy ${policy.kind})`);
    return { ...file, needsAction, toInvite, advice };
  } catch (error) {
    run.setStage('members', 'failed', error instanceof Error ? error.message : String(error));
    throw error;
  }
}

function adviceFor(policy: UnmatchedMemberPolicy, unmatched: number, blocking: number, counted: boolean, mapToEmail?: string | null): string {
  if (unmatched === 0) return 'Every source member is a member of the target.';
  const who = `${unmatched} source member${unmatched > 1 ? 's are' : ' is'} not in the target`;
  if (policy.kind === 'empty') return `${who}: their references will be left empty.`;
  if (policy.kind === 'map') return `${who}: their records will be given to ${mapToEmail ?? policy.email}.`;
  if (counted && blocking === 0) return `${who}, but no exported record references them: nothing to do.`;
  return (
    `${who}. Invite them in the target (Settings → Members) and run this stage again once they have accepted, ` +
    'or choose --on-unmatched-member empty (leave their references empty) or map:EMAIL (give their records to EMAIL).'
  );
}
