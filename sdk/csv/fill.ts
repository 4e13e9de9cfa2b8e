/**
 * `csv import --fill-from-source`: what the files cannot carry, taken from the source when it is still reachable,
 * without overriding what the files say (they may hold the admin's corrections):
 *
 * - fields the files have no column for (`createdAt` from a view export without it, a relation whose column was
 *   hidden, a composite's missing sub-fields), copied from the source record with the same id;
 * - a rich text's formatting: the BlockNote document, when the file holds only Markdown and that Markdown is still
 *   the source's (an edited body keeps the file's text, and is reported);
 * - the records no CSV holds that hang on the files' records: which records a note or task is attached to
 *   (noteTargets, taskTargets) and the attachments, each only when its links point at records of the files;
 * - then the files stage copies the attachments' files and the bodies' images, as in the API path.
 *
 * Rows whose id the source does not have (made in the spreadsheet, or from another server) are imported as the
 * files say, and counted.
 */
import { chunked, idInFilter, listPages } from '../client/index.js';
import type { Side } from '../connect.js';
import type { SchemaObject, WorkspaceSchema } from '../metadata/types.js';
import { readWorkspaceSchema } from '../metadata/index.js';
import { findObject, manyToOneRelations, MEMBER_OBJECT } from '../plan/objects.js';
import { SUB_FIELDS } from './labels.js';
import type { CsvImportPlan } from './plan.js';

export interface FillResult {
  /** per object of the files: the fields filled, how many records got at least one, and rows the source lacks */
  objects: Array<{ object: string; fields: string[]; filled: number; notInSource: number; richTextKept: number }>;
  /** records added from the source that no file holds */
  added: Array<{ object: string; records: number; linksDropped: number; skipped: number }>;
  requests: number;
}

/** Keys never taken from the source: Twenty writes them itself, or they would bring back what the files left out. */
const NEVER = new Set(['updatedBy', 'searchVector', 'deletedAt']);
/**
 * Records no CSV holds, that belong to the files' records. With a `parent` (a note target's note), a record is
 * taken when its parent is in the files; without one (an attachment), when one of its links points at a record of
 * the files, or when it has no link at all (it belongs to no record, in the source too, and is not left behind).
 */
const CHILDREN: Record<string, { parent?: string }> = { noteTargets: { parent: 'notes' }, taskTargets: { parent: 'tasks' }, attachments: {} };
const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const RICH_TEXT = new Set(['RICH_TEXT', 'RICH_TEXT_V2']);

/** The record keys of an object that a CSV column can fill: field names, and join columns for relations. */
function keysOf(object: SchemaObject): Map<string, { composite: boolean; richText: boolean; subs: string[] }> {
  const out = new Map<string, { composite: boolean; richText: boolean; subs: string[] }>();
  for (const f of object.fields) {
    if (!f.isActive || NEVER.has(f.name) || f.type === 'TS_VECTOR') continue;
    if (f.type === 'RELATION' || f.type === 'MORPH_RELATION') {
      if (f.relation?.kind === 'MANY_TO_ONE' && f.relation.joinColumn) out.set(f.relation.joinColumn, { composite: false, richText: false, subs: [] });
      continue;
    }
    const subs = (SUB_FIELDS[f.type] ?? []).map(([k]) => k);
    out.set(f.name, { composite: subs.length > 0, richText: RICH_TEXT.has(f.type), subs });
  }
  return out;
}

/** What filling would add, without asking the source: per object, the keys its file has no column for. */
export function gapsOf(csv: CsvImportPlan, schema: WorkspaceSchema): { fields: Array<{ object: string; keys: string[] }>; children: string[] } {
  const fields: Array<{ object: string; keys: string[] }> = [];
  for (const f of csv.files) {
    const object = findObject(schema, f.mapping.object);
    if (!object) continue;
    const covered = new Set(f.mapping.columns.filter((c) => c.path && !c.emailOf).map((c) => c.path!));
    // a composite is a gap when one of its sub-fields has no column (a rich text's BlockNote, an actor's context…)
    const keys = [...keysOf(object)].filter(([k, kind]) => (kind.composite ? kind.subs.some((s) => !covered.has(`${k}.${s}`)) : !covered.has(k))).map(([k]) => k);
    if (keys.length) fields.push({ object: object.namePlural, keys });
  }
  const inFiles = new Set(csv.files.map((f) => f.mapping.object));
  const children = Object.entries(CHILDREN)
    .filter(([c, { parent }]) => !inFiles.has(c) && findObject(schema, c) && (parent ? inFiles.has(parent) : childParents(findObject(schema, c)!, schema).some((p) => inFiles.has(p))))
    .map(([c]) => c);
  return { fields, children };
}

/** The objects (namePlural) a child object's relations point at, members aside. */
function childParents(child: SchemaObject, schema: WorkspaceSchema): string[] {
  return manyToOneRelations(child).filter((r) => r.target && r.target !== MEMBER_OBJECT).map((r) => findObject(schema, r.target!)?.namePlural).filter((x): x is string => !!x);
}

