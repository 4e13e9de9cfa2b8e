/**
 * The auditor: given both workspaces (URL + key), a snapshot of the target taken before the migration and the
 * member policy used, reads everything back through the REST/metadata APIs and reports every difference. It
 * never reads the tool's run folder or its verify stage: a bug there cannot hide itself here.
 */
import type { Instance } from '../env.js';
import { waitQueueIdle, runsSince } from './automations.js';
import { compareFilesField, runFileTasks, type FileTask } from './files.js';
import { requestCount, type Json } from './http.js';
import { apiKeyNames, readMembers, type MemberPolicy } from './members.js';
import { categoryOf, legacyAttachment, signedPaths } from './legacy-files.js';
import { compareDataModels, readDataModel, targetJoinColumn, type DataModel, type FieldMeta, type ObjectMeta } from './metadata.js';
import { canonical, fileUrls, sameValue, stable } from './normalize.js';
import { comparePreexisting, labelOf } from './preexisting.js';
import { findUnexpected } from './unexpected.js';
import { findMerges, nearDuplicates, type ById } from './uniques.js';
import { listAll, objectsToCheck, objectsToSnapshot, snapshot, trashedAmong, type Row, type Snapshot } from './records.js';
import { FAILURE_SECTIONS, newReport, type Finding, type Report } from './report.js';

export interface Before {
  at: string;
  model: DataModel;
  rows: Snapshot;
}

/** Every record of the target before the migration (after the reset and any test set-up). */
export async function captureBefore(target: Instance): Promise<Before> {
  const model = await readDataModel(target);
  return { at: new Date().toISOString(), model, rows: await snapshot(target, objectsToSnapshot(model)) };
}

export interface CheckOptions {
  label: string;
  source: Instance;
  target: Instance;
  before: Before;
  /** ISO time the first migration command started: workflow runs after it are the migration's */
  migrationStartedAt: string;
  policy: MemberPolicy;
  /** wait for the target's workflow queue to be idle first (default true) */
  waitForQueue?: boolean | { capMs?: number; quietMs?: number };
  /** record id (source or target) → a class label: findings are also tallied per class */
  classes?: Record<string, string>;
  /**
   * The run was made with `--include-deleted`: a source record in the trash was migrated into the target's trash,
   * so a reference to it is expected to be kept (not emptied) when the target's trash holds the same id.
   */
  includeDeleted?: boolean;
}

/** Fields not compared by value, and why. */
const NOT_COMPARED = new Set([
  'id', // the identity itself (records are paired by it, or by a merge)
  'searchVector', // recomputed by the target
  'updatedBy', // always the writer's key (twenty-api.md §3); checked only for automation rewrites
  'deletedAt', // both sides are live listings
]);
/** Per object: columns the tool documents it rewrites on purpose. */
const REWRITTEN: Record<string, Set<string>> = {
  dashboard: new Set(['pageLayoutId']), // metadata id of the layout, recreated by the configuration stage
};
const AUTOMATION_SOURCES = new Set(['WORKFLOW', 'APPLICATION']);
const byId = (rows: Row[]): ById => new Map(rows.map((r) => [String(r.id), r]));

