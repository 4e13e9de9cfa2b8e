/**
 * Reading a CSV file as Twenty's "Export view" writes it, or as a spreadsheet saves it again after the guide's step
 * 5 (Excel, LibreOffice, Google Sheets): with or without the UTF-8 BOM, `,` or `;` (or tab) between cells, LF or
 * CRLF line ends. Parsing is csv-parse's (RFC 4180 quoting, line numbers in its errors); what is ours is telling the
 * person what is wrong with the file, where, and what to do, and undoing Twenty's guard against CSV injection (the
 * U+200D it puts before `= + - @`, which its own importer strips too).
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parse } from 'csv-parse/sync';
import { MigrationError } from '../errors.js';
import { ZWJ } from './write.js';

export interface CsvFile {
  path: string;
  name: string;
  delimiter: ',' | ';' | '\t';
  bom: boolean;
  lineEnd: 'LF' | 'CRLF';
  headers: string[];
  /** data rows, cells as text (the injection guard removed), with the line each starts on (1 = the header) */
  rows: Array<{ line: number; cells: string[] }>;
}

const fail = (code: string, file: string, message: string, details: Record<string, unknown> = {}) =>
  new MigrationError(code, `${file}: ${message}`, { file, ...details });

/** The delimiter of the header line: the most frequent of `,` `;` tab outside quotes. */
function sniffDelimiter(text: string): CsvFile['delimiter'] {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch in counts) counts[ch as keyof typeof counts] += 1;
  }
  const [best, n] = Object.entries(counts).sort((a, b) => b[1] - a[1])[0];
  return (n > 0 ? best : ',') as CsvFile['delimiter'];
}

const unguard = (cell: string) => (cell.startsWith(ZWJ) ? cell.slice(1) : cell);

/**
 * @example
 * const f = readCsv('exports/person.csv');
 * f.headers; // ['Id', 'Name / First Name', …]
 */
export function readCsv(path: string): CsvFile {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw fail('CSV_UNREADABLE', path, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}). Check the path.`);
  }
  return parseCsv(bytes, path);
}

/** `readCsv` on bytes already read (`path` names the file in errors). */
export function parseCsv(bytes: Buffer, path: string): CsvFile {
  const name = basename(path);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    const line = bytes.subarray(0, at).toString('latin1').split('\n').length;
    throw fail('CSV_NOT_UTF8', path, `line ${line} is not UTF-8 text (byte ${at}). Save the file again as "CSV UTF-8" (Excel) or with the UTF-8 character set (LibreOffice, Google Sheets), then run the command again.`, { line });
  }
  const bom = text.startsWith('\uFEFF');
  if (bom) text = text.slice(1);
  if (!text.trim()) throw fail('CSV_EMPTY', path, 'is empty: export the object again (⋮ → Export view) or pass another file.');
  const delimiter = sniffDelimiter(text);
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, { delimiter, info: true, skip_empty_lines: true, relax_column_count: false, bom: false }) as unknown as typeof records;
  } catch (error) {
    const e = error as { code?: string; message: string; lines?: number };
    const hint = e.code === 'CSV_QUOTE_NOT_CLOSED'
      ? 'a quoted cell is never closed: the file is probably cut short (an interrupted download or copy). Export it again.'
      : e.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH'
        ? `a row has another number of cells than the header. ${e.message.replace(/ on line \d+$/, '')}: check that row in a spreadsheet, or export the file again.`
        : `${e.message}.`;
    throw fail('CSV_MALFORMED', path, `line ${e.lines ?? '?'}: ${hint}`, { line: e.lines, parser: e.code });
  }
  const [head, ...rest] = records;
  const headers = head.record.map((h) => unguard(h).trim());
  const seen = new Map<string, number>();
  headers.forEach((h, i) => {
    const key = h.toLowerCase();
    if (seen.has(key)) throw fail('CSV_DUPLICATE_HEADER', path, `line 1: the column "${h}" appears twice (columns ${seen.get(key)! + 1} and ${i + 1}). Rename or remove one, then run again.`, { line: 1, header: h });
    seen.set(key, i);
  });
  return {
    path, name, delimiter, bom, lineEnd: /\r\n/.test(text.slice(0, text.indexOf('\n') + 1)) ? 'CRLF' : 'LF', headers,
    // csv-parse's `info.lines` is the line the record ends on; a record's first line is what a person looks for
    rows: rest.map((r, i) => ({ line: (i === 0 ? head.info.lines : rest[i - 1].info.lines) + 1, cells: r.record.map(unguard) })),
  };
}

function firstInvalidUtf8(bytes: Buffer): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let lo = 0;
  let hi = bytes.length;
  // the longest valid prefix, by bisection (a cut inside a multi-byte character counts as invalid: close enough)
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    try {
      decoder.decode(bytes.subarray(0, mid));
      lo = mid;
    } catch {
      hi = mid - 1;
    }
  }
  return lo;
}
