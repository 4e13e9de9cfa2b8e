/**
 * The members file of guide step 5 (`csv import --members members.csv`): which source member id is which e-mail,
 * for files exported by Twenty's own "Export view", which name members by id only, when the source cannot be reached
 * to ask. Any CSV with a member id column and an e-mail column does (a spreadsheet's `;` and CRLF included).
 */
import { MigrationError } from '../errors.js';
import { readCsv } from './read.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The id column: one named "Id" exactly, else the first whose name holds the word id ("Member Id", "workspaceMemberId"). */
function idColumn(headers: string[]): number {
  const exact = headers.findIndex((h) => /^\s*id\s*$/i.test(h));
  return exact >= 0 ? exact : headers.findIndex((h) => /(\bid\b|[a-z]Id\b)/i.test(h) && !/mail/i.test(h));
}

/**
 * @example
 * const emails = readMembersCsv('members.csv'); // Map { '20202020-…' => 'tim@apple.dev' }
 */
export function readMembersCsv(path: string): Map<string, string> {
  const f = readCsv(path);
  const id = idColumn(f.headers);
  const email = f.headers.findIndex((h) => /e-?mail/i.test(h));
  if (id < 0 || email < 0) {
    throw new MigrationError('CSV_MEMBERS_COLUMNS', `${path}: a members file needs a member id column and an e-mail column (headers such as "Id" and "Email"); its headers are ${f.headers.map((h) => `"${h}"`).join(', ')}.`, { file: path });
  }
  // A members file is short and made by hand: a wrong row would send a member's records to nobody, so every bad
  // row stops the command, each named by its line, rather than being skipped.
  const bad: string[] = [];
  const out = new Map<string, string>();
  for (const r of f.rows) {
    const [memberId, mail] = [r.cells[id]?.trim() ?? '', r.cells[email]?.trim() ?? ''];
    if (!memberId && !mail) continue;
    if (!UUID.test(memberId)) bad.push(`line ${r.line}: "${memberId}" is not a member id (a UUID such as 20202020-…)`);
    else if (!/^[^@\s]+@[^@\s]+$/.test(mail)) bad.push(`line ${r.line}: "${mail}" is not an e-mail address`);
    else if (out.has(memberId) && out.get(memberId) !== mail) bad.push(`line ${r.line}: member ${memberId} has a second e-mail (${out.get(memberId)} and ${mail})`);
    else out.set(memberId, mail);
  }
  if (bad.length) {
    throw new MigrationError('CSV_MEMBERS_INVALID', `${path}: ${bad.length} row(s) cannot be read: ${bad.slice(0, 3).join('; ')}${bad.length > 3 ? '; …' : ''}. Correct them and run the command again.`, { file: path, lines: bad.length });
  }
  return out;
}
