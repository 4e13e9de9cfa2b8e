/**
 * Running things as a user would: the fixture's reset command, and `npx twenty-migrate …` in /work/main with
 * the instance keys in its environment (never on its command line, never logged). Output goes to files in the
 * test's temp folder; the keys are checked not to appear in them.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { RealEnv } from './env.js';

export const PROJECT = resolve(import.meta.dirname, '../..');

/** A fresh temp folder for one test (kept afterwards: it holds the report, the logs and the tool's run folder). */
export function tempFolder(label: string): string {
  return mkdtempSync(join(process.env.TWENTY_REAL_TMP ?? tmpdir(), `twenty-real-${label}-`));
}

/** Environment of the CLI: ours minus any SOURCE_ or TARGET_ variables, plus the fixture's URLs and keys. */
function cliEnv(real: RealEnv): NodeJS.ProcessEnv {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(SOURCE|TARGET)_|^TWENTY_REAL_/.test(k)));
  return {
    ...base,
    SOURCE_URL: real.source.url, SOURCE_API_KEY: real.source.apiKey,
    TARGET_URL: real.target.url, TARGET_API_KEY: real.target.apiKey,
    NO_COLOR: '1', CI: 'true',
  };
}

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  ms: number;
  stdout: string;
  stderr: string;
  /** why it was killed, when it was */
  killedAt?: string;
}

export interface RunOptions {
  /** files to append the output to */
  log: string;
  /** SIGKILL the whole process group after this many ms */
  killAfterMs?: number;
  /** SIGKILL once the output matches (after killDelayMs more, default 0) */
  killWhen?: RegExp;
  killDelayMs?: number;
  timeoutMs?: number;
  /** run with TARGET_* only (csv import with no source at hand) */
  withoutSource?: boolean;
}

/**
 * `npx twenty-migrate <args>` in the project folder. Started in its own process group so a SIGKILL reaches
 * the node process under npx, not only npx.
 */
export function runCli(real: RealEnv, args: string[], o: RunOptions): Promise<Run> {
  const started = Date.now();
  const log = createWriteStream(o.log, { flags: 'a' });
  log.write(`\n$ npx twenty-migrate ${args.join(' ')}   (${new Date().toISOString()})\n`);
  const env = cliEnv(real);
  if (o.withoutSource) for (const k of ['SOURCE_URL', 'SOURCE_API_KEY']) delete env[k];
  const child = spawn('npx', ['--no-install', 'twenty-migrate', ...args], { cwd: PROJECT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let killedAt: string | undefined;
  let matched = false;
  const kill = (why: string) => {
    if (killedAt || child.exitCode !== null) return;
    killedAt = why;
    log.write(`\n### SIGKILL (${why}) after ${Date.now() - started} ms\n`);
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      /* already gone */
    }
  };
  const timers: NodeJS.Timeout[] = [];
  if (o.killAfterMs !== undefined) timers.push(setTimeout(() => kill(`${o.killAfterMs} ms`), o.killAfterMs));
  timers.push(setTimeout(() => kill('timeout'), o.timeoutMs ?? 3_600_000));
  const onData = (which: 'out' | 'err') => (b: Buffer) => {
    const s = b.toString();
    if (which === 'out') stdout += s;
    else stderr += s;
    log.write(s);
    if (o.killWhen && !matched && o.killWhen.test(stdout + stderr)) {
      matched = true;
      timers.push(setTimeout(() => kill(`output matched ${o.killWhen} (+${o.killDelayMs ?? 0} ms)`), o.killDelayMs ?? 0));
    }
  };
  child.stdout.on('data', onData('out'));
  child.stderr.on('data', onData('err'));
  return new Promise((done) => {
    child.on('close', (code, signal) => {
      timers.forEach(clearTimeout);
      const ms = Date.now() - started;
      log.write(`\n### exit ${code ?? signal} after ${ms} ms\n`);
      log.end();
      done({ code, signal, ms, stdout, stderr, killedAt });
    });
  });
}

/**
 * Closes every inherited descriptor above 2 before running the command. The suite runs under
 * `flock <ROOT>.lock`: without this the fixture's daemons (Postgres, server, worker), restarted by the reset,
 * would inherit the lock's descriptor and hold the lock for as long as they live (seen on this fixture).
 */
const CLOSE_FDS = 'for fd in $(ls /proc/$$/fd); do if [ "$fd" -gt 2 ]; then eval "exec $fd>&-" 2>/dev/null; fi; done; exec sh -c "$1"';

/** Runs the fixture's reset command (both workspaces back to their snapshot). */
export function reset(real: RealEnv, logFile: string): Promise<number> {
  const started = Date.now();
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn('bash', ['-c', CLOSE_FDS, 'reset', real.resetCommand], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  return new Promise((done, fail) => {
    child.on('close', (code) => {
      if (code === 0) done(Date.now() - started);
      else fail(new Error(`reset failed (exit ${code}); see ${logFile}`));
    });
  });
}

/** Whether a file mentions either API key (checked without printing them). */
export function leaksKey(real: RealEnv, path: string): boolean {
  const text = readFileSync(path, 'utf8');
  return text.includes(real.source.apiKey) || text.includes(real.target.apiKey);
}

/**
 * One real test file at a time on this machine (they reset the same fixture): vitest.real.config.ts already
 * runs files one by one, but `npx vitest run test/real` under the default config would not. A directory made
 * with mkdir is the lock; a lock whose owner process is gone is taken over.
 */
export async function suiteLock(): Promise<() => void> {
  const { mkdirSync, rmSync, writeFileSync, readFileSync: read } = await import('node:fs');
  const dir = join(tmpdir(), 'twenty-real-suite.lock');
  for (;;) {
    try {
      mkdirSync(dir);
      writeFileSync(join(dir, 'pid'), String(process.pid));
      return () => rmSync(dir, { recursive: true, force: true });
    } catch {
      let owner = 0;
      try {
        owner = Number(read(join(dir, 'pid'), 'utf8'));
        process.kill(owner, 0);
      } catch {
        if (owner) rmSync(dir, { recursive: true, force: true }); // the owner is gone
      }
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
}
