/**
 * One source record → one create payload for the target (or issues). Decisions, per key of the source record:
 *
 * - kept: `id` (the target keeps client ids, so relations need no id mapping), `createdAt`, `updatedAt`,
 *   `position` (keeps the users' manual order in kanban and table views; without it every new record goes
 *   first, in reverse import order), and every data field the target has.
 * - `createdBy` (and any other ACTOR field): `source` and `name` kept, `workspaceMemberId` mapped, `context`
 *   dropped (the server does not keep it). An empty `name` is filled with the mapped member's name, because
 *   the server replaces a createdBy with an empty name by the API key's actor.
 * - dropped: `updatedBy` (always overwritten), `searchVector` (refused), one-to-many arrays and depth-1 nested
 *   objects (not writable), fields the target lacks (a plan warning, once per field), keys the source metadata
 *   does not know, and FILES when the files stage has not run (a source fileId means nothing in the target).
 * - FILES, once the files stage ran: each item becomes `{fileId: <the target's copy>, label}` from files/ledger.jsonl;
 *   an item without a copy is left out of the value and reported (FILE_NOT_COPIED, stage `files`: the record itself
 *   is still written). Rich-text fields: references to copied files (image blocks' url and attachmentFileId, links,
 *   markdown) point at the target's copies (files/rich-text.ts); links to records need nothing, ids are kept.
 * - `deletedAt`: carried beside the payload; the import stage creates the record and then soft-deletes it
 *   (setting deletedAt on create is unconfirmed in 2.21, §12).
 * - join columns: to members → mapped (policy for unmatched); to objects not imported → null (the record they
 *   point at will not exist: a foreign key error otherwise); deferred ones (cycles) → `deferred`.
 * - values are sent as the target will store them, or left out where sending them would fail (write-rules.ts):
 *   `''` in a NOT NULL text with a default, a null rich text, RAW_JSON scalars as JSON text, e-mails, links and
 *   date-times normalised as Twenty normalises them.
 */
import type { z } from 'zod';
import type { SchemaField, SchemaObject } from '../metadata/types.js';
import type { MembersFile, TransformedRecord } from '../run/contracts.js';
import type { RecordIssue } from '../run/run-folder.js';
import type { FilesMap } from '../files/ledger.js';
import { rewriteRichText, type RichTextValue } from '../files/rich-text.js';
import { activeField, isOneToMany, manyToOneRelations, MEMBER_OBJECT, renamedJoinColumn } from '../plan/objects.js';
import { issuesFromZod } from './issues.js';
import { normalisePhones } from './phones.js';
import { carriedAs, FILES_FIELD_FOR_PATH, fileCategoryOf, keepsLegacyPath, LEGACY_PATH_FIELD, parseLegacyPath } from '../files/legacy-paths.js';
import { resolveMember } from './members.js';
import { buildRecordSchema } from './schema.js';
import { fromSourceVersion } from './versions.js';
import { LEAVE_OUT, toWritable } from './write-rules.js';

/** One line of transform/<plural>.jsonl (`deletedAt` set for records exported from the trash). */
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export type TransformedLine = TransformedRecord;

type Action =
  | { kind: 'keep'; target: SchemaField | null }
  | { kind: 'actor'; target: SchemaField }
  | { kind: 'join'; toMember: boolean; imported: boolean; nullable: boolean; target: string | null; rename?: string }
  | { kind: 'deletedAt' }
  | { kind: 'files'; target: SchemaField }
  | { kind: 'richText'; target: SchemaField }
  | { kind: 'legacyFile'; target: SchemaField }
  | { kind: 'fileCategory'; target: SchemaField }
  | { kind: 'authorActor'; target: SchemaField }
  | { kind: 'drop'; reason: DropReason };

export type DropReason = 'computed' | 'relation-object' | 'files' | 'missing-in-target' | 'unknown-key';

export interface RecordOutcome {
  line?: TransformedLine;
  issues: RecordIssue[];
  /** keys dropped (with why) and join columns emptied because their object is not imported */
  dropped: Array<[string, DropReason]>;
  nulled: string[];
  /** problems that do not stop the record (files without a copy in the target), for errors.jsonl */
  warnings: RecordIssue[];
  /** FILES items and body references written with the target's file, and those left out or unchanged */
  files: { written: number; missing: number; bodyRewritten: number; bodyMissing: number };
}