export async function checkMigration(o: CheckOptions): Promise<Report> {
  const r = newReport(o.label);
  const { source, target } = o;
  if (o.classes) {
    for (const label of new Set(Object.values(o.classes))) r.recordClasses[label] = { records: 0, findings: 0, sections: {}, info: {} };
    for (const label of Object.values(o.classes)) r.recordClasses[label].records++;
    const labelOfFinding = (f: Finding) => {
      const ids = [f.id, typeof f.source === 'string' ? f.source : undefined, typeof f.target === 'string' ? f.target : undefined];
      if (Array.isArray(f.target)) for (const t of f.target as Json[]) ids.push(t?.id);
      for (const id of ids) if (id && o.classes![id]) return o.classes![id];
      return undefined;
    };
    for (const name of FAILURE_SECTIONS) {
      r[name].onAdd = (f) => {
        const label = labelOfFinding(f);
        if (!label) return;
        const c = r.recordClasses[label];
        c.findings++;
        c.sections[name] = (c.sections[name] ?? 0) + 1;
      };
    }
    for (const [name, section] of [['merged', r.info.merges], ['near-duplicate', r.info.nearDuplicateUniques]] as const) {
      section.onAdd = (f) => {
        const label = labelOfFinding(f);
        if (label) r.recordClasses[label].info[name] = (r.recordClasses[label].info[name] ?? 0) + 1;
      };
    }
  }
  if (o.waitForQueue !== false) r.queue = await waitQueueIdle(target, typeof o.waitForQueue === 'object' ? o.waitForQueue : {});

  // 1. data model
  const sm = await readDataModel(source);
  const tm = await readDataModel(target);
  for (const p of compareDataModels(sm, tm)) {
    r.dataModel.add({ class: `${p.kind} ${p.object}${p.field ? `.${p.field}` : ''}`, object: p.object, field: p.field, source: p.source, target: p.target });
  }
  const scope = objectsToCheck(sm);
  const inScope = new Set(scope.map((x) => x.nameSingular));
  r.scope.checked = scope.map((x) => x.namePlural);
  r.scope.notChecked = sm.objects.filter((x) => !inScope.has(x.nameSingular)).map((x) => x.namePlural);

  // 4. members (read before the records: references are judged against them)
  const members = await readMembers(source, target, o.policy);
  r.members = { source: members.sourceCount, target: members.targetCount, matchedByEmail: members.matched, policy: o.policy.kind === 'map' ? `map:${o.policy.email}` : o.policy.kind };
  const keyNames = await apiKeyNames(target);

  // 2. every live record of both sides
  const src = new Map<string, ById>();
  const tgt = new Map<string, ById>();
  for (const obj of scope) {
    src.set(obj.nameSingular, byId(await listAll(source, obj.namePlural)));
    tgt.set(obj.nameSingular, tm.bySingular.has(obj.nameSingular) ? byId(await listAll(target, obj.namePlural)) : new Map());
  }
  // trashed on both sides (only with --include-deleted): ids a reference may keep
  const trashedBoth = new Map<string, Set<string>>();
  if (o.includeDeleted) {
    for (const obj of scope) {
      if (!tm.bySingular.has(obj.nameSingular)) continue;
      const inSource = new Set((await listAll(source, obj.namePlural, 'deletedAt[is]:NOT_NULL')).map((row) => String(row.id)));
      const both = inSource.size ? await trashedAmong(target, obj.namePlural, [...inSource]) : new Set<string>();
      trashedBoth.set(obj.nameSingular, both);
    }
  }
  const before = new Map<string, ById>();
  for (const [plural, rows] of o.before.rows) {
    const meta = o.before.model.byPlural.get(plural);
    if (meta) before.set(meta.nameSingular, byId(rows));
  }

  // 3. merges, read from the target itself
  const merges = new Map<string, Map<string, string>>(); // object → source id → target id
  const mergeTargets = new Map<string, Set<string>>();
  for (const obj of scope) {
    const m = findMerges(r, obj, src.get(obj.nameSingular)!, tgt.get(obj.nameSingular)!, before.get(obj.nameSingular));
    merges.set(obj.nameSingular, m);
    mergeTargets.set(obj.nameSingular, new Set(m.values()));
  }

  const cover = (obj: string, f: string, type: string, differed: boolean) => {
    const c = (r.coverage[type] ??= { compared: 0, differed: 0 });
    const g = (r.fields[`${obj}.${f}`] ??= { type, compared: 0, differed: 0 });
    c.compared++;
    g.compared++;
    if (differed) {
      c.differed++;
      g.differed++;
    }
  };

  const fileTasks: FileTask[] = [];
  // 1.x attachments: signed source URLs of their `fullPath`, to compare with the target's `file` (legacy-files.ts).
  const legacyPaths = new Map<string, Map<string, string>>();
  for (const obj of scope) {
    if (legacyAttachment(obj, tm.bySingular.get(obj.nameSingular))) legacyPaths.set(obj.nameSingular, await signedPaths(source, obj.namePlural));
  }
  for (const obj of scope) {
    const s = src.get(obj.nameSingular)!;
    const t = tgt.get(obj.nameSingular)!;
    const m = merges.get(obj.nameSingular)!;
    const counts = { source: s.size, target: t.size, targetBefore: before.get(obj.nameSingular)?.size ?? 0, sameId: 0, merged: m.size, missing: 0 };
    r.objects[obj.namePlural] = counts;
    const missing: string[] = [];
    for (const [id, srow] of s) {
      const tid = t.has(id) ? id : m.get(id);
      if (!tid) {
        missing.push(id);
        continue;
      }
      if (tid === id) counts.sameId++;
      const trow = t.get(tid)!;
      // a merge target: the upsert overwrites it with the source's values, except createdBy (twenty-api.md §3)
      const pre = tid !== id ? before.get(obj.nameSingular)?.get(tid) : undefined;
      const automated = AUTOMATION_SOURCES.has(String(trow.updatedBy?.source));
      const changed = compareRecord(obj, srow, trow, pre);
      if (automated) {
        r.rewrittenByAutomations.add({
          class: `${obj.nameSingular} updatedBy ${trow.updatedBy?.source}`, object: obj.nameSingular, id: tid,
          target: { updatedBy: trow.updatedBy, updatedAt: trow.updatedAt }, note: changed.length ? `changed: ${changed.join(', ')}` : 'no compared field changed',
        });
      }
    }
    counts.missing = missing.length;
    if (missing.length) {
      const trashed = tm.bySingular.has(obj.nameSingular) ? await trashedAmong(target, obj.namePlural, missing) : new Set<string>();
      for (const id of missing) {
        const row = s.get(id)!;
        r.missing.add({
          class: obj.nameSingular, object: obj.nameSingular, id, source: labelOf(obj, row),
          note: trashed.has(id) ? 'in the target trash (soft-deleted)' : 'absent from the target',
        });
      }
    }
  }

  /** Compares one record pair; returns the names of the fields that differ. */
  function compareRecord(obj: ObjectMeta, s: Row, t: Row, pre: Row | undefined): string[] {
    const changed: string[] = [];
    const name = obj.nameSingular;
    const id = String(s.id);
    const tid = String(t.id);
    for (const f of obj.fields) {
      if (!f.isActive || NOT_COMPARED.has(f.name) || f.type === 'TS_VECTOR' || REWRITTEN[name]?.has(f.name)) continue;
      if (legacyPaths.has(name) && legacy(obj, f, s, t)) continue;
      if (f.type === 'RELATION' || f.type === 'MORPH_RELATION') {
        if (f.relationType !== 'MANY_TO_ONE' || !f.joinColumn) continue; // one-to-many sides are not columns
        if (relation(obj, f, s, t, pre)) changed.push(f.joinColumn);
        continue;
      }
      if (!(f.name in t)) {
        r.fieldDifferences.add({ class: `${name}.${f.name} (${f.type}) absent in target`, object: name, id: tid, field: f.name, type: f.type, source: s[f.name] });
        cover(name, f.name, f.type, true);
        changed.push(f.name);
        continue;
      }
      const sv = s[f.name];
      const tv = t[f.name];
      if (f.name === 'updatedAt') {
        if (!sameValue('DATE_TIME', sv, tv)) r.info.updatedAtDiffers.add({ class: name, object: name, id: tid, field: f.name, source: sv, target: tv });
        continue;
      }
      if (f.type === 'ACTOR') {
        if (f.name !== 'createdBy') continue;
        if (actor(name, tid, sv, tv, pre)) changed.push(f.name);
        continue;
      }
      if (f.type === 'FILES') {
        const c = compareFilesField(name, tid, f.name, sv, tv);
        for (const p of c.items) r.fileMismatches.add(p);
        fileTasks.push(...c.tasks);
        cover(name, f.name, f.type, c.items.length > 0);
        if (c.items.length) changed.push(f.name);
        continue;
      }
      if (f.type === 'RICH_TEXT' || f.type === 'RICH_TEXT_V2') {
        const same = sameValue(f.type, sv, tv);
        cover(name, f.name, f.type, !same);
        if (!same) {
          const a = canonical(f.type, sv) as Json;
          const b = canonical(f.type, tv) as Json;
          const part = stable(a.blocknote) !== stable(b.blocknote) ? (a.markdown !== b.markdown ? 'blocknote and markdown' : 'blocknote') : 'markdown';
          r.bodyMismatches.add({ class: `${name}.${f.name} ${part}`, object: name, id: tid, field: f.name, type: f.type, source: sv, target: tv });
          changed.push(f.name);
        }
        const su = fileUrls(String(sv?.blocknote ?? ''));
        const tu = fileUrls(String(tv?.blocknote ?? ''));
        if (su.length !== tu.length) {
          r.bodyMismatches.add({ class: `${name}.${f.name} file links`, object: name, id: tid, field: f.name, source: su.length, target: tu.length, note: 'number of file links differs' });
        }
        su.forEach((u, i) => fileTasks.push({ object: name, id: tid, field: f.name, index: i, sourceUrl: u, targetUrl: tu[i] ?? null, mustDiffer: true }));
        continue;
      }
      if (canonical(f.type, sv) === undefined) continue; // a type this checker does not know: listed by coverage below
      const same = sameValue(f.type, sv, tv);
      cover(name, f.name, f.type, !same);
      if (!same) {
        changed.push(f.name);
        r.fieldDifferences.add({
          class: `${name}.${f.name} (${f.type})`, object: name, id: tid, field: f.name, type: f.type, source: sv, target: tv,
          ...(tid !== id ? { note: `merged: source id ${id}` } : {}),
        });
      }
    }
    return changed;
  }

  /**
   * A 1.x attachment field 2.x holds elsewhere: `fullPath` → `file` (one item, labelled with the name, same bytes),
   * `type` → `fileCategory`, `author` → `createdBy`. False for any other field (compared as usual).
   */
  function legacy(obj: ObjectMeta, f: FieldMeta, s: Row, t: Row): boolean {
    const name = obj.nameSingular;
    const tid = String(t.id);
    if (f.name === 'fullPath') {
      const url = legacyPaths.get(name)!.get(String(s.id));
      const items: Json[] = Array.isArray(t.file) ? t.file : [];
      const want = s.fullPath ? 1 : 0;
      const bad = items.length !== want || (want === 1 && String(items[0]?.label ?? '') !== String(s.name ?? ''));
      cover(name, 'fullPath→file', 'FILES', bad);
      if (bad) r.fileMismatches.add({ class: `${name}.fullPath → file`, object: name, id: tid, field: 'file', source: { fullPath: s.fullPath, name: s.name }, target: items.map((i) => i.label), note: 'a 1.x file path must become one file item labelled with the name' });
      if (want && url) fileTasks.push({ object: name, id: tid, field: 'file', index: 0, sourceUrl: url, targetUrl: items[0]?.url ? String(items[0].url) : null });
      return true;
    }
    if (f.name === 'type') {
      const expected = categoryOf(s.type);
      const ok = expected === null || t.fileCategory === expected;
      cover(name, 'type→fileCategory', 'SELECT', !ok);
      if (!ok) r.fieldDifferences.add({ class: `${name}.type → fileCategory`, object: name, id: tid, field: 'fileCategory', type: 'SELECT', source: s.type, target: t.fileCategory });
      return true;
    }
    if (f.name === 'author' && f.joinColumn) {
      const expected = members.expected((s[f.joinColumn] as string | null | undefined) ?? null);
      const got = (t.createdBy?.workspaceMemberId as string | null | undefined) ?? null;
      const ok = got === expected;
      cover(name, 'author→createdBy', 'RELATION→workspaceMember', !ok);
      if (!ok) r.memberErrors.add({ class: `${name}.author → createdBy`, object: name, id: tid, field: 'createdBy', source: s[f.joinColumn], target: got, note: expected ? `expected the target member ${expected}` : 'expected no member' });
      return true;
    }
    return false;
  }

  /** A many-to-one join column: the same id (ids are kept), the merged id, or empty when its record stayed behind. */
  function relation(obj: ObjectMeta, f: FieldMeta, s: Row, t: Row, pre: Row | undefined): boolean {
    const col = f.joinColumn!;
    // A link a later target version renamed (1.x `personId` → 2.x `targetPersonId`) is read from the renamed column.
    const tcol = targetJoinColumn(tm.bySingular.get(obj.nameSingular), f) ?? col;
    const sv = (s[col] as string | null | undefined) ?? null;
    const tv = (t[tcol] as string | null | undefined) ?? null;
    const name = obj.nameSingular;
    const kind = `RELATION→${f.target ?? '?'}`;
    if (f.target === 'workspaceMember') {
      const expected = members.expected(sv);
      const ok = tv === expected;
      cover(name, col, 'RELATION→workspaceMember', !ok);
      if (!ok) {
        r.memberErrors.add({
          class: `${name}.${col}`, object: name, id: String(t.id), field: col, source: sv, target: tv,
          note: expected ? `expected the target member ${expected} (same e-mail)` : 'expected empty (no target member with that e-mail)',
        });
      }
      return !ok;
    }
    if (!f.target || !inScope.has(f.target)) {
      // records of that object are not copied with their ids (e.g. workflows are recreated): only "empty stays empty"
      if (sv === null) {
        cover(name, col, kind, tv !== null);
        if (tv !== null) r.relationErrors.add({ class: `${name}.${col} → ${f.target ?? '?'}`, object: name, id: String(t.id), field: col, source: sv, target: tv, note: 'empty in the source' });
        return tv !== null;
      }
      const k = `${name}.${col}→${f.target ?? '?'}`;
      r.info.relationsNotChecked[k] = (r.info.relationsNotChecked[k] ?? 0) + 1;
      return false;
    }
    const live = sv !== null && src.get(f.target)!.has(sv);
    const trashedKept = sv !== null && !live && !!trashedBoth.get(f.target)?.has(sv);
    const expected = sv === null ? null : live ? (merges.get(f.target)!.get(sv) ?? sv) : trashedKept ? sv : null;
    const ok = tv === expected;
    cover(name, col, kind, !ok);
    if (!ok) {
      const automated = AUTOMATION_SOURCES.has(String(t.updatedBy?.source));
      r.relationErrors.add({
        class: `${name}.${col} → ${f.target}`, object: name, id: String(t.id), field: col, source: sv, target: tv,
        note: [
          !live && sv !== null && !trashedKept ? 'source reference is not a live record: expected emptied' : '',
          expected !== sv && live ? `expected merged id ${expected}` : '',
          tv !== null && !tgt.get(f.target)!.has(tv) ? 'target points at a record absent from the target listing' : '',
          automated ? `target updatedBy ${t.updatedBy?.source} ${t.updatedBy?.name ?? ''}`.trim() : '',
        ].filter(Boolean).join('; ') || undefined,
      });
    }
    return !ok;
  }

  /** createdBy: same source and name, member mapped by e-mail; an empty source name becomes the target key's actor. */
  function actor(name: string, tid: string, sv: Json, tv: Json, pre: Row | undefined): boolean {
    const sa = sv ?? {};
    const ta = tv ?? {};
    if (pre && stable({ ...pre.createdBy, context: null }) === stable({ ...ta, context: null })) {
      cover(name, 'createdBy', 'ACTOR', false);
      return false; // a merged record keeps its own createdBy (twenty-api.md §3)
    }
    let ok: boolean;
    let memberOk = true;
    if (!String(sa.name ?? '').trim()) {
      // 2.21 replaces an empty name with the writing key's name (§13); the source stays the one sent (seen: MANUAL)
      ok = (ta.source === sa.source || ta.source === 'API') && (keyNames.size === 0 || keyNames.has(String(ta.name)));
      memberOk = (ta.workspaceMemberId ?? null) === members.expected(sa.workspaceMemberId);
      if (ok) r.info.createdByKeyName++;
    } else {
      ok = ta.source === sa.source && ta.name === sa.name;
      memberOk = (ta.workspaceMemberId ?? null) === members.expected(sa.workspaceMemberId);
    }
    cover(name, 'createdBy', 'ACTOR', !ok || !memberOk);
    if (!ok) {
      r.fieldDifferences.add({
        class: `${name}.createdBy (ACTOR)`, object: name, id: tid, field: 'createdBy', type: 'ACTOR',
        source: { source: sa.source, name: sa.name, workspaceMemberId: sa.workspaceMemberId }, target: { source: ta.source, name: ta.name, workspaceMemberId: ta.workspaceMemberId },
        ...(!String(sa.name ?? '').trim() ? { note: `source name empty: expected the target API key's actor (${[...keyNames].join(' | ') || 'key name unknown'})` } : {}),
      });
    }
    if (!memberOk) {
      const expected = members.expected(sa.workspaceMemberId);
      r.memberErrors.add({
        class: `${name}.createdBy.workspaceMemberId`, object: name, id: tid, field: 'createdBy.workspaceMemberId', source: sa.workspaceMemberId, target: ta.workspaceMemberId ?? null,
        note: expected ? `expected ${expected} (same e-mail)` : 'expected null (no target member with that e-mail)',
      });
    }
    return !ok || !memberOk;
  }

  // 5. files and body links, by their bytes
  r.info.filesCompared = fileTasks.length;
  for (const p of await runFileTasks(fileTasks)) (p.class.includes('body link') ? r.bodyMismatches : r.fileMismatches).add(p);

  // 6. pre-existing target records untouched
  for (const [plural, rows] of o.before.rows) {
    const meta = o.before.model.byPlural.get(plural)!;
    const post = tgt.get(meta.nameSingular) ?? (tm.byPlural.has(plural) ? byId(await listAll(target, plural)) : new Map());
    comparePreexisting(r, meta, rows, post, mergeTargets.get(meta.nameSingular) ?? new Set());
  }

  for (const obj of scope) {
    const t = tgt.get(obj.nameSingular)!;
    findUnexpected(r, obj, src.get(obj.nameSingular)!, t, before.get(obj.nameSingular) ?? new Map(), mergeTargets.get(obj.nameSingular)!);
    nearDuplicates(r, obj, t, before.get(obj.nameSingular));
  }

  // 7. the runs the migration caused
  r.workflowRuns = await runsSince(target, o.migrationStartedAt);
  r.requests = { source: requestCount(source), target: requestCount(target) };
  return r;
}

