/**
 * `twenty-migrate csv export`: one file per object of the source, in Twenty 2.21's own export format (write.ts),
 * `<nameSingular>.csv` as the UI names them. Unlike the UI, every field and every record (no view, no page cap), and
 * each member id column is followed by the member's e-mail, so the files go straight into Twenty's own importer (the
 * guide's step 5 done) or into `csv import`.
 */
import { closeSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { listPages } from '../client/index.js';
import type { Side } from '../connect.js';
import { selectObjects } from '../export/select.js';
import { readMembers } from '../members/index.js';
import { readWorkspaceSchema } from '../metadata/index.js';
import { csvWriter } from './write.js';

export interface CsvExportResult {
  dir: string;
  files: Array<{ object: string; file: string; records: number; bytes: number }>;
  skipped: Array<{ object: string; reason: string }>;
  /** member ids found in the records with no member of that id in the source (their e-mail cell stays empty) */
  unknownMembers: number;
}

/**
 * @example
 * const r = await csvExport(m.source, { dir: 'runs/migration/csv', objects: ['companies', 'people'] });
 * r.files; // [{ object: 'companies', file: '…/company.csv', records: 50, bytes: 41_230 }, …]
 */
export async function csvExport(side: Side, options: { dir: string; objects?: string[]; signal?: AbortSignal }): Promise<CsvExportResult> {
  const schema = await readWorkspaceSchema({ metadata: side.metadata, core: side.core, capabilities: side.info.capabilities });
  const selection = selectObjects(schema, { objects: options.objects });
  const members = new Map((await readMembers(side.core, { signal: options.signal })).map((x) => [x.id, x.userEmail ?? undefined]));
  mkdirSync(options.dir, { recursive: true });
  const result: CsvExportResult = { dir: options.dir, files: [], skipped: selection.skipped.map((s) => ({ object: s.object, reason: s.reason })), unknownMembers: 0 };
  for (const object of selection.export) {
    const writer = csvWriter(object, {
      memberEmails: (id) => {
        const email = members.get(id);
        if (email === undefined) result.unknownMembers += 1;
        return email;
      },
    });
    // page by page into a .partial file, renamed when whole: a stopped export never leaves a file that looks complete
    const file = join(options.dir, `${object.nameSingular}.csv`);
    const partial = `${file}.partial`;
    const fd = openSync(partial, 'w');
    let records = 0;
    let bytes = 0;
    const put = (text: string) => {
      if (!text) return;
      writeSync(fd, text);
      bytes += Buffer.byteLength(text);
    };
    try {
      put(writer.start);
      for await (const page of listPages(side.core, object.namePlural, { pageSize: side.info.maxPageSize, signal: options.signal })) {
        put(writer.rows(page.records));
        records += page.records.length;
      }
    } finally {
      closeSync(fd);
    }
    renameSync(partial, file);
    result.files.push({ object: object.namePlural, file, records, bytes });
  }
  return result;
}
