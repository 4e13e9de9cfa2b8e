/**
 * Test files cut down from `csv export`'s: a Twenty CSV rewritten with some of its columns only, as the UI's
 * "Export view" or a hand edit leaves it (a view's visible columns, the guide's step 5 undone).
 */
import { writeFileSync } from 'node:fs';
import { readCsv } from '../../sdk/csv/read.js';

const cell = (x: string) => (/[,"\n\r]/.test(x) ? `"${x.replace(/"/g, '""')}"` : x);

/** Writes `from` to `to` with the columns `keep` accepts, with Twenty's BOM, `,` and LF; returns how many columns went. */
export function keepColumns(from: string, to: string, keep: (header: string, headers: string[]) => boolean): number {
  const f = readCsv(from);
  const kept = f.headers.map((h, i) => (keep(h, f.headers) ? i : -1)).filter((i) => i >= 0);
  const lines = [kept.map((i) => cell(f.headers[i])).join(','), ...f.rows.map((r) => kept.map((i) => cell(r.cells[i] ?? '')).join(','))];
  writeFileSync(to, '\uFEFF' + lines.join('\n'));
  return f.headers.length - kept.length;
}

/** `Account Owner Email` beside `Account Owner Id`; `Created by / Workspace Member Email` beside `… / Workspace Member`. */
export function isMemberEmailColumn(header: string, headers: string[]): boolean {
  return / Email$/.test(header) && [header.replace(/ Email$/, ' Id'), header.replace(/ Email$/, '')].some((x) => headers.includes(x));
}
