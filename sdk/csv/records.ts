/**
 * CSV rows back into records in the API's shape (the inverse of write.ts): composites put together again from their
 * `Label / Sub-field` columns, amounts back into micros, JSON cells parsed, ids checked. A value that cannot be read
 * is left out of its record and reported with the file, the line, the column and the reason; a row whose id is not a
 * UUID is reported and not imported (ids are kept, as in the API path, so they must be ids).
 */
import type { SchemaField, SchemaObject } from '../metadata/types.js';
import type { CsvFile } from './read.js';
import type { FileMapping } from './mapping.js';
import { JSON_CELL_TYPES } from './labels.js';
import { nameBasedId, rowId } from './unique.js';

export interface CsvIssue {
  file: string;
  line: number;
  column: string | null;
  code: string;
  message: string;
}

export interface CsvRecords {
  object: string;
  /** the file's name */
  file: string;
  records: Array<Record<string, unknown>>;
  /** the line each record came from, by id */
  lines: Map<string, number>;
  issues: CsvIssue[];
  /** member id → e-mail, from the `… Email` columns next to member ids */
  memberEmails: Map<string, string>;
  /** relation cells holding a unique value instead of an id (a domain, an e-mail): resolved by plan.ts */
  links: Array<{ recordId: string; key: string; value: string; line: number; column: string; targetObject: string }>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Sub-fields whose cell is JSON text (arrays and objects inside composites). */
const JSON_SUB_FIELDS = new Set(['additionalEmails', 'secondaryLinks', 'additionalPhones', 'context']);
const NUMBER_SUB_FIELDS = new Set(['addressLat', 'addressLng']);

function fieldOf(object: SchemaObject, path: string): { field: SchemaField | undefined; sub?: string } {
  const [head, sub] = path.split('.');
  const field = object.fields.find((f) => f.name === head) ?? object.fields.find((f) => f.relation?.joinColumn === head);
  return { field, sub };
}

/** One cell read: a value, or why not (one shape, not a union: notebooks type-check this file without strict mode). */
interface Read {
  ok: boolean;
  value?: unknown;
  code?: string;
  message?: string;
}
const ok = (value: unknown): Read => ({ ok: true, value });
const bad = (code: string, message: string): Read => ({ ok: false, code, message });

function readJson(cell: string): Read {
  try {
    return ok(JSON.parse(cell));
  } catch {
    return bad('CSV_NOT_JSON', `"${cell.slice(0, 60)}" is not JSON (Twenty writes this cell as JSON text, e.g. ["A","B"])`);
  }
}

function readValue(field: SchemaField, sub: string | undefined, cell: string): Read {
  if (cell === '') return ok(field.type === 'TEXT' && !sub ? '' : null);
  if (field.type === 'RELATION' || field.type === 'MORPH_RELATION' || field.type === 'UUID') return UUID.test(cell) ? ok(cell) : bad('CSV_NOT_A_UUID', `"${cell}" is not an id (a UUID such as 20202020-…)`);
  if (sub) {
    if (field.type === 'CURRENCY' && sub === 'amountMicros') {
      const n = Number(cell.replace(',', '.'));
      return Number.isFinite(n) ? ok(Math.round(n * 1_000_000)) : bad('CSV_NOT_A_NUMBER', `"${cell}" is not an amount`);
    }
    if (JSON_SUB_FIELDS.has(sub)) return readJson(cell);
    if (NUMBER_SUB_FIELDS.has(sub)) {
      const n = Number(cell);
      return Number.isFinite(n) ? ok(n) : bad('CSV_NOT_A_NUMBER', `"${cell}" is not a number`);
    }
    if (sub === 'workspaceMemberId') return UUID.test(cell) ? ok(cell) : bad('CSV_NOT_A_UUID', `"${cell}" is not a member id (a UUID)`);
    return ok(cell);
  }
  switch (field.type) {
    case 'NUMBER':
    case 'NUMERIC':
    case 'POSITION': {
      const n = Number(cell);
      return Number.isFinite(n) ? ok(n) : bad('CSV_NOT_A_NUMBER', `"${cell}" is not a number`);
    }
    case 'BOOLEAN':
      return /^(true|false)$/i.test(cell) ? ok(cell.toLowerCase() === 'true') : bad('CSV_NOT_A_BOOLEAN', `"${cell}" is neither true nor false`);
    case 'DATE_TIME':
    case 'DATE':
      return Number.isFinite(Date.parse(cell)) ? ok(cell) : bad('CSV_NOT_A_DATE', `"${cell}" is not a date (ISO 8601, as Twenty writes it: 2024-01-15T10:30:00.000Z)`);
    default:
      return JSON_CELL_TYPES.has(field.type) ? readJson(cell) : ok(cell);
  }
}

/**
 * @example
 * const { records, issues } = csvRecords(file, mapping, schemaObject);
 */
export function csvRecords(file: CsvFile, mapping: FileMapping, object: SchemaObject): CsvRecords {
  const out: CsvRecords = { object: mapping.object, file: file.name, records: [], lines: new Map(), issues: [], memberEmails: new Map(), links: [] };
  const idColumn = mapping.columns.findIndex((c) => c.path === 'id');
  const issue = (line: number, column: string | null, code: string, message: string) => out.issues.push({ file: file.name, line, column, code, message });
  for (const { line, cells } of file.rows) {
    const id = idColumn >= 0 ? cells[idColumn] : '';
    if (idColumn >= 0 && !UUID.test(id)) {
      issue(line, file.headers[idColumn], 'CSV_ID_NOT_UUID', `the record's id "${id}" is not a UUID: it cannot be kept, so the row is not imported (fix the id, or remove the Id column to let the target give new ids)`);
      continue;
    }
    const record: Record<string, unknown> = {};
    const links: Array<Omit<CsvRecords['links'][number], 'recordId'>> = [];
    mapping.columns.forEach((c, i) => {
      if (!c.path || c.path === 'id') return;
      if (c.emailOf) {
        const [head, sub] = c.emailOf.split('.');
        const memberId = sub ? cells[mapping.columns.findIndex((x) => x.path === c.emailOf)] : cells[mapping.columns.findIndex((x) => x.path === head)];
        if (memberId && cells[i]) out.memberEmails.set(memberId, cells[i]);
        return;
      }
      const { field, sub } = fieldOf(object, c.path);
      if (!field) {
        issue(line, c.header, 'CSV_UNKNOWN_FIELD', `the mapping names "${c.path}", which ${object.namePlural} does not have`);
        return;
      }
      const cell = cells[i] ?? '';
      // a relation by a unique value (a company's domain, a person's e-mail), as a hand-made file may hold it
      if ((field.type === 'RELATION' || field.type === 'MORPH_RELATION') && cell && !UUID.test(cell) && field.relation?.joinColumn && field.relation.targetObject) {
        links.push({ key: field.relation.joinColumn, value: cell, line, column: c.header, targetObject: field.relation.targetObject });
        return;
      }
      const read = readValue(field, sub, cell);
      if (!read.ok) {
        issue(line, c.header, read.code ?? 'CSV_UNREADABLE_VALUE', `${read.message}; the value is left out`);
        return;
      }
      const key = (field.type === 'RELATION' || field.type === 'MORPH_RELATION') && field.relation?.joinColumn ? field.relation.joinColumn : field.name;
      if (sub) record[key] = { ...((record[key] as object | undefined) ?? {}), [sub]: read.value };
      else record[key] = read.value;
    });
    // An actor whose cells are all empty (a row added in a spreadsheet) was not given: the target sets its own.
    for (const f of object.fields) {
      const a = record[f.name];
      if (f.type === 'ACTOR' && a && typeof a === 'object' && Object.values(a).every((v) => v === null || v === '')) delete record[f.name];
    }
    // Twenty writes an amount-less currency as 0 (null / 1e6): with no currency code either, it was empty.
    for (const f of object.fields) {
      const c = record[f.name] as { amountMicros?: unknown; currencyCode?: unknown } | undefined;
      if (f.type === 'CURRENCY' && c && c.amountMicros === 0 && !c.currencyCode) record[f.name] = { ...c, amountMicros: null };
    }
    // A file without an Id column (made by hand, or a view exported without it): each row gets an id derived from
    // its unique value or its place and cells, the same on every run, so a re-run finds what the first one wrote.
    let recordId = id;
    if (idColumn < 0) {
      recordId = rowId(object, record, file.name, line, cells);
      if (out.lines.has(recordId)) recordId = nameBasedId(`${object.nameSingular}/${file.name}/${line}`); // two rows, one unique value
    }
    record.id = recordId;
    out.lines.set(recordId, line);
    for (const l of links) out.links.push({ recordId, ...l });
    out.records.push(record);
  }
  return out;
}
