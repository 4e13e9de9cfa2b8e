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
import { textAt, uniqueKey, uniquePathsOf } from './unique.js';

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
  /** references to a record that is in no file (nor, when it was asked, in the target): the link is lost */
  danglingReferences: Array<{ file: string; line: number; column: string; id: string; object: string }>;
  /** the mapping as decided, to edit and pass back with --mapping */
  mappingFile: MappingFile;
  records: Map<string, CsvRecords>;
  /** records already in the target that relation cells naming a unique value (a domain, an e-mail) were linked to */
  linkedInTarget: number;
  /** id references to a record in no file that the target holds (only counted when the target was asked) */
  referencesInTarget: number;
  /** the target's records those references and links point at, per object (namePlural): the transform keeps them */
  heldByTarget: Map<string, Set<string>>;
  /** member id → e-mail, from the files' e-mail columns and `memberEmails` (the source's members or a members file) */
  memberEmails: Map<string, string>;
}

export interface PlanOptions {
  object?: string;
  mapping?: MappingFile;
  memberEmails?: Map<string, string>;
  /** look up, in the target, the unique values relation cells name that no file holds (csv import passes one) */
  lookup?: TargetLookup;
  /** the target's data model, when `schema` is the source's: a file of an object the target lacks is refused */
  targetSchema?: WorkspaceSchema;
}

/**
 * @example
 * const plan = await planCsvImport(['exports/company.csv', 'exports/person.csv'], targetSchema);
 * plan.order; // ['companies', 'people']
 */
