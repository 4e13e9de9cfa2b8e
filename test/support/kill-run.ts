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
import type { FaultProxy, RequestClass } from './fault-proxy.js';

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

/**
 * The order a run passes the places in, for telling that a point can no longer be reached. The schema stage is left
 * out: a run reads both data models before the export and applies the target's after the plan, so it comes both
 * before and after the export (a schema point is given up once the run reaches the files).
 */
export const PLACE_ORDER: readonly Place[] = ['export', 'members', 'plan', 'files', 'transform', 'import', 'patch', 'trash', 'configuration', 'verify'];

/** Whether a run now at `place` has left `point`'s place behind for good. */
export function passed(point: Place, place: Place): boolean {
  const at = PLACE_ORDER.indexOf(place);
  if (at < 0) return false;
  if (point === 'schema') return at >= PLACE_ORDER.indexOf('files');
  const of = PLACE_ORDER.indexOf(point);
  return of >= 0 && at > of;
}

export interface KillRunResult {
  runs: Array<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** one line per kill: the point and the request it landed on */
  killed: string[];
  /** points never reached: a run passed their place with fewer requests than `nth` (resumed work is not redone) */
  skipped: string[];
  /** output of the last run (the one not killed) */
  out: string;
  code: number | null;
}

/** The stage marked started last in the manifest (or `other`), and the phase it records (the import's pass). */
export function currentStage(runDir: string): { stage: string; phase?: string } {
  const file = join(runDir, 'manifest.json');
  if (!existsSync(file)) return { stage: 'other' };
  try {
    const stages = (JSON.parse(readFileSync(file, 'utf8')) as { stages?: Record<string, { status?: string; startedAt?: string; phase?: string }> }).stages ?? {};
    const running = Object.entries(stages).filter(([, s]) => s.status === 'started').sort((a, b) => (a[1].startedAt ?? '').localeCompare(b[1].startedAt ?? ''));
    const last = running.at(-1);
    return last ? { stage: last[0], phase: last[1].phase } : { stage: 'other' };
  } catch {
    return { stage: 'other' }; // caught mid-rewrite
  }
}

/** Where a request falls: the stage, and within the import the pass the manifest names (`write …`, `patch …`, `trash …`). */
export function placeOf(at: { stage: string; phase?: string }): Place {
  const stages: Place[] = ['schema', 'export', 'members', 'plan', 'files', 'transform', 'configuration', 'verify'];
  if (at.stage !== 'import') return stages.includes(at.stage as Place) ? (at.stage as Place) : 'other';
  const pass = at.phase?.split(' ')[0];
  return pass === 'patch' ? 'patch' : pass === 'trash' ? 'trash' : 'import';
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
  const skipped: string[] = [];
  const label = (p: KillPoint) => `${p.place}${p.cls ? `/${p.cls.join('|')}` : ''} #${p.nth}`;
  proxy.onRequest((req) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const place = placeOf(currentStage(options.runDir));
    // A point whose place this run has already left cannot be reached any more: skipped, the next one considered.
    while (points[next] && passed(points[next].place, place)) {
      skipped.push(`${label(points[next])} (the run reached ${place} first)`);
      next += 1;
      counts.delete(next - 1);
    }
    const point = points[next];
    if (!point) return;
    if (place !== point.place || (point.cls && !point.cls.includes(req.cls))) return;
    const n = (counts.get(next) ?? 0) + 1;
    counts.set(next, n);
    if (n < point.nth) return;
    child.kill('SIGKILL');
    killed.push(`${label(point)}: ${req.method} ${req.path.split('?')[0]}`);
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
    if (!again || runs.length >= maxRuns) return { runs, killed, skipped, out: r.out, code: r.code };
  }
}
