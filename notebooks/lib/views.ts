/**
 * Rows for the notebooks' tables, projected from what the SDK's stages return (members, plan, transform, import,
 * verification), so that notebooks only call the SDK and display. No computation of a migration happens here.
 */
import type { WorkspaceSchema } from '../../sdk/metadata/index.js';
import type { MembersStageResult } from '../../sdk/members/index.js';
import type { MembersFile, Plan, RecordIssue } from '../../sdk/run/contracts.js';
import type { RunFolder } from '../../sdk/run/run-folder.js';
import type { TransformResult } from '../../sdk/transform/index.js';
import type { ChangesReport } from '../../sdk/sync/changes.js';
import type { Conflict } from '../../sdk/sync/conflicts.js';
import type { UndoPlan } from '../../sdk/undo/plan.js';
import type { CsvImportPlan } from '../../sdk/csv/plan.js';

/** Objects and fields of each side's data model. */
export function schemaSummary(schemas: { source: WorkspaceSchema; target: WorkspaceSchema }) {
  return (['source', 'target'] as const).map((side) => {
    const s = schemas[side];
    return {
      side,
      objects: s.objects.length,
      'custom objects': s.objects.filter((o) => o.isCustom).length,
      fields: s.objects.reduce((n, o) => n + o.fields.length, 0),
      'custom fields': s.objects.reduce((n, o) => n + o.fields.filter((f) => f.isCustom).length, 0),
    };
  });
}

/** Every source member next to the target member with the same e-mail, or `unmatched`. */
export function memberMatches(members: MembersFile) {
  const target = new Map(members.target.map((t) => [t.id, t]));
  return members.source.map((s) => {
    const t = target.get(members.mapping[s.id] ?? '');
    return { 'source member': s.name, 'source e-mail': s.userEmail, 'target member': t?.name ?? null, 'target e-mail': t?.userEmail ?? null, status: t ? 'matched' : 'unmatched' };
  });
}

/** The policy for unmatched members, what it does, and (once records are exported) how many records each touches. */
export function policyRows(members: MembersStageResult | MembersFile) {
  const mapTo = members.target.find((t) => t.id === members.mapTo);
  const effect =
    members.policy.kind === 'map' ? `given to ${mapTo?.userEmail ?? members.policy.email}`
    : members.policy.kind === 'empty' ? 'left empty'
    : 'import refused until invited';
  return members.unmatched.map((u) => ({
    'unmatched member': u.name,
    'e-mail': u.userEmail,
    policy: members.policy.kind,
    'their references': effect,
    'records touched': members.touched ? (members.touched[u.id] ?? 0) : 'known after the export',
  }));
}

/** The plan's import order, one row per object. */
export function planRows(plan: Plan) {
  return plan.order.map((o, i) => ({
    '#': i + 1,
    object: o.object,
    records: o.count,
    deferred: o.deferredFields.length ? 'deferred' : '',
    'deferred fields (written in the patch pass)': o.deferredFields.join(', '),
  }));
}

/** Blockers and warnings of a plan as rows. */
export function planNotes(plan: Plan) {
  return [
    ...plan.blockers.map((text) => ({ kind: 'blocker', text })),
    ...plan.warnings.map((text) => ({ kind: 'warn', text })),
  ];
}

/** The transform's issues by code, with the number of records and one example message. */
export function issueCodeRows(result: TransformResult) {
  return Object.entries(result.issuesByCode)
    .map(([code, { count, samples }]) => ({ code, issues: count, example: samples[0] ? `${samples[0].object}.${samples[0].field ?? ''}: ${samples[0].message}` : '' }))
    .sort((a, b) => b.issues - a.issues);
}

/** The record issues of errors.jsonl, optionally of one stage only. */
export async function recordIssues(run: RunFolder, stage?: RecordIssue['stage']): Promise<RecordIssue[]> {
  const out: RecordIssue[] = [];
  for await (const issue of run.readJsonl<RecordIssue>('errors.jsonl')) if (!stage || issue.stage === stage) out.push(issue);
  return out;
}

