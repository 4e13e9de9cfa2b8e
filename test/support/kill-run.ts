/**
 * Runs `twenty-migrate run` as a child process through a fault proxy and SIGKILLs it at chosen points, starting it
 * again with the same command until it exits without being killed. A point is "the nth request of this kind while
 * this stage runs": the stage is read from the run folder's manifest as each request arrives (the stage marked
 * started last), so points land in the same place whatever the timing, and each run counts from its own start.
 * Shared by the fast suite (sandbox) and the real-server suite.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FaultProxy, ProxyRequest, RequestClass } from './fault-proxy.js';

const BIN = resolve(import.meta.dirname, '../../scripts/bin/twenty-migrate.js');

/** Where a request falls: the stage running, and within the import its pass. */
export type Place = 'schema' | 'export' | 'members' | 'plan' | 'files' | 'transform' | 'import' | 'patch' | 'trash' | 'configuration' | 'verify' | 'other';

export interface KillPoint {
  place: Place;
  /** request classes that count (default: any) */
  cls?: RequestClass[];
  /** the nth counted request of this run in that place; the child is killed while the server handles it */
  nth: number;
}

export interface KillRunResult {
  runs: Array<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** one line per kill: the point and the request it landed on */
  killed: string[];
  /** output of the last run (the one not killed) */
  out: string;
  code: number | null;
}

/** The stage marked started last in the manifest, or `other`. */
export function currentStage(runDir: string): string {
  const file = join(runDir, 'manifest.json');
  if (!existsSync(file)) return 'other';
  try {
    const stages = (JSON.parse(readFileSync(file, 'utf8')) as { stages?: Record<string, { status?: string; startedAt?: string }> }).stages ?? {};
    const running = Object.entries(stages).filter(([, s]) => s.status === 'started').sort((a, b) => (a[1].startedAt ?? '').localeCompare(b[1].startedAt ?? ''));
    return running.at(-1)?.[0] ?? 'other';
  } catch {
    return 'other'; // caught mid-rewrite
  }
}

/** The import's three passes told apart by their requests: trash deletes, patches of join columns only. */
export function placeOf(stage: string, req: ProxyRequest): Place {
  if (stage !== 'import') return (['schema', 'export', 'members', 'plan', 'files', 'transform', 'configuration', 'verify'].includes(stage) ? stage : 'other') as Place;
  if (req.cls === 'delete') return 'trash';
  if (req.cls === 'write' && req.bodyText.startsWith('[')) {
    try {
      const rows = JSON.parse(req.bodyText) as Array<Record<string, unknown>>;
      const patchLike = rows.every((r) => Object.keys(r).every((k) => k === 'id' || k === 'updatedAt' || /Id$/.test(k)) && Object.keys(r).length <= 5);
      if (rows.length && patchLike) return 'patch';
    } catch {
      // not JSON: counted as a write
    }
  }
  return 'import';
}

export async function runUntilDone(options: {
  proxy: FaultProxy;
  cwd: string;
  env: Record<string, string>;
  args: string[];
  /** absolute path of the run folder the args name */
  runDir: string;
  points: KillPoint[];
  /** stop after this many runs (default points + 6) */
  maxRuns?: number;
  /** every chunk the children print, as it comes (a log file) */
  onOutput?: (chunk: string) => void;
  /** start again after exit 1 too (default true) */
  rerunOnError?: boolean;
  timeoutMs?: number;
}): Promise<KillRunResult> {
  const { proxy, points } = options;
  let child: ChildProcess | undefined;
  let next = 0;
  const counts = new Map<number, number>();
  const killed: string[] = [];
  proxy.onRequest((req) => {
    const point = points[next];
    if (!point || !child || child.exitCode !== null || child.signalCode !== null) return;
    const place = placeOf(currentStage(options.runDir), req);
    if (place !== point.place || (point.cls && !point.cls.includes(req.cls))) return;
    const n = (counts.get(next) ?? 0) + 1;
    counts.set(next, n);
    if (n < point.nth) return;
    child.kill('SIGKILL');
    killed.push(`${point.place}${point.cls ? `/${point.cls.join('|')}` : ''} #${point.nth}: ${req.method} ${req.path.split('?')[0]}`);
    next += 1;
  });
  const runs: KillRunResult['runs'] = [];
  const maxRuns = options.maxRuns ?? points.length + 6;
  for (;;) {
    counts.clear(); // each run counts from its own start
    const r = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }>((done) => {
      let out = '';
      child = spawn(process.execPath, [BIN, ...options.args], { cwd: options.cwd, env: options.env });
      const take = (d: Buffer) => {
        out += d;
        options.onOutput?.(String(d));
      };
      child.stdout!.on('data', take);
      child.stderr!.on('data', take);
      const timer = setTimeout(() => child?.kill('SIGKILL'), options.timeoutMs ?? 600_000);
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        done({ code, signal, out });
      });
    });
    runs.push({ code: r.code, signal: r.signal });
    // Exit 1 is "failed, re-running resumes" (a fault outlasted the retries): what a person does, the loop does.
    const again = r.signal === 'SIGKILL' || (r.code === 1 && (options.rerunOnError ?? true));
    if (!again || runs.length >= maxRuns) return { runs, killed, out: r.out, code: r.code };
  }
}
