/**
 * Writing one object's records as Twenty 2.21's front-end writes them with "⋮ → Export view", byte for byte: the
 * same library (json-2-csv 5.5.11, `{ keys, emptyFieldValue: '', excelBOM: true }`), the same header titles, the same
 * per-type values and the same guard against CSV injection (generateCsv in twenty-front
 * object-record/record-index/export/hooks/useRecordIndexExportRecords.ts, useExportProcessRecordsForCSV.ts).
 *
 * Where we differ from the UI, on purpose:
 * - every field is written, not a view's visible columns (what the UI's export drops, the import could not get back);
 * - note and task targets' morph relations are written as `<Label> Id` columns (the UI leaves them empty);
 * - composite sub-columns come from the field's type, not from the first row's keys (the UI throws when the first
 *   record's value is null, and loses a sub-field for every row when the first record lacks it);
 * - with `memberEmails`, each member id column is followed by the member's e-mail (`Account Owner Email`), the
 *   column the guide's step 5 has the user build by hand in a spreadsheet.
 */
import { json2csv } from 'json-2-csv';
import type { SchemaField, SchemaObject } from '../metadata/types.js';
import { JSON_CELL_TYPES, memberEmailHeader, relationHeader, SUB_FIELDS, subFieldHeader } from './labels.js';

/** U+200D ZERO WIDTH JOINER, put before text a spreadsheet would run as a formula (sanitizeValueForCSVExport). */
export const ZWJ = '\u200D';
const FORMULA_START = /^[=+\-@\t\r]/;

/** Fields the export leaves out: the inverse sides of relations, the search index, and what Twenty keeps for itself. */
const NOT_EXPORTED = new Set(['TS_VECTOR']);

export interface CsvColumn {
  /** the header cell as written (quoted and guarded as Twenty does) */
  title: string;
  /** the header as a person reads it */
  header: string;
  /** path in the processed record: `name`, `companyId`, `emails.primaryEmail` */
  path: string;
  field: SchemaField | null;
  /** set on added member e-mail columns: the id column they describe */
  emailOf?: string;
}

