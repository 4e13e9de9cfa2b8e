/**
 * Which object a CSV file holds, and which field each column is: by the headers Twenty's export writes (labels,
 * `Label / Sub-field`, `Label Id`), by API names (`name.firstName`, `companyId`), or by the user's mapping file,
 * which wins. Headers are compared trimmed, case-insensitively and with runs of spaces as one, as Twenty's own
 * importer does before its fuzzy match (we match exactly: a wrong guess would write values into the wrong field).
 * A column that maps to nothing is reported by name, never dropped silently.
 */
import { readFileSync } from 'node:fs';
import { MigrationError } from '../errors.js';
import type { SchemaObject, WorkspaceSchema } from '../metadata/types.js';
import { csvColumns, type CsvColumn } from './write.js';

export interface ColumnMapping {
  header: string;
  /** the record path the column fills (`emails.primaryEmail`, `companyId`), or null when it maps to nothing */
  path: string | null;
  /** `label` (Twenty's export header), `name` (API name), `mapping` (the user's file) */
  by?: 'label' | 'name' | 'mapping';
  /** set on member e-mail columns: the member id path they identify */
  emailOf?: string;
}

export interface FileMapping {
  object: string;
  /** how the object was chosen */
  by: 'headers' | 'file name' | '--object' | 'mapping';
  /** share of the file's columns that map to a field of that object */
  score: number;
  columns: ColumnMapping[];
  unmapped: string[];
}

/** A mapping file (`--mapping map.json`, written by `csv import --dry-run`): per file name, the object and columns. */
export type MappingFile = Record<string, { object?: string; columns?: Record<string, string | null> }>;

/**
 * A mapping file as the user edited it: a JSON mistake or a wrong shape is named with the file, before any CSV is read.
 * @example
 * const mapping = readMappingFile('runs/x/csv/mapping.json'); // { 'person.csv': { object: 'people', columns: {…} } }
 */
export function readMappingFile(path: string): MappingFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `is not valid JSON (${(e as Error).message})`;
    throw new MigrationError('CSV_MAPPING_INVALID', `${path}: the mapping file ${why}. csv import --dry-run writes one (<run-dir>/csv/mapping.json) to edit.`, { file: path });
  }
  const wrong = (what: string) => new MigrationError('CSV_MAPPING_INVALID', `${path}: ${what}. The file maps each CSV file name to {"object": "<namePlural>", "columns": {"<header>": "<field or field.subField>" or null}}.`, { file: path });
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw wrong('it is not a JSON object');
  for (const [file, entry] of Object.entries(parsed as Record<string, unknown>)) {
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) throw wrong(`"${file}" is not an object`);
    const { object, columns } = entry as { object?: unknown; columns?: unknown };
    if (object !== undefined && typeof object !== 'string') throw wrong(`"${file}".object is not a text`);
    if (columns !== undefined && (!columns || typeof columns !== 'object' || Array.isArray(columns))) throw wrong(`"${file}".columns is not an object`);
    for (const [header, to] of Object.entries((columns ?? {}) as Record<string, unknown>)) {
      if (to !== null && typeof to !== 'string') throw wrong(`"${file}".columns["${header}"] is neither a field name nor null`);
    }
  }
  return parsed as MappingFile;
}

const norm = (h: string) => h.replace(/^"+|"+$/g, '').trim().replace(/\s+/g, ' ').toLowerCase();

/** Every header one object's columns may carry, to the column it means. */
function candidates(object: SchemaObject): Map<string, CsvColumn & { by: 'label' | 'name' }> {
  const out = new Map<string, CsvColumn & { by: 'label' | 'name' }>();
  for (const c of csvColumns(object, { memberEmails: true })) {
    out.set(norm(c.header), { ...c, by: 'label' });
    if (!out.has(norm(c.path))) out.set(norm(c.path.replace(/__email$/, 'Email')), { ...c, by: 'name' });
  }
  return out;
}

function mapWith(object: SchemaObject, headers: string[], overrides: Record<string, string | null> = {}): { columns: ColumnMapping[]; unmapped: string[]; score: number } {
  const known = candidates(object);
  const columns = headers.map((header): ColumnMapping => {
    if (header in overrides) return { header, path: overrides[header], by: 'mapping' };
    const c = known.get(norm(header));
    return c ? { header, path: c.path, by: c.by, ...(c.emailOf ? { emailOf: c.emailOf } : {}) } : { header, path: null };
  });
  const unmapped = columns.filter((c) => c.path === null).map((c) => c.header);
  return { columns, unmapped, score: headers.length ? (headers.length - unmapped.length) / headers.length : 0 };
}

/** Below this share of mapped columns a file is not taken for an object (an `Id` and a name are not enough alone). */
export const MIN_SCORE = 0.6;

/**
 * @example
 * const m = mapFile('person.csv', headers, schema);
 * m?.object; // 'people'; m?.unmapped: ['Favourite colour']
 */
export function mapFile(fileName: string, headers: string[], schema: WorkspaceSchema, options: { object?: string; mapping?: MappingFile } = {}): FileMapping | null {
  const override = options.mapping?.[fileName];
  const named = options.object ?? override?.object;
  const objects = schema.objects.filter((o) => o.isActive && !o.isRemote);
  if (named) {
    const o = objects.find((x) => x.namePlural === named || x.nameSingular === named);
    if (!o) return null;
    return { object: o.namePlural, by: options.object ? '--object' : 'mapping', ...mapWith(o, headers, override?.columns) };
  }
  const scored = objects.map((o) => ({ o, ...mapWith(o, headers, override?.columns) })).sort((a, b) => b.score - a.score);
  const stem = fileName.replace(/\.csv$/i, '').toLowerCase();
  const byName = scored.find((s) => s.o.nameSingular.toLowerCase() === stem || s.o.namePlural.toLowerCase() === stem);
  // The file name Twenty gives (`person.csv`) settles ties; headers decide otherwise.
  const pick = byName && byName.score >= MIN_SCORE && byName.score >= scored[0].score ? { ...byName, by: 'file name' as const } : scored[0] && scored[0].score >= MIN_SCORE ? { ...scored[0], by: 'headers' as const } : null;
  if (!pick) return null;
  return { object: pick.o.namePlural, by: pick.by, score: pick.score, columns: pick.columns, unmapped: pick.unmapped };
}
