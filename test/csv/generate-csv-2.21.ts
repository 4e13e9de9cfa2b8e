/**
 * Twenty 2.21's own CSV export, ported line by line from the front-end (generateCsv in twenty-front
 * object-record/record-index/export/hooks/useRecordIndexExportRecords.ts, with useExportProcessRecordsForCSV.ts and
 * COMPOSITE_FIELD_SUB_FIELD_LABELS), on the same library at the same version (json-2-csv 5.5.11). Quirks kept: the
 * composite sub-columns are the first row's keys, and a parent title that needed quotes is quoted again. This is
 * the oracle the tests compare `csv export` with; the port reproduces the front-end's own unit-test expectation.
 */
import { json2csv } from 'json-2-csv';

const ZWJ = '\u200D';
const DANGEROUS = /^[=+\-@\t\r]/;
const sanitize = (v: unknown) => {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' ? v : String(v);
  return DANGEROUS.test(s) ? ZWJ + s : s;
};
const format = (v: unknown) => {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.includes(',') || s.includes('"') || s.includes('\n') || s.includes('\r') ? `"${s.replace(/"/g, '""')}"` : s;
};
const LABELS: Record<string, Record<string, string>> = {
  CURRENCY: { amountMicros: 'Amount', currencyCode: 'Currency' },
  EMAILS: { primaryEmail: 'Primary Email', additionalEmails: 'Additional Emails' },
  LINKS: { primaryLinkLabel: 'Link Label', primaryLinkUrl: 'Link URL', secondaryLinks: 'Secondary Links' },
  PHONES: { primaryPhoneNumber: 'Primary Phone Number', primaryPhoneCountryCode: 'Primary Phone Country Code', primaryPhoneCallingCode: 'Primary Phone Calling Code', additionalPhones: 'Additional Phones' },
  FULL_NAME: { firstName: 'First Name', lastName: 'Last Name' },
  ADDRESS: { addressStreet1: 'Address 1', addressStreet2: 'Address 2', addressCity: 'City', addressState: 'State', addressCountry: 'Country', addressPostcode: 'Post Code', addressLat: 'Latitude', addressLng: 'Longitude' },
  ACTOR: { source: 'Source', name: 'Name', workspaceMemberId: 'Workspace Member', context: 'Context' },
  RICH_TEXT: { blocknote: 'BlockNote', markdown: 'Markdown' },
};

export interface UiColumn {
  label: string;
  type: string;
  metadata: { fieldName: string; relationType?: string };
}

/** `rows` as useExportProcessRecordsForCSV leaves them (currency amounts divided, JSON types as text). */
export function generateCsv(columns: UiColumn[], rows: Array<Record<string, any>>): string {
  const kept = columns.filter((c) => !c.metadata.relationType || c.metadata.relationType === 'MANY_TO_ONE');
  const all: UiColumn[] = [{ type: 'UUID', label: 'Id', metadata: { fieldName: 'id' } }, ...kept];
  const keys = all.flatMap((col) => {
    const header = `${col.label}${col.type === 'RELATION' ? ' Id' : ''}`;
    const column = { field: `${col.metadata.fieldName}${col.type === 'RELATION' ? 'Id' : ''}`, title: format(sanitize(header)) };
    if (!LABELS[col.type]) return [column];
    return Object.keys(rows[0][column.field]).filter((k) => k !== '__typename').map((k) => ({ field: `${column.field}.${k}`, title: format(sanitize(`${column.title} / ${LABELS[col.type][k]}`)) }));
  });
  const sanitized = rows.map((row) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(row)) {
      if (typeof v === 'string') out[k] = sanitize(v);
      else if (v !== null && v !== undefined && typeof v === 'object') out[k] = Object.fromEntries(Object.entries(v).map(([nk, nv]) => [nk, typeof nv === 'string' ? sanitize(nv) : nv]));
      else out[k] = v;
    }
    return out;
  });
  return json2csv(sanitized, { keys, emptyFieldValue: '', excelBOM: true });
}

