/**
 * The run folder: the source of truth between stages, on disk, keyed by a run id (as dlt keeps its load packages).
 * Every stage reads what the previous one wrote and writes its own files; a notebook cell, a script and the CLI all
 * see the same files, and a run killed at any moment resumes from them.
 *
 *   <dir>/manifest.json            run id, instances (URLs only, never keys), versions, OpenAPI hashes, stage states
 *   <dir>/schema/source.json       WorkspaceSchema of each side
 *   <dir>/schema/target.json
 *   <dir>/members.json             member mapping and policy (members stage)
 *   <dir>/export/<plural>.jsonl    one source record per line (export stage)
 *   <dir>/export/state.json        per object: done, count, cursor to resume from
 *   <dir>/plan.json                import order, deferred relations, skipped objects (plan stage)
 *   <dir>/transform/<plural>.jsonl records as they will be sent (transform stage)
 *   <dir>/import/ledger.jsonl      one line per record written or rejected (import stage)
 *   <dir>/errors.jsonl             every record-level problem of every stage: record, field, code, message
 *   <dir>/verify/report.{md,json}  verification (verify stage)
 */
import { createReadStream, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync, appendFileSync, openSync, closeSync, fsyncSync, fstatSync, readSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { redactValue } from '../client/redact.js';

export type StageName = 'schema' | 'members' | 'export' | 'plan' | 'transform' | 'import' | 'files' | 'configuration' | 'verify';
export type StageStatus = 'pending' | 'started' | 'completed' | 'failed';

export interface StageState {
  status: StageStatus;
  startedAt?: string;
  finishedAt?: string;
  /** one-line summary of the result, for `manifest.json` readers */
  summary?: string;
  /** while started: the part of the stage under way (the import's pass), for anyone watching a run from outside */
  phase?: string;
}

export interface InstanceInfo {
  url: string;
  version: string | null;
  metadataFormat?: 'legacy' | 'new';
  openApiCoreSha256?: string;
  openApiMetadataSha256?: string;
}

export interface Manifest {
  runId: string;
  createdAt: string;
  tool: { name: 'twenty-migrate'; version: string };
  source?: InstanceInfo;
  target?: InstanceInfo;
  options: Record<string, unknown>;
  stages: Partial<Record<StageName, StageState>>;
  /** per object: counts recorded by the stages */
  counts: Record<string, { exported?: number; transformed?: number; invalid?: number; imported?: number; failed?: number }>;
}

/** A problem with one record, reported like a zod issue: where, what code, what message. */
export interface RecordIssue {
  stage: StageName;
  /** object namePlural */
  object: string;
  /** the source record id */
  recordId: string | null;
  /** field path, e.g. `emails.primaryEmail`; null for whole-record problems */
  field: string | null;
  code: string;
  message: string;
  /**
   * `warning`: the record was migrated anyway, with the change the message describes (e.g. a reference to a record
   * left in the source's trash emptied). Absent means the record was not migrated.
   */
  severity?: 'warning';
}

export function newRunId(now = new Date()): string {
  return now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z').replace('T', '-');
}

/** Writes a file atomically (write to a temp file, fsync, rename), so a kill never leaves half a JSON document. */
export function writeFileAtomic(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  try {
    writeFileSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

export class RunFolder {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = resolve(dir);
  }

  /** Opens an existing run folder or creates a new one with a fresh manifest. */
  static open(dir: string, init: Partial<Manifest> = {}): RunFolder {
    const run = new RunFolder(dir);
    if (!existsSync(run.path('manifest.json'))) {
      run.writeManifest({
        runId: init.runId ?? newRunId(),
        createdAt: new Date().toISOString(),
        tool: { name: 'twenty-migrate', version: '0.1.0' },
        options: {},
        stages: {},
        counts: {},
        ...init,
      });
    }
    return run;
  }

  path(...parts: string[]): string {
    return join(this.dir, ...parts);
  }

  exists(...parts: string[]): boolean {
    return existsSync(this.path(...parts));
  }

  manifest(): Manifest {
    return JSON.parse(readFileSync(this.path('manifest.json'), 'utf8')) as Manifest;
  }

  writeManifest(manifest: Manifest): void {
    // Belt and braces: nothing that looks like a key or token is ever written into the run folder.
    writeFileAtomic(this.path('manifest.json'), `${JSON.stringify(redactValue(manifest), null, 2)}\n`);
  }

  updateManifest(change: (m: Manifest) => void): Manifest {
    const m = this.manifest();
    change(m);
    this.writeManifest(m);
    return m;
  }

  setStage(stage: StageName, status: StageStatus, summary?: string): void {
    this.updateManifest((m) => {
      const now = new Date().toISOString();
      const prev = m.stages[stage] ?? { status: 'pending' };
      m.stages[stage] = {
        ...prev,
        status,
        ...(status === 'started' ? { startedAt: now, finishedAt: undefined } : {}),
        ...(status === 'completed' || status === 'failed' ? { finishedAt: now, phase: undefined } : {}),
        ...(summary !== undefined ? { summary } : {}),
      };
    });
  }

  /** Records which part of a started stage is under way (one manifest write: call it per pass, not per request). */
  setStagePhase(stage: StageName, phase: string): void {
    this.updateManifest((m) => {
      const state = m.stages[stage];
      if (state?.status === 'started') state.phase = phase;
    });
  }

  readJson<T>(...parts: string[]): T | undefined {
    const p = this.path(...parts);
    return existsSync(p) ? (JSON.parse(readFileSync(p, 'utf8')) as T) : undefined;
  }

  writeJson(value: unknown, ...parts: string[]): void {
    writeFileAtomic(this.path(...parts), `${JSON.stringify(value, null, 2)}\n`);
  }

  /** Appends JSON lines. A line is written whole or, after a kill, is an unterminated tail that readers ignore. */
  appendJsonl(rows: unknown[], ...parts: string[]): void {
    if (!rows.length) return;
    const p = this.path(...parts);
    mkdirSync(dirname(p), { recursive: true });
    this.sealTornTail(p);
    appendFileSync(p, rows.map((r) => `${JSON.stringify(r)}\n`).join(''));
  }

  /**
   * A writer killed mid-line leaves a torn last line; appending straight after it would glue the next (good) line
   * onto it and lose both. Before every append (one byte read: cheap next to the request that produced the rows),
   * end such a tail with a newline so it stays a lone bad line. Checked every time, not once, because another
   * process may have been killed mid-line since this one last wrote.
   */
  private sealTornTail(p: string): void {
    if (!existsSync(p)) return;
    const fd = openSync(p, 'r');
    try {
      const size = fstatSync(fd).size;
      if (size === 0) return;
      const last = Buffer.alloc(1);
      readSync(fd, last, 0, 1, size - 1);
      if (last[0] !== 0x0a) appendFileSync(p, '\n');
    } finally {
      closeSync(fd);
    }
  }

  /** Streams JSON lines without loading the file; a torn last line (killed writer) is skipped. */
  async *readJsonl<T>(...parts: string[]): AsyncGenerator<T> {
    const p = this.path(...parts);
    if (!existsSync(p)) return;
    const lines = createInterface({ input: createReadStream(p, 'utf8'), crlfDelay: Infinity });
    for await (const line of lines) {
      if (!line) continue;
      try {
        yield JSON.parse(line) as T;
      } catch {
        // Only the final line can be torn by a kill; anything we cannot parse was never acknowledged.
      }
    }
  }

  recordIssues(issues: RecordIssue[]): void {
    this.appendJsonl(issues, 'errors.jsonl');
  }

  /**
   * The problems in errors.jsonl that kept a record out of the migration, from the given stages: warnings (the
   * record migrated with a change) and issues naming no record are left out. One issue per line; a record may have
   * several.
   */
  async *recordProblems(stages: readonly StageName[]): AsyncGenerator<RecordIssue & { recordId: string }> {
    for await (const issue of this.readJsonl<RecordIssue>('errors.jsonl')) {
      if (!issue || issue.severity === 'warning' || typeof issue.recordId !== 'string' || !stages.includes(issue.stage)) continue;
      yield issue as RecordIssue & { recordId: string };
    }
  }
}