const guard = (s: string) => (FORMULA_START.test(s) ? ZWJ + s : s);
/** formatValueForCSV: RFC 4180 quoting of a header title (json-2-csv does not quote titles). */
const quoteTitle = (s: string) => (/[,"\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const title = (s: string) => quoteTitle(guard(s));

export const isMemberRelation = (f: SchemaField) => f.type === 'RELATION' && f.relation?.kind === 'MANY_TO_ONE' && f.relation.targetObject === 'workspaceMember';

/** The columns of one object's file, in the order written. */
export function csvColumns(object: SchemaObject, options: { memberEmails?: boolean } = {}): CsvColumn[] {
  const out: CsvColumn[] = [{ title: 'Id', header: 'Id', path: 'id', field: null }];
  for (const f of object.fields) {
    if (!f.isActive || f.name === 'id' || NOT_EXPORTED.has(f.type)) continue;
    // A morph relation (a note target's company, person…) is written like a relation: `<Label> Id`. The UI writes
    // such a column empty; with it, the links of notes and tasks travel in CSV too.
    if (f.type === 'RELATION' || f.type === 'MORPH_RELATION') {
      if (f.relation?.kind !== 'MANY_TO_ONE' || !f.relation.joinColumn) continue;
      // the fields of one morph relation may share a label (one per target object): the target tells them apart
      const shared = f.type === 'MORPH_RELATION' && object.fields.filter((g) => g.type === 'MORPH_RELATION' && g.label === f.label).length > 1;
      const header = relationHeader(shared ? `${f.label} (${f.relation.targetObject})` : f.label);
      out.push({ title: title(header), header, path: f.relation.joinColumn, field: f });
      if (options.memberEmails && isMemberRelation(f)) {
        const email = memberEmailHeader(header);
        out.push({ title: title(email), header: email, path: `${f.relation.joinColumn}__email`, field: f, emailOf: f.relation.joinColumn });
      }
      continue;
    }
    const subs = SUB_FIELDS[f.type];
    if (!subs) {
      out.push({ title: title(f.label), header: f.label, path: f.name, field: f });
      continue;
    }
    // As the UI: the parent's already-formatted title is reused, so a label holding a comma is quoted twice.
    const parent = title(f.label);
    for (const [key, sub] of subs) {
      out.push({ title: title(subFieldHeader(parent, sub)), header: subFieldHeader(f.label, sub), path: `${f.name}.${key}`, field: f });
      if (options.memberEmails && f.type === 'ACTOR' && key === 'workspaceMemberId') {
        const email = `${f.label} / Workspace Member Email`;
        out.push({ title: title(email), header: email, path: `${f.name}.workspaceMemberId__email`, field: f, emailOf: `${f.name}.workspaceMemberId` });
      }
    }
  }
  return out;
}

/** useExportProcessRecordsForCSV, then the sanitising of generateCsv: the record as json-2-csv gets it. */
function processed(object: SchemaObject, record: Record<string, unknown>, emailOf: (memberId: unknown) => string | undefined, columns: CsvColumn[]): Record<string, unknown> {
  const out: Record<string, unknown> = { ...record };
  for (const f of object.fields) {
    const v = record[f.name];
    if (v === null || v === undefined) continue;
    if (f.type === 'CURRENCY') {
      const c = v as { amountMicros?: unknown; currencyCode?: unknown };
      // null / 1e6 is 0 in JavaScript: the UI writes an amount-less currency as 0, and so do we
      out[f.name] = { amountMicros: Number(c.amountMicros ?? null) / 1_000_000, currencyCode: c.currencyCode };
    } else if (JSON_CELL_TYPES.has(f.type)) out[f.name] = JSON.stringify(v);
  }
  for (const c of columns) {
    if (!c.emailOf) continue;
    const [head, sub] = c.emailOf.split('.');
    const id = sub ? (out[head] as Record<string, unknown> | null | undefined)?.[sub] : out[head];
    const email = emailOf(id);
    if (sub) out[head] = { ...((out[head] as object | null) ?? {}), [`${sub}__email`]: email };
    else out[`${head}__email`] = email;
  }
  for (const [k, v] of Object.entries(out)) {
    if (typeof v === 'string') out[k] = guard(v);
    else if (v && typeof v === 'object' && !Array.isArray(v)) {
      out[k] = Object.fromEntries(Object.entries(v).map(([nk, nv]) => [nk, typeof nv === 'string' ? guard(nv) : nv]));
    }
  }
  return out;
}

export interface WriteCsvOptions {
  /** add the member e-mail columns; `memberEmail(id)` gives the e-mail of a workspace member id */
  memberEmails?: (memberId: string) => string | undefined;
}

/**
 * One object's file, a page of records at a time (csv export writes each page as it comes, so memory stays at one
 * page): `start` is the BOM and the header line, `rows` the page's lines, each preceded by the LF that ends the line
 * before. The pieces joined are byte for byte what json-2-csv writes for all the records at once (its rows do not
 * depend on each other), which test/csv/write.test.ts checks.
 */
export function csvWriter(object: SchemaObject, options: WriteCsvOptions = {}): { start: string; rows(records: Iterable<Record<string, unknown>>): string } {
  const columns = csvColumns(object, { memberEmails: Boolean(options.memberEmails) });
  const emailOf = (id: unknown) => (typeof id === 'string' && options.memberEmails ? options.memberEmails(id) : undefined);
  const keys = columns.map((c) => ({ field: c.path, title: c.title }));
  return {
    start: `\uFEFF${columns.map((c) => c.title).join(',')}`,
    rows(records) {
      const rows = [...records].map((r) => processed(object, r, emailOf, columns));
      return rows.length ? `\n${json2csv(rows, { keys, emptyFieldValue: '', prependHeader: false })}` : '';
    },
  };
}

/**
 * The file text: UTF-8 BOM, `,`, LF between lines and none after the last, quoted only where needed.
 *
 * @example
 * writeFileSync('person.csv', twentyCsv(people, records, { memberEmails: (id) => members.get(id)?.userEmail }));
 */
export function twentyCsv(object: SchemaObject, records: Iterable<Record<string, unknown>>, options: WriteCsvOptions = {}): string {
  // json-2-csv gives no header line for an empty list, and the UI then writes no file at all: we write the header.
  const writer = csvWriter(object, options);
  return writer.start + writer.rows(records);
}