export interface ObjectTransformer {
  plural: string;
  transform(record: Record<string, unknown>): RecordOutcome;
}

const KEPT_SYSTEM = new Set(['id', 'createdAt', 'updatedAt', 'position']);

/**
 * Prepares the per-key decisions of one object once, then transforms its records one at a time.
 *
 * @example
 * const t = objectTransformer({ source: findObject(s, 'companies')!, target: findObject(t, 'companies')!, imported, deferred: [], members });
 * const { line, issues } = t.transform(exportedCompany);
 */
export function objectTransformer(options: {
  source: SchemaObject;
  target: SchemaObject;
  /** nameSingular of every object being imported */
  imported: Set<string>;
  deferred: string[];
  members: MembersFile | undefined;
  schema?: z.ZodType<Record<string, unknown>>;
  /** the files stage's ledger; without one (or before the stage ran) FILES values are dropped as before */
  files?: FilesMap;
  /**
   * Whether a record of an imported object is part of this migration: false for one that was not exported (left in
   * the source's trash without --include-deleted), undefined when not known yet (an object transformed later).
   */
  exported?: (objectSingular: string, id: string) => boolean | undefined;
  /** records the target already holds (nameSingular → ids): references to them are kept */
  heldByTarget?: Map<string, Set<string>>;
}): ObjectTransformer {
  const files = options.files?.ran ? options.files : undefined;
  const { source, target, members } = options;
  const plural = target.namePlural;
  const schema = options.schema ?? buildRecordSchema(target);
  const actions = new Map<string, Action>();
  const targetRelations = manyToOneRelations(target);
  const targetJoins = new Set(targetRelations.map((r) => r.joinColumn));
  for (const r of manyToOneRelations(source)) {
    actions.set(r.field.name, { kind: 'drop', reason: 'relation-object' });
    const column = targetJoins.has(r.joinColumn) ? r.joinColumn : renamedJoinColumn(r.joinColumn, r.target, targetRelations);
    actions.set(
      r.joinColumn,
      column
        ? {
            kind: 'join', toMember: r.target === MEMBER_OBJECT, imported: !!r.target && options.imported.has(r.target), nullable: r.nullable, target: r.target ?? null,
            ...(column !== r.joinColumn ? { rename: column } : {}),
          }
        : carriedAs(source, target, r.field.name) === 'createdBy'
          ? { kind: 'authorActor', target: activeField(target, 'createdBy')! }
          : { kind: 'drop', reason: 'missing-in-target' },
    );
  }
  // A 1.x attachment's file is a path (`fullPath`) and its kind a text (`type`): written as the 2.x FILES value and
  // `fileCategory` (legacy-paths.ts), the file being the copy the files stage made.
  const legacyFile = keepsLegacyPath(source) ? activeField(target, FILES_FIELD_FOR_PATH) : undefined;
  if (legacyFile?.type === 'FILES') {
    actions.set(LEGACY_PATH_FIELD, files ? { kind: 'legacyFile', target: legacyFile } : { kind: 'drop', reason: 'files' });
    const category = activeField(target, 'fileCategory');
    if (!activeField(target, 'type') && category?.type === 'SELECT') actions.set('type', { kind: 'fileCategory', target: category });
  }
  for (const f of source.fields) {
    if (!f.isActive || actions.has(f.name)) continue;
    const t = activeField(target, f.name) ?? null;
    if (f.name === 'deletedAt') actions.set(f.name, { kind: 'deletedAt' });
    else if (f.name === 'updatedBy' || f.type === 'TS_VECTOR') actions.set(f.name, { kind: 'drop', reason: 'computed' });
    else if (isOneToMany(f)) actions.set(f.name, { kind: 'drop', reason: 'relation-object' });
    else if (f.type === 'FILES' && !files) actions.set(f.name, { kind: 'drop', reason: 'files' });
    else if (f.type === 'FILES') actions.set(f.name, t?.type === 'FILES' ? { kind: 'files', target: t } : { kind: 'drop', reason: 'missing-in-target' });
    else if (files && t && (f.type === 'RICH_TEXT' || f.type === 'RICH_TEXT_V2')) actions.set(f.name, { kind: 'richText', target: t });
    else if (KEPT_SYSTEM.has(f.name)) actions.set(f.name, { kind: 'keep', target: t });
    else if (!t) actions.set(f.name, { kind: 'drop', reason: 'missing-in-target' });
    else if (f.type === 'ACTOR' && t.type === 'ACTOR') actions.set(f.name, { kind: 'actor', target: t });
    else actions.set(f.name, { kind: 'keep', target: t });
  }
  const deferred = new Set(options.deferred);
  const sourceFields = new Map(source.fields.map((f) => [f.name, f]));
  const memberName = (id: string | null) => (id ? members?.target.find((m) => m.id === id)?.name : undefined);

  return {
    plural,
    transform(input) {
      const recordId = typeof input.id === 'string' ? input.id : null;
      const issues: RecordIssue[] = [];
      const dropped: Array<[string, DropReason]> = [];
      const nulled: string[] = [];
      const warnings: RecordIssue[] = [];
      const fileStats = { written: 0, missing: 0, bodyRewritten: 0, bodyMissing: 0 };
      const notCopied = (field: string, fileId: string, inBody: boolean) =>
        warnings.push({
          stage: 'files', object: plural, recordId, field, code: 'FILE_NOT_COPIED',
          message: inBody
            ? `${plural}.${field}: the body references file ${fileId}, which the files stage never copied; the reference still points at the source`
            : `${plural}.${field}: file ${fileId} was never copied by the files stage (run it to its end); left out of the value`,
        });
      const out: Record<string, unknown> = {};
      let deletedAt: string | undefined;
      const unmatched = (field: string, id: string) =>
        issues.push({ stage: 'transform', object: plural, recordId, field, code: 'MEMBER_UNMATCHED', message: members?.source.some((m) => m.id === id && m.userEmail)
          ? `${plural}.${field}: source member ${id} has no account in the target and the policy is "stop"`
          // CSV files name members by id: with no e-mail for this one (no column, no source, no members file) it cannot be matched
          : `${plural}.${field}: source member ${id} has no known e-mail, so no account in the target can be found for it, and the policy is "stop"` });
      const mapMember = (field: string, id: string): string | null => {
        if (!members) return id;
        const r = resolveMember(members, id);
        if (r.outcome === 'unmatched') unmatched(field, id);
        return r.value;
      };

      for (const [key, raw] of Object.entries(input)) {
        const action = actions.get(key) ?? { kind: 'drop', reason: 'unknown-key' as const };
        // An older source's shape (1.2's string micros, string rich text) in the target's (versions.ts).
        const from = sourceFields.get(key);
        const value = from && (action.kind === 'keep' || action.kind === 'richText') && action.target ? fromSourceVersion(from, action.target, raw) : raw;
        switch (action.kind) {
          case 'drop':
            if (value !== null && value !== undefined) dropped.push([key, action.reason]);
            break;
          case 'deletedAt':
            if (typeof value === 'string' && value) deletedAt = value;
            break;
          case 'join': {
            const column = action.rename ?? key;
            if (typeof value !== 'string' || !value) out[column] = value ?? null;
            else if (action.toMember) out[column] = mapMember(key, value);
            else if (action.target && options.heldByTarget?.get(action.target)?.has(value)) out[column] = value;
            else if (action.imported && action.target && options.exported?.(action.target, value) === false) {
              // The target record stays behind (in the source's trash, or not exported): a foreign key to it would
              // make the target refuse this whole record, so the reference is emptied and the record migrates.
              out[column] = null;
              nulled.push(key);
              warnings.push({
                stage: 'transform', object: plural, recordId, field: key, code: 'REFERENCE_NOT_MIGRATED', severity: 'warning',
                message: `${plural}.${key} pointed at ${action.target} record ${value}, which is not migrated (in the source's trash: use --include-deleted to migrate it); the reference is left empty`,
              });
            } else if (action.imported) out[column] = value;
            else {
              out[column] = null;
              nulled.push(key);
            }
            break;
          }
          case 'actor': {
            if (value === null || typeof value !== 'object') {
              if (value !== null || action.target.isNullable) out[key] = value;
              break;
            }
            const { context: _context, ...actor } = value as Record<string, unknown>;
            if (typeof actor.workspaceMemberId === 'string' && actor.workspaceMemberId) {
              actor.workspaceMemberId = mapMember(`${key}.workspaceMemberId`, actor.workspaceMemberId);
              if (!actor.name) actor.name = memberName(actor.workspaceMemberId as string | null) ?? actor.name;
            }
            out[key] = actor;
            break;
          }
          case 'files': {
            if (!Array.isArray(value)) {
              out[key] = value;
              break;
            }
            const items: Array<{ fileId: string; label: string }> = [];
            for (const item of value as Array<{ fileId?: string; label?: string }>) {
              if (typeof item?.fileId !== 'string') continue;
              const copy = recordId ? files!.forValue(plural, key, recordId, item.fileId) : undefined;
              if (copy?.targetFileId) {
                items.push({ fileId: copy.targetFileId, label: item.label ?? '' });
                fileStats.written += 1;
              } else {
                fileStats.missing += 1;
                // A copy that failed is already in errors.jsonl (files stage); one never attempted is reported here.
                if (!recordId || !files!.attempted(plural, key, recordId, item.fileId)) notCopied(key, item.fileId, false);
              }
            }
            out[key] = items;
            break;
          }
          case 'richText': {
            if (value === null) break; // 2.21 fails the whole batch on a null rich text ("reading 'blocknote'")
            if (typeof value !== 'object') {
              out[key] = value;
              break;
            }
            const r = rewriteRichText(value as RichTextValue, (id) => files!.forBody(id));
            fileStats.bodyRewritten += r.rewritten;
            fileStats.bodyMissing += r.missing.length;
            for (const id of r.missing) if (!files!.attemptedBody(id)) notCopied(key, id, true);
            out[key] = r.value;
            break;
          }
          case 'legacyFile': {
            const file = parseLegacyPath(value);
            if (!file || !recordId) break;
            const copy = files!.forValue(plural, action.target.name, recordId, file.fileId);
            if (copy?.targetFileId) {
              out[action.target.name] = [{ fileId: copy.targetFileId, label: copy.label ?? '' }];
              fileStats.written += 1;
            } else {
              fileStats.missing += 1;
              if (!files!.attempted(plural, action.target.name, recordId, file.fileId)) notCopied(key, file.fileId, false);
            }
            break;
          }
          case 'authorActor': {
            // Kept only with a name (a createdBy without one becomes the API key's), so only for a matched member.
            const member = typeof value === 'string' && value ? mapMember(key, value) : null;
            const name = memberName(member);
            if (member && name) out[action.target.name] = { source: 'MANUAL', workspaceMemberId: member, name };
            break;
          }
          case 'fileCategory': {
            const category = fileCategoryOf(value, action.target.options);
            if (category) out[action.target.name] = category;
            break;
          }
          case 'keep': {
            // As the target will store it, or left out where sending it would fail (write-rules.ts).
            let writable = action.target ? toWritable(action.target, value) : value;
            if (action.target?.type === 'PHONES' && isRecord(writable)) {
              // Re-parsed as the target will (phones.ts); a number it would refuse is left out and reported, so one
              // bad number does not cost the whole record.
              const phones = normalisePhones(writable);
              writable = phones.value;
              for (const r of phones.refused) {
                warnings.push({
                  stage: 'transform', object: plural, recordId, field: `${key}.${r.path}`, code: 'PHONE_REFUSED_BY_TARGET', severity: 'warning',
                  message: `${plural}.${key}.${r.path}: the target refuses ${JSON.stringify(r.number)} (${r.reason}); the number is left out of the record, here is its source value`,
                });
              }
            }
            if (writable !== LEAVE_OUT) out[key] = writable;
            break;
          }
        }
      }
      const extra = { warnings, files: fileStats };
      if (issues.length) return { issues, dropped, nulled, ...extra };
      const parsed = schema.safeParse(out);
      if (!parsed.success) return { issues: issuesFromZod(parsed.error, out, { object: plural, recordId }), dropped, nulled, ...extra };

      const line: TransformedLine = { sourceId: recordId ?? '', record: out };
      const held: Record<string, unknown> = {};
      for (const column of deferred) {
        if (out[column] !== null && out[column] !== undefined) held[column] = out[column];
        delete out[column];
      }
      if (Object.keys(held).length) line.deferred = held;
      if (deletedAt) line.deletedAt = deletedAt;
      return { line, issues, dropped, nulled, ...extra };
    },
  };
}