export async function planCsvImport(paths: string[], schema: WorkspaceSchema, options: PlanOptions = {}): Promise<CsvImportPlan> {
  const files = paths.map((p) => readCsv(p));
  const plan: CsvImportPlan = { files: [], order: [], danglingReferences: [], mappingFile: {}, records: new Map(), linkedInTarget: 0, referencesInTarget: 0, heldByTarget: new Map(), memberEmails: new Map() };
  const byObject = new Map<string, CsvRecords>();
  for (const f of files) {
    // A Twenty export (it starts with the Id column) is named <nameSingular>.csv: one named for an object the target
    // lacks (a custom object of the source) would otherwise be taken for whichever object shares an Id and a Name.
    const stem = f.name.replace(/\.csv$/i, '');
    const named = options.object || options.mapping?.[f.name]?.object;
    const target = options.targetSchema ?? schema;
    if (!named && f.headers[0] === 'Id' && /^[a-z][A-Za-z0-9]*$/.test(stem) && !target.objects.some((o) => o.nameSingular === stem || o.namePlural === stem)) {
      throw new MigrationError('CSV_OBJECT_NOT_IN_TARGET', `${f.path}: the file is named for an object "${stem}", which the target's data model does not have. Create it first (\`twenty-migrate schema apply\` when the source is reachable, or Settings → Data model), or name the object it holds with --object.`, { file: f.path, object: stem });
    }
    if (named && !schema.objects.some((o) => o.isActive && !o.isRemote && (o.namePlural === named || o.nameSingular === named))) {
      const how = options.object ? '--object' : 'the mapping file';
      throw new MigrationError('CSV_OBJECT_NOT_FOUND', `${f.path}: ${how} names the object "${named}", which ${options.targetSchema && options.targetSchema !== schema ? "the source's" : "the target's"} data model does not have. Use an object's API name, plural or singular (${schema.objects.filter((o) => o.isActive && !o.isRemote && !o.isSystem).slice(0, 5).map((o) => o.namePlural).join(', ')}, …).`, { file: f.path, object: named });
    }
    const mapping = mapFile(f.name, f.headers, schema, options);
    if (!mapping) {
      const fromSource = !!options.targetSchema && options.targetSchema !== schema;
      const model = fromSource ? "the source's data model" : "the target's data model";
      // Named for an object whose fields the columns mostly miss: most likely written by another Twenty version.
      const asNamed = mapFile(f.name, f.headers, schema, { object: stem });
      if (asNamed) {
        const mapped = f.headers.length - asNamed.unmapped.length;
        throw new MigrationError('CSV_COLUMNS_DO_NOT_MATCH', `${f.path}: the file is named for ${asNamed.object}, but only ${mapped} of its ${f.headers.length} columns match its fields in ${model} (not: ${asNamed.unmapped.slice(0, 6).join(', ')}${asNamed.unmapped.length > 6 ? ', …' : ''}). Was it written by another Twenty version? ${fromSource ? 'Name' : 'Set SOURCE_URL and SOURCE_API_KEY, so the files are read against the data model they came from, or name'} its object in a mapping file to import the columns that match (the others are listed): --mapping map.json with {"${f.name}": {"object": "${asNamed.object}"}}.`, { file: f.path, object: asNamed.object, unmapped: asNamed.unmapped });
      }
      throw new MigrationError('CSV_UNKNOWN_OBJECT', `${f.path}: its columns (${f.headers.slice(0, 6).join(', ')}${f.headers.length > 6 ? ', …' : ''}) match no object of ${model} well enough. Name the object with --object, or write a mapping file (csv import --dry-run writes one to edit).`, { file: f.path });
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
  plan.heldByTarget = await resolveLinks(schema, byObject, options.lookup);
  plan.linkedInTarget = [...plan.heldByTarget.values()].reduce((n, s) => n + s.size, 0);
  const emails = new Map([...(options.memberEmails ?? new Map()), ...[...byObject.values()].flatMap((r) => [...r.memberEmails])]);
  plan.memberEmails = emails;
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
        if (!ids.get(target.namePlural)?.has(value) && !plan.heldByTarget.get(target.namePlural)?.has(value)) {
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
  // An id of a record in no file may be of one the target already holds (imported before, or made there).
  if (options.lookup && plan.danglingReferences.length) {
    const held = new Set<string>();
    const byObjectIds = new Map<string, Set<string>>();
    for (const d of plan.danglingReferences) (byObjectIds.get(d.object) ?? byObjectIds.set(d.object, new Set()).get(d.object)!).add(d.id);
    for (const [object, wanted] of byObjectIds) for (const id of await options.lookup.ids(object, [...wanted])) held.add(`${object}/${id}`);
    plan.referencesInTarget = plan.danglingReferences.filter((d) => held.has(`${d.object}/${d.id}`)).length;
    for (const d of plan.danglingReferences) if (held.has(`${d.object}/${d.id}`)) (plan.heldByTarget.get(d.object) ?? plan.heldByTarget.set(d.object, new Set()).get(d.object)!).add(d.id);
    plan.danglingReferences = plan.danglingReferences.filter((d) => !held.has(`${d.object}/${d.id}`));
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

/** What the target already holds, for references the files cannot resolve (csv/target-lookup.ts asks the API). */
export interface TargetLookup {
  /** per unique value's key (uniqueKey), the ids of the target's records holding it */
  values(targetObject: string, paths: string[], values: string[]): Promise<Map<string, Set<string>>>;
  /** which of these ids the target holds */
  ids(targetPlural: string, ids: string[]): Promise<Set<string>>;
}

/**
 * Relation cells that hold a company's domain or a person's e-mail instead of an id: linked to the row of the files
 * holding that value, else (with `lookup`) to the record of the target holding it, else reported (file, line,
 * column). More than one match is reported too: a link is never guessed.
 */
async function resolveLinks(schema: WorkspaceSchema, byObject: Map<string, CsvRecords>, lookup?: TargetLookup): Promise<Map<string, Set<string>>> {
  const inTarget = new Map<string, Set<string>>();
  const pending: Array<{ r: CsvRecords; l: CsvRecords['links'][number]; paths: string[]; inFiles: boolean }> = [];
  for (const r of byObject.values()) {
    if (!r.links.length) continue;
    const records = new Map(r.records.map((x) => [String(x.id), x]));
    for (const l of r.links) {
      const target = findObject(schema, l.targetObject);
      const paths = uniquePathsOf(target, l.targetObject);
      const rows = target ? byObject.get(target.namePlural)?.records : undefined;
      const hits = new Set<string>();
      for (const row of rows ?? []) for (const p of paths) if (textAt(row, p) && uniqueKey(textAt(row, p)!) === uniqueKey(l.value)) hits.add(String(row.id));
      if (hits.size === 1) (records.get(l.recordId) ?? {})[l.key] = [...hits][0];
      else if (hits.size > 1) r.issues.push({ file: r.file, line: l.line, column: l.column, code: 'CSV_RELATION_AMBIGUOUS', message: `"${l.value}" names ${hits.size} ${target?.namePlural} of the files (by ${paths.join(' or ')}): the link is left empty; put the record's id in the cell` });
      else pending.push({ r, l, paths, inFiles: rows !== undefined });
    }
  }
  // What the files do not hold may already be in the target (the companies a people file refers to, say).
  const found = new Map<string, Map<string, Set<string>>>();
  if (lookup) {
    const byTarget = new Map<string, { paths: string[]; values: Set<string> }>();
    for (const p of pending) (byTarget.get(p.l.targetObject) ?? byTarget.set(p.l.targetObject, { paths: p.paths, values: new Set() }).get(p.l.targetObject)!).values.add(p.l.value);
    for (const [object, q] of byTarget) if (q.paths.length) found.set(object, await lookup.values(object, q.paths, [...q.values]));
  }
  for (const { r, l, paths, inFiles } of pending) {
    const hits = found.get(l.targetObject)?.get(uniqueKey(l.value));
    const target = findObject(schema, l.targetObject);
    if (hits?.size === 1) {
      const record = r.records.find((x) => x.id === l.recordId);
      if (record) record[l.key] = [...hits][0];
      const plural = target?.namePlural ?? l.targetObject;
      (inTarget.get(plural) ?? inTarget.set(plural, new Set()).get(plural)!).add([...hits][0]);
      continue;
    }
    const where = lookup ? (inFiles ? 'the files or the target' : 'the target (no file holds them)') : inFiles ? 'the files' : 'the files (no file holds them; the target was not asked)';
    r.issues.push(hits && hits.size > 1
      ? { file: r.file, line: l.line, column: l.column, code: 'CSV_RELATION_AMBIGUOUS', message: `"${l.value}" names ${hits.size} ${target?.namePlural} of the target (by ${paths.join(' or ')}): the link is left empty; put the record's id in the cell` }
      : { file: r.file, line: l.line, column: l.column, code: 'CSV_RELATION_NOT_FOUND', message: `"${l.value}" is not an id and names no ${l.targetObject} of ${where} (by ${paths.join(' or ') || 'a unique field: it has none'}): the link is left empty; give the file that holds it, or put the record's id in the cell` });
  }
  return inTarget;
}