/** Notebook 10: what changed on each side since the migration, one row per object with a change. */
export function changeCounts(report: ChangesReport) {
  return report.objects
    .map((o) => ({
      object: o.object,
      'source created': o.source.created.length,
      'source updated': o.source.updated.length,
      'source trashed': o.source.trashed.length,
      'source restored': o.source.restored.length,
      'source deleted': o.source.deleted === null ? null : o.source.deleted.length,
      'target changed': o.target.changed.length,
      conflicts: o.conflicts.length,
    }))
    .filter((r) => r['source created'] + r['source updated'] + r['source trashed'] + r['source restored'] + (r['source deleted'] ?? 0) + r['target changed'] > 0);
}

/** Notebook 10: each conflict field by field, the source's value beside the target's, and which side changed it. */
export function conflictRows(conflicts: readonly Conflict[]) {
  const shown = (v: unknown) => (v === undefined ? null : typeof v === 'object' && v !== null ? JSON.stringify(v) : v);
  return conflicts.flatMap((c) => [...new Set([...c.sourceFields, ...c.targetFields])].map((field) => ({
    object: c.object,
    record: c.sourceId,
    field,
    'changed by': c.bothChanged.includes(field) ? 'both' : c.sourceFields.includes(field) ? 'source' : 'target',
    source: shown(c.source[field]),
    target: shown(c.target[field]),
  })));
}

/** Notebook 10: what `undo` would take out and put back, per object (read from the run folder only). */
export function undoRows(plan: UndoPlan) {
  const rows = new Map<string, { object: string; 'created (would be removed)': number; 'of them trashed': number; 'merged (would be put back)': number }>();
  const row = (object: string) => rows.get(object) ?? rows.set(object, { object, 'created (would be removed)': 0, 'of them trashed': 0, 'merged (would be put back)': 0 }).get(object)!;
  for (const o of plan.records) {
    row(o.object)['created (would be removed)'] += o.records.length;
    row(o.object)['of them trashed'] += o.records.filter((r) => r.trashed).length;
  }
  for (const x of plan.merged) row(x.object)['merged (would be put back)'] += 1;
  return [...rows.values()];
}

/** Notebook 11: one row per CSV file: the object it holds, how that was decided, rows, columns mapped and not. */
export function csvFiles(plan: CsvImportPlan) {
  return plan.files.map((f) => ({
    file: f.file,
    object: f.mapping.object,
    'decided by': f.mapping.by,
    rows: f.rows,
    'columns in file': f.mapping.columns.length,
    'not mapped': f.mapping.unmapped.join(', ') || null,
    format: `${f.format.delimiter === '\t' ? 'tab' : f.format.delimiter} ${f.format.lineEnd}${f.format.bom ? ' BOM' : ''}`,
    'member ids without e-mail': f.membersWithoutEmail.length,
    'import order': plan.order.indexOf(f.mapping.object) + 1,
  }));
}

/** Notebook 11: every column of one file and the field it fills. */
export function csvColumnMapping(plan: CsvImportPlan, file: string) {
  const f = plan.files.find((x) => x.file === file);
  return (f?.mapping.columns ?? []).map((c) => ({ 'CSV column': c.header, field: c.path ?? '(nothing)', by: c.by ?? null, 'e-mail of': c.emailOf ?? null }));
}

/** Notebook 11: what cannot be read, per file and reason, with an example. */
/** What the files lack that the source could fill (`gapsOf`): one row per object. */
export function csvGaps(gaps: { fields: Array<{ object: string; keys: string[] }>; children: string[] }) {
  return [
    ...gaps.fields.map((g) => ({ object: g.object, 'what the files lack': `no column for ${g.keys.join(', ')}` })),
    ...gaps.children.map((c) => ({ object: c, 'what the files lack': 'in no file: its records would come from the source' })),
  ];
}

export function csvIssues(plan: CsvImportPlan) {
  return plan.files.flatMap((f) => Object.entries(f.issues).map(([code, g]) => ({
    file: f.file, reason: code, rows: g.count, 'first line': g.samples[0]?.line ?? null, column: g.samples[0]?.column ?? null, example: g.samples[0]?.message ?? null,
  })));
}