/** useExportProcessRecordsForCSV: currency amounts in units, JSON-typed values as JSON text. */
export function processRecordsForCsvExport(fields: Array<{ name: string; type: string }>, records: Array<Record<string, any>>): Array<Record<string, any>> {
  return records.map((record) => fields.reduce((out, f) => {
    if (record[f.name] === null || record[f.name] === undefined) return out;
    if (f.type === 'CURRENCY') return { ...out, [f.name]: { amountMicros: record[f.name].amountMicros / 1000000, currencyCode: record[f.name].currencyCode } };
    if (['MULTI_SELECT', 'ARRAY', 'RAW_JSON', 'FILES'].includes(f.type)) return { ...out, [f.name]: JSON.stringify(record[f.name]) };
    return out;
  }, { ...record }));
}

/**
 * The records as the front-end holds them: fetched through GraphQL, whose answer (read back by Apollo) has each
 * composite's sub-fields in the query's selection order (mapFieldMetadataToGraphQLQuery.ts), whatever order REST uses.
 */
const SELECTION: Record<string, string[]> = {
  LINKS: ['primaryLinkUrl', 'primaryLinkLabel', 'secondaryLinks'],
  CURRENCY: ['amountMicros', 'currencyCode'],
  FULL_NAME: ['firstName', 'lastName'],
  ADDRESS: ['addressStreet1', 'addressStreet2', 'addressCity', 'addressState', 'addressCountry', 'addressPostcode', 'addressLat', 'addressLng'],
  ACTOR: ['source', 'workspaceMemberId', 'name', 'context'],
  EMAILS: ['primaryEmail', 'additionalEmails'],
  PHONES: ['primaryPhoneNumber', 'primaryPhoneCountryCode', 'primaryPhoneCallingCode', 'additionalPhones'],
  RICH_TEXT: ['blocknote', 'markdown'],
  RICH_TEXT_V2: ['blocknote', 'markdown'],
};
export function asFetchedByTheFrontEnd(fields: Array<{ name: string; type: string }>, records: Array<Record<string, any>>): Array<Record<string, any>> {
  return records.map((r) => {
    const out = { ...r };
    for (const f of fields) {
      const keys = SELECTION[f.type];
      if (keys && r[f.name] && typeof r[f.name] === 'object') out[f.name] = Object.fromEntries(keys.map((k) => [k, r[f.name][k]]));
    }
    return out;
  });
}

/** The UI's column list for an object's fields (what generateCsv is given), from our schema reader's shape. */
export const uiColumns = (o: { fields: Array<{ name: string; label: string; type: string; isActive: boolean; relation?: { kind: string; joinColumn?: string | null } | null }> }): UiColumn[] => o.fields
  .filter((f) => f.isActive && f.name !== 'id' && f.type !== 'TS_VECTOR' && (f.type !== 'RELATION' || (f.relation?.kind === 'MANY_TO_ONE' && f.relation.joinColumn)))
  .map((f) => ({ label: f.label, type: f.type === 'RICH_TEXT_V2' ? 'RICH_TEXT' : f.type, metadata: { fieldName: f.type === 'RELATION' ? f.relation!.joinColumn!.replace(/Id$/, '') : f.name } }));

const COMPOSITES = ['CURRENCY', 'EMAILS', 'LINKS', 'PHONES', 'FULL_NAME', 'ADDRESS', 'ACTOR', 'RICH_TEXT', 'RICH_TEXT_V2'];

/**
 * What the front-end would write for these records of an object, as a comparable pair: the object without its
 * morph relations (our addition; the UI writes them empty) and the records ordered so the first has every composite
 * set (the front-end reads the sub-columns from the first row). Null when no record has them all.
 */
export function frontEndCase<O extends { fields: Array<{ name: string; label: string; type: string; isActive: boolean; relation?: { kind: string; joinColumn?: string | null } | null }> }>(whole: O, rows: Array<Record<string, any>>): { object: O; records: Array<Record<string, any>>; theirs: string } | null {
  const object = { ...whole, fields: whole.fields.filter((f) => f.type !== 'MORPH_RELATION') };
  const full = rows.findIndex((r) => object.fields.every((f) => !COMPOSITES.includes(f.type) || (r[f.name] && typeof r[f.name] === 'object')));
  if (full < 0) return null;
  const records = [rows[full], ...rows.filter((_, i) => i !== full)];
  return { object, records, theirs: generateCsv(uiColumns(object), processRecordsForCsvExport(object.fields, asFetchedByTheFrontEnd(object.fields, records))) };
}
