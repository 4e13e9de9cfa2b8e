/**
 * The members file of guide step 5 (sdk/csv/members.ts): any CSV with a member id and an e-mail column, as a person
 * makes it in a spreadsheet; a wrong row stops the command with its line, as it would misattribute records.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readMembersCsv } from '../../sdk/csv/members.js';
import { isMigrationError } from '../../sdk/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'twenty-migrate-members-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const errorOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('no error');
};
const TIM = '20202020-0687-4c41-b707-ed1bfca972a7';
const JONY = '20202020-77d5-4cb6-b60a-f4a835a85d61';

describe('readMembersCsv', () => {
  it('reads an "Id" and an "Email" column, whatever else the file holds', () => {
    const m = readMembersCsv(file('members.csv', `\uFEFFName,Id,Email\nTim,${TIM},tim@apple.dev\nJony,${JONY},jony.ive@apple.dev\n,,\n`));
    expect([...m]).toEqual([[TIM, 'tim@apple.dev'], [JONY, 'jony.ive@apple.dev']]);
  });

  it('reads headers such as "Workspace Member Id" and "User Email", with `;` and CRLF', () => {
    const m = readMembersCsv(file('resaved.csv', `User Email;Workspace Member Id\r\ntim@apple.dev;${TIM}\r\n`));
    expect(m.get(TIM)).toBe('tim@apple.dev');
  });

  it('says which columns it needs when they are missing, naming the file', () => {
    const e = errorOf(() => readMembersCsv(file('names.csv', `Id,Name\n${TIM},Tim\n`)));
    expect(isMigrationError(e) && e.code).toBe('CSV_MEMBERS_COLUMNS');
    expect((e as Error).message).toMatch(/names\.csv: a members file needs a member id column and an e-mail column .*its headers are "Id", "Name"/);
  });

  it('refuses rows it cannot read, each by its line: not an id, not an e-mail, two e-mails for one member', () => {
    const e = errorOf(() => readMembersCsv(file('bad.csv', `Id,Email\nTim,tim@apple.dev\n${JONY},jony\n${TIM},tim@apple.dev\n${TIM},tim@icloud.com\n`)));
    expect(isMigrationError(e) && e.code).toBe('CSV_MEMBERS_INVALID');
    const message = (e as Error).message;
    expect(message).toContain('bad.csv: 3 row(s) cannot be read');
    expect(message).toContain('line 2: "Tim" is not a member id');
    expect(message).toContain('line 3: "jony" is not an e-mail address');
    expect(message).toContain(`line 5: member ${TIM} has a second e-mail (tim@apple.dev and tim@icloud.com)`);
  });
});