/**
 * Fills the plan's records in place (before they are written into the run folder as the export).
 *
 * @example
 * const r = await fillFromSource(m.source, targetSchema, csvPlan);
 * r.added; // [{ object: 'noteTargets', records: 1800, linksDropped: 0, skipped: 0 }, …]
 */
export async function fillFromSource(source: Side, schema: WorkspaceSchema, csv: CsvImportPlan, options: { signal?: AbortSignal; log?: (line: string) => void } = {}): Promise<FillResult> {
  const result: FillResult = { objects: [], added: [], requests: 0 };
  const pageSize = source.info.maxPageSize;
  const pages = async function* (object: string, filter?: string) {
    for await (const page of listPages(source.core, object, { filter, pageSize, depth: 0, signal: options.signal })) {
      result.requests += 1;
      yield page.records;
    }
  };
  const gaps = gapsOf(csv, schema);
  for (const gap of gaps.fields) {
    const object = findObject(schema, gap.object)!;
    const kinds = keysOf(object);
    const rows = csv.records.get(gap.object)?.records ?? [];
    const byId = new Map(rows.map((r) => [String(r.id), r]));
    const summary = { object: gap.object, fields: gap.keys, filled: 0, notInSource: 0, richTextKept: 0 };
    const seen = new Set<string>();
    for (const part of chunked([...byId.keys()])) {
      for await (const records of pages(gap.object, idInFilter(part))) {
        for (const src of records) {
          const row = byId.get(String(src.id));
          if (!row) continue;
          seen.add(String(src.id));
          let changed = false;
          for (const key of gap.keys) {
            if (!(key in src)) continue;
            const kind = kinds.get(key)!;
            const mine = row[key];
            const theirs = src[key];
            if (kind.richText && isPlain(mine) && isPlain(theirs)) {
              // Markdown only in the file: the source's document, when the text is still the source's
              if (String(mine.markdown ?? '').trim() === String(theirs.markdown ?? '').trim()) row[key] = { ...theirs, ...mine, blocknote: theirs.blocknote };
              else summary.richTextKept += 1;
              changed ||= row[key] !== mine;
              continue;
            }
            if (kind.composite && isPlain(mine) && isPlain(theirs)) row[key] = { ...theirs, ...mine };
            else if (mine === undefined) row[key] = theirs;
            else continue;
            changed = true;
          }
          if (changed) summary.filled += 1;
        }
      }
    }
    summary.notInSource = byId.size - seen.size;
    result.objects.push(summary);
    options.log?.(`fill: ${gap.object}: ${gap.keys.join(', ')} from the source for ${summary.filled} record(s)${summary.notInSource ? `; ${summary.notInSource} row(s) not in the source` : ''}`);
  }

  // Records in the files, by object: what a child's links may point at.
  const ids = new Map([...csv.records].map(([o, r]) => [o, new Set(r.records.map((x) => String(x.id)))]));
  // The source's own relations decide where a child belongs: an attachment of a pet stays behind when the target
  // (or the files) has no pets, rather than arriving attached to nothing.
  const sourceSchema = gaps.children.length ? await readWorkspaceSchema({ metadata: source.metadata, core: source.core, capabilities: source.info.capabilities }) : schema;
  for (const childName of gaps.children) {
    const child = findObject(schema, childName)!;
    const relations = manyToOneRelations(findObject(sourceSchema, childName) ?? child).filter((r) => r.target && r.target !== MEMBER_OBJECT);
    const kept: Array<Record<string, unknown>> = [];
    const added = { object: childName, records: 0, linksDropped: 0, skipped: 0 };
    const parent = CHILDREN[childName].parent;
    for await (const records of pages(childName)) {
      for (const r of records) {
        let links = 0;
        let parentIn = false;
        let outside = 0;
        let dropped = 0;
        const record = { ...r };
        for (const rel of relations) {
          const v = record[rel.joinColumn];
          if (typeof v !== 'string') continue;
          const plural = findObject(sourceSchema, rel.target!)?.namePlural;
          if (plural && ids.get(plural)?.has(v)) {
            links += 1;
            if (plural === parent) parentIn = true;
          } else {
            outside += 1;
            // its object is in the files, this record is not: the link would fail (or point at nothing)
            if (plural && ids.has(plural)) {
              record[rel.joinColumn] = null;
              dropped += 1;
            }
          }
        }
        if (parent ? parentIn : links > 0 || outside === 0) {
          kept.push(record);
          added.linksDropped += dropped;
        } else added.skipped += 1;
      }
    }
    added.records = kept.length;
    csv.records.set(childName, { object: childName, file: `${child.nameSingular} (from the source)`, records: kept, lines: new Map(), issues: [], memberEmails: new Map(), links: [] });
    result.added.push(added);
    options.log?.(`fill: ${childName}: ${kept.length} record(s) from the source (${added.skipped} belong to records in no file)`);
  }
  return result;
}
