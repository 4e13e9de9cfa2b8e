/**
 * What `csv import` would do with a set of files, before anything is written: per file, the object it holds (and
 * how that was decided), the column mapping and the columns that map to nothing, the rows it cannot read grouped by
 * reason, member ids without an e-mail, references to rows that are in no file, and the order the files import in
 * (the relation graph's, whatever order they were given in). Also the mapping file `--mapping` takes, to edit.
 */
import type { WorkspaceSchema } from '../metadata/types.js';
import { findObject } from '../plan/objects.js';
import { mapFile, type FileMapping, type MappingFile } from './mapping.js';
import { readCsv, type CsvFile } from './read.js';
import { csvRecords, type CsvIssue, type CsvRecords } from './records.js';
import { MigrationError } from '../errors.js';

export interface CsvFilePlan {
  file: string;
  path: string;
  format: Pick<CsvFile, 'delimiter' | 'bom' | 'lineEnd'>;
  rows: number;
  mapping: FileMapping;
  /** issues per code, with the first few */
  issues: Record<string, { count: number; samples: CsvIssue[] }>;
  /** member ids in member columns with no e-mail in any file (and not mapped otherwise) */
  membersWithoutEmail: string[];
}

export interface CsvImportPlan {
  files: CsvFilePlan[];
  /** objects in import order: every object after those it refers to */
  order: string[];
  /** references to a record that is in no file: the target must already hold it, or the link is lost */
  danglingReferences: Array<{ file: string; line: number; column: string; id: string; object: string }>;
  /** the mapping as decided, to edit and pass back with --mapping */
  mappingFile: MappingFile;
  records: Map<string, CsvRecords>;
}

/**
 * @example
 * const plan = planCsvImport(['exports/company.csv', 'exports/person.csv'], targetSchema);
 * plan.order; // ['companies', 'people']
 */
export function planCsvImport(paths: string[], schema: WorkspaceSchema, options: { object?: string; mapping?: MappingFile; memberEmails?: Map<string, string> } = {}): CsvImportPlan {
  const files = paths.map((p) => readCsv(p));
  const plan: CsvImportPlan = { files: [], order: [], danglingReferences: [], mappingFile: {}, records: new Map() };
  const byObject = new Map<string, CsvRecords>();
  for (const f of files) {
    // A Twenty export (it starts with the Id column) is named <nameSingular>.csv: one named for an object the target
    // lacks (a custom object of the source) would otherwise be taken for whichever object shares an Id and a Name.
    const stem = f.name.replace(/\.csv$/i, '');
    const named = options.object || options.mapping?.[f.name]?.object;
    if (!named && f.headers[0] === 'Id' && /^[a-z][A-Za-z0-9]*$/.test(stem) && !schema.objects.some((o) => o.nameSingular === stem || o.namePlural === stem)) {
      throw new MigrationError('CSV_OBJECT_NOT_IN_TARGET', `${f.path}: the file is named for an object "${stem}", which the target's data model does not have. Create it first (\`twenty-migrate schema apply\` when the source is reachable, or Settings → Data model), or name the object it holds with --object.`, { file: f.path, object: stem });
    }
    const mapping = mapFile(f.name, f.headers, schema, options);
    if (!mapping) {
      throw new MigrationError('CSV_UNKNOWN_OBJECT', `${f.path}: its columns (${f.headers.slice(0, 6).join(', ')}${f.headers.length > 6 ? ', …' : ''}) match no object of the data model well enough. Name the object with --object, or write a mapping file (csv import --dry-run writes one to edit).`, { file: f.path });
    }
    if (byObject.has(mapping.object)) {
      const other = plan.files.find((x) => x.mapping.object === mapping.object)!.path;
      throw new MigrationError('CSV_SAME_OBJECT_TWICE', `${f.path} and ${other} both hold ${mapping.object}: give one file per object (or join them first).`, { file: f.path });
    }
    const object = findObject(schema, mapping.object)!;
    const records = csvRecords(f, mapping, object);
    byObject.set(mapping.object, records);
    plan.records.set(mapping.object, records);
    plan.mappingFile[f.name] = { object: mapping.object, columns: Object.fromEntries(mapping.columns.map((c) => [c.header, c.path])) };
    plan.files.push({ file: f.name, path: f.path, format: { delimiter: f.delimiter, bom: f.bom, lineEnd: f.lineEnd }, rows: f.rows.length, mapping, issues: {}, membersWithoutEmail: [] });
  }
  resolveLinks(schema, byObject);
  const emails = new Map([...(options.memberEmails ?? new Map()), ...[...byObject.values()].flatMap((r) => [...r.memberEmails])]);
  const ids = new Map([...byObject].map(([o, r]) => [o, new Set(r.records.map((x) => String(x.id)))]));
  const deps = new Map<string, Set<string>>();
  for (const fp of plan.files) {
    const object = findObject(schema, fp.mapping.object)!;
    const r = byObject.get(fp.mapping.object)!;
    const issues = [...r.issues];
    const without = new Set<string>();
    const relations = object.fields.filter((f) => (f.type === 'RELATION' || f.type === 'MORPH_RELATION') && f.relation?.kind === 'MANY_TO_ONE' && f.relation.joinColumn && f.relation.targetObject);
    for (const rec of r.records) {
      for (const f of relations) {
        const value = rec[f.relation!.joinColumn!];
        if (typeof value !== 'string') continue;
        if (f.relation!.targetObject === 'workspaceMember') {
          if (!emails.has(value)) without.add(value);
          continue;
        }
        const target = findObject(schema, f.relation!.targetObject!);
        if (!target) continue;
        if (target.namePlural !== fp.mapping.object) (deps.get(fp.mapping.object) ?? deps.set(fp.mapping.object, new Set()).get(fp.mapping.object)!).add(target.namePlural);
        if (!ids.get(target.namePlural)?.has(value)) {
          const column = fp.mapping.columns.find((c) => c.path === f.relation!.joinColumn)?.header ?? f.relation!.joinColumn!;
          plan.danglingReferences.push({ file: fp.file, line: r.lines.get(String(rec.id)) ?? 0, column, id: value, object: target.namePlural });
        }
      }
      const actor = object.fields.filter((f) => f.type === 'ACTOR').map((f) => (rec[f.name] as { workspaceMemberId?: unknown } | undefined)?.workspaceMemberId);
      for (const m of actor) if (typeof m === 'string' && !emails.has(m)) without.add(m);
    }
    fp.membersWithoutEmail = [...without];
    for (const i of issues) {
      const g = (fp.issues[i.code] ??= { count: 0, samples: [] });
      g.count += 1;
      if (g.samples.length < 5) g.samples.push(i);
    }
  }
  plan.order = importOrder([...byObject.keys()], deps);
  return plan;
}

/** Objects ordered so each comes after those it refers to; a cycle keeps the given order for its members. */
function importOrder(objects: string[], deps: Map<string, Set<string>>): string[] {
  const out: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (o: string) => {
    if (state.get(o)) return;
    state.set(o, 'visiting');
    for (const d of [...(deps.get(o) ?? [])].sort()) if (objects.includes(d)) visit(d);
    state.set(o, 'done');
    out.push(o);
  };
  for (const o of [...objects].sort()) visit(o);
  return out;
}

/** How a unique value is compared: a domain without scheme, `www.` or trailing `/`; an e-mail in lower case. */
const uniqueKey = (v: string) => v.trim().toLowerCase().replace(/^https?:\/\//, '').replace(/^www\./, '').replace(/\/+$/, '');
/** The unique values a relation cell may name instead of an id, per target object (Twenty's standard unique fields). */
const UNIQUE_PATHS: Record<string, string[]> = { company: ['domainName.primaryLinkUrl', 'name'], person: ['emails.primaryEmail'] };

/**
 * Relation cells that hold a company's domain or a person's e-mail instead of an id: linked to the row of the other
 * file holding that value, or reported (file, line, column) when no row or more than one does.
 */
function resolveLinks(schema: WorkspaceSchema, byObject: Map<string, CsvRecords>): void {
  for (const r of byObject.values()) {
    if (!r.links.length) continue;
    const records = new Map(r.records.map((x) => [String(x.id), x]));
    for (const l of r.links) {
      const target = findObject(schema, l.targetObject);
      const paths = UNIQUE_PATHS[l.targetObject] ?? target?.fields.filter((f) => f.isUnique).map((f) => f.name) ?? [];
      const rows = target ? byObject.get(target.namePlural)?.records ?? [] : [];
      const hits = new Set<string>();
      for (const row of rows) {
        for (const p of paths) {
          const [head, sub] = p.split('.');
          const v = sub ? (row[head] as Record<string, unknown> | null | undefined)?.[sub] : row[head];
          if (typeof v === 'string' && v && uniqueKey(v) === uniqueKey(l.value)) hits.add(String(row.id));
        }
      }
      const file = r.file;
      if (hits.size === 1) (records.get(l.recordId) ?? {})[l.key] = [...hits][0];
      else r.issues.push({
        file, line: l.line, column: l.column, code: 'CSV_RELATION_NOT_FOUND',
        message: rows.length
          ? hits.size > 1
            ? `"${l.value}" names ${hits.size} ${target?.namePlural} of the files (by ${paths.join(' or ')}): the link is left empty; put the record's id in the cell`
            : `"${l.value}" names no ${l.targetObject} of the files (by ${paths.join(' or ')}): the link is left empty`
          : `"${l.value}" is not an id, and no file holds ${target?.namePlural ?? l.targetObject} to look it up in: give that file too, or put the record's id in the cell`,
      });
    }
  }
}
