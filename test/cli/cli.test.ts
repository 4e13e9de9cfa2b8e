/**
 * The CLI as a person runs it: `node scripts/bin/twenty-migrate.js …` in a child process, in an empty temporary
 * folder (no `.env` can leak in), with SOURCE_* / TARGET_* pointing at a sandbox started in this process.
 * Exit codes: 0 ok, 1 error, 2 verification failed, 3 action needed, 4 usage or configuration.
 */
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../scripts/cli/exit-codes.js';
import { ADMIN, cleanupDirs, filesUnder, startPair, tempDir, type Pair } from '../migrate/helpers.js';

const BIN = resolve(import.meta.dirname, '../../scripts/bin/twenty-migrate.js');
const COMMANDS = ['schema', 'members', 'export', 'plan', 'transform', 'import', 'verify', 'run'];

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI asynchronously (the sandbox answers from this process's event loop). */
function cli(args: string[], options: { env?: Record<string, string>; cwd?: string } = {}): Promise<Outcome> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(SOURCE|TARGET)_/.test(k) && k !== 'DEBUG')) as Record<string, string>;
  return new Promise((done) => {
    execFile(process.execPath, [BIN, ...args], { cwd: options.cwd ?? cwd, env: { ...base, NO_COLOR: '1', ...options.env }, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      done({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** A loopback port nothing listens on: bound by this process, then released. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((done) => s.listen(0, '127.0.0.1', done));
  const { port } = s.address() as AddressInfo;
  await new Promise((done) => s.close(done));
  return port;
}

let pair: Pair;
let cwd: string;
let env: Record<string, string>;
const keys: string[] = [];
const outputs: Outcome[] = [];
const FAST = ['--rate-limit', '10000/1000'];

async function run(args: string[], options: { env?: Record<string, string>; cwd?: string } = {}): Promise<Outcome> {
  const o = await cli(args, { env: { ...env, ...options.env }, cwd: options.cwd });
  outputs.push(o);
  return o;
}

beforeAll(async () => {
  pair = await startPair({ records: 200, seed: 2, seedOptions: { softDeletedShare: 0.05 } });
  cwd = tempDir('twenty-migrate-cli-');
  const { sandbox } = pair;
  keys.push(sandbox.workspace('source').apiKey, sandbox.workspace('target').apiKey);
  env = { SOURCE_URL: sandbox.url, SOURCE_API_KEY: keys[0], TARGET_URL: `${sandbox.url}/`, TARGET_API_KEY: keys[1] };
});

afterAll(async () => {
  await pair?.close();
  cleanupDirs();
});

describe('usage', () => {
  it('--help works for the tool and for every subcommand', async () => {
    const all = await Promise.all([run(['--help']), ...COMMANDS.map((c) => run([c, '--help']))]);
    expect(all[0]).toMatchObject({ code: EXIT.OK });
    for (const c of COMMANDS) expect(all[0].stdout).toContain(`  ${c}`);
    COMMANDS.forEach((c, i) => {
      expect(all[i + 1].code, c).toBe(EXIT.OK);
      expect(all[i + 1].stdout, c).toContain(`Usage: npx twenty-migrate ${c}`);
      expect(all[i + 1].stdout, c).toContain('Exit codes:');
      expect(all[i + 1].stderr, c).toBe('');
    });
  });

  it('an unknown command or option, or a bad value, exits 4 with a clear message', async () => {
    const [unknown, option, schema, rate, sample, policy, none] = await Promise.all([
      run(['frobnicate']),
      run(['run', '--frobnicate']),
      run(['schema', 'upgrade']),
      run(['run', '--rate-limit', 'fast']),
      run(['verify', '--sample', '-3']),
      run(['run', '--on-unmatched-member', 'whoever']),
      run([]),
    ]);
    expect(unknown.code).toBe(EXIT.USAGE);
    expect(unknown.stderr).toContain('Unknown command "frobnicate"');
    expect(unknown.stderr).toContain('--help');
    expect(option.code).toBe(EXIT.USAGE);
    expect(option.stderr).toMatch(/Unknown option '--frobnicate'/);
    expect(schema.code).toBe(EXIT.USAGE);
    expect(schema.stderr).toContain('Use "schema diff" or "schema apply"');
    expect(rate.code).toBe(EXIT.USAGE);
    expect(rate.stderr).toContain('--rate-limit must look like 100/60000');
    expect(sample.code).toBe(EXIT.USAGE);
    expect(policy.code).toBe(EXIT.USAGE);
    expect(policy.stderr).toMatch(/stop|empty|map/);
    expect(none.code).toBe(EXIT.USAGE);
    expect(none.stdout).toContain('Usage: npx twenty-migrate <command>');
    for (const o of [unknown, option, schema, rate, sample, policy]) expect(o.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('missing configuration exits 4 and lists what to set', async () => {
    const empty = tempDir('twenty-migrate-cli-empty-');
    const nothing = await cli(['run'], { cwd: empty });
    expect(nothing.code).toBe(EXIT.USAGE);
    for (const v of ['SOURCE_URL', 'SOURCE_API_KEY', 'TARGET_URL', 'TARGET_API_KEY']) expect(nothing.stderr).toContain(v);
    const partial = await cli(['members'], { cwd: empty, env: { SOURCE_URL: env.SOURCE_URL, SOURCE_API_KEY: env.SOURCE_API_KEY, TARGET_URL: 'crm.example.com' } });
    expect(partial.code).toBe(EXIT.USAGE);
    expect(partial.stderr).toContain('TARGET_URL "crm.example.com" has no scheme');
    expect(partial.stderr).toContain('TARGET_API_KEY is not set');
    expect(partial.stderr).not.toContain('SOURCE_');
    expect(existsSync(join(empty, 'runs'))).toBe(false);
  });

  it.each([['SOURCE'], ['TARGET']])('a wrong %s key exits 4, naming that side and its variable', async (side) => {
    const empty = tempDir('twenty-migrate-cli-badkey-');
    // A JWT-shaped string that is no key of the workspace: the server answers 401, as for any wrong key.
    const wrong = { ...env, [`${side}_API_KEY`]: 'x'.repeat(20) + '.' + 'y'.repeat(20) + '.' + 'z'.repeat(20) };
    const o = await cli(['members', '--run-dir', 'runs/badkey', ...FAST], { cwd: empty, env: wrong });
    expect(o.code, o.stderr).toBe(EXIT.USAGE);
    expect(o.stderr).toContain(`${side}: the server at`);
    expect(o.stderr).toContain(`Set ${side}_API_KEY`);
    expect(o.stderr).toContain(`${side}_UNAUTHENTICATED`);
    const other = side === 'SOURCE' ? 'TARGET' : 'SOURCE';
    expect(o.stderr).not.toContain(`${other}_API_KEY`);
  });
  it('a refused connection fails at once, naming the side, its variable and the reason, without retries', async () => {
    const empty = tempDir('twenty-migrate-cli-refused-');
    const port = await closedPort();
    const o = await cli(['members', '--run-dir', 'runs/refused', ...FAST], { cwd: empty, env: { ...env, TARGET_URL: `http://127.0.0.1:${port}` } });
    expect(o.code, o.stderr).toBe(EXIT.ERROR);
    expect(o.stderr).toContain(`Connecting to SOURCE ${env.SOURCE_URL} and TARGET http://127.0.0.1:${port}`);
    expect(o.stderr).toContain(`TARGET: http://127.0.0.1:${port} refused the connection`);
    expect(o.stderr).toContain('ECONNREFUSED');
    expect(o.stderr).toContain('Check TARGET_URL');
    expect(o.stderr).not.toMatch(/retry/i);
  });

  it('an address that answers but serves no Twenty API exits 4, naming the side and its variable', async () => {
    const empty = tempDir('twenty-migrate-cli-nottwenty-');
    const other = createServer((_req, res) => res.writeHead(404, { 'content-type': 'text/html' }).end('<html>Not found</html>'));
    await new Promise<void>((done) => other.listen(0, '127.0.0.1', done));
    try {
      const url = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
      const o = await cli(['members', '--run-dir', 'runs/nottwenty', ...FAST], { cwd: empty, env: { ...env, SOURCE_URL: url } });
      expect(o.code, o.stderr).toBe(EXIT.USAGE);
      expect(o.stderr).toContain(`SOURCE: ${url} answered 404`);
      expect(o.stderr).toContain('Set SOURCE_URL');
      expect(o.stderr).toContain('SOURCE_NOT_TWENTY');
    } finally {
      await new Promise((done) => other.close(done));
    }
  });
});

describe('a migration on the sandbox', () => {
  const runDir = () => join(cwd, 'runs', 'cli');

  it('run with the default policy stops before writing (exit 3) and names who to invite', async () => {
    const o = await run(['run', '--run-dir', 'runs/cli', '--include-deleted', ...FAST]);
    expect(o.code, o.stderr).toBe(EXIT.NEEDS_ACTION);
    for (const email of pair.unmatchedEmails) expect(o.stdout).toContain(email);
    expect(o.stdout).toMatch(/invite/i);
    expect(pair.sandbox.workspace('target').count('company').active).toBe(0);
    const members = await run(['members', '--run-dir', 'runs/cli', ...FAST]);
    expect(members.code).toBe(EXIT.NEEDS_ACTION);
    expect(members.stdout).toContain(pair.unmatchedEmails[0]);
  });

  it('run with a policy migrates everything (exit 0) and prints the report path', async () => {
    const o = await run(['run', '--run-dir', 'runs/cli', '--include-deleted', '--on-unmatched-member', `map:${ADMIN}`, ...FAST]);
    expect(o.code, o.stdout + o.stderr).toBe(EXIT.OK);
    expect(o.stdout).toContain('Verification: PASS');
    const report = join(runDir(), 'verify', 'report.md');
    expect(o.stdout).toContain(`Report: ${report}`);
    expect(readFileSync(report, 'utf8')).toContain('# Verification report');
    expect(pair.sandbox.workspace('target').count('company')).toEqual(pair.sandbox.workspace('source').count('company'));
  });

  it('verify after the target was tampered with (a record deleted) exits 2', async () => {
    const ok = await run(['verify', '--run-dir', 'runs/cli', ...FAST]);
    expect(ok.code, ok.stdout + ok.stderr).toBe(EXIT.OK);
    const target = pair.sandbox.workspace('target');
    const victim = [...target.table('opportunity')!.rows.values()].find((r) => !r.deletedAt)!.id as string;
    const res = await fetch(`${pair.sandbox.url}/rest/opportunities/${victim}`, { method: 'DELETE', headers: { authorization: `Bearer ${keys[1]}` } });
    expect(res.ok).toBe(true);
    const o = await run(['verify', '--run-dir', 'runs/cli', ...FAST]);
    expect(o.code).toBe(EXIT.VERIFICATION_FAILED);
    expect(o.stdout).toContain('Verification: FAIL');
    expect(o.stdout).toMatch(/\[FAIL\] Every imported record is found in the target/);
  });

  it('csv export writes one file per object, in Twenty\'s format, with members\' e-mails', async () => {
    const o = await run(['csv', 'export', '--objects', 'companies,people', '--run-dir', 'runs/cli', ...FAST]);
    expect(o.code, o.stdout + o.stderr).toBe(EXIT.OK);
    expect(o.stdout).toMatch(/csv companies\s+\d+ records/);
    const people = readFileSync(join(runDir(), 'csv', 'person.csv'), 'utf8');
    expect(people.startsWith('\uFEFFId,')).toBe(true);
    expect(people.split('\n')[0]).toContain('Created by / Workspace Member Email');
    const bad = await run(['csv', 'import', '--run-dir', 'runs/cli']);
    expect(bad.code).toBe(EXIT.USAGE);
    // csv import with the target alone (no SOURCE_*): the files are read, mapped and validated; --dry-run writes nothing
    const targetOnly = { SOURCE_URL: '', SOURCE_API_KEY: '' };
    const o2 = await cli(['csv', 'import', join(runDir(), 'csv'), '--dry-run', '--run-dir', 'runs/csv-import', '--on-unmatched-member', 'empty', ...FAST], { env: { ...Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith('SOURCE_'))), ...targetOnly } });
    expect(o2.code, o2.stdout + o2.stderr).toBe(EXIT.OK);
    expect(o2.stdout).toMatch(/csv person\.csv\s+→ people \(file name\)/);
    expect(o2.stdout).toMatch(/Dry run: \d+ record\(s\) valid for the target/);
    expect(o2.stderr).not.toContain('SOURCE');
    // a members file or a mapping file the user got wrong: named, with what is wrong, before anything is written
    writeFileSync(join(runDir(), 'members.csv'), 'Id,Email\nTim,tim@apple.dev\n');
    const members = await cli(['csv', 'import', join(runDir(), 'csv'), '--members', join(runDir(), 'members.csv'), '--dry-run', '--run-dir', 'runs/csv-import', ...FAST], { env });
    expect(members.code).toBe(EXIT.ERROR);
    expect(members.stderr).toMatch(/members\.csv: 1 row\(s\) cannot be read: line 2: "Tim" is not a member id .*\[CSV_MEMBERS_INVALID\]/);
    const mapping = await cli(['csv', 'import', join(runDir(), 'csv'), '--mapping', join(runDir(), 'nowhere.json'), '--dry-run', '--run-dir', 'runs/csv-import', ...FAST], { env });
    expect(mapping.code).toBe(EXIT.ERROR);
    expect(mapping.stderr).toMatch(/nowhere\.json: the mapping file does not exist\. csv import --dry-run writes one .*\[CSV_MAPPING_INVALID\]/);
  });

  it('never shows the API keys, on screen or in any file of the run folder', async () => {
    // Errors too: a wrong key is refused and reported without echoing it.
    const wrong = await run(['members', '--run-dir', 'runs/wrong', ...FAST], { env: { TARGET_API_KEY: `${keys[1]}x` } });
    expect(wrong.code).toBe(EXIT.USAGE);
    expect(wrong.stderr).toMatch(/API key/);
    expect(wrong.stderr).not.toContain(`${keys[1]}x`);
    expect(outputs.length).toBeGreaterThan(15);
    for (const key of keys) {
      for (const o of outputs) {
        expect(o.stdout.includes(key)).toBe(false);
        expect(o.stderr.includes(key)).toBe(false);
      }
      const files = filesUnder(join(cwd, 'runs'));
      expect(files.length).toBeGreaterThan(20);
      for (const f of files) expect(f.text.includes(key), f.path).toBe(false);
      // nor a recognisable part of it (the signature of the JWT)
      const signature = key.split('.').at(-1)!;
      for (const f of files) expect(f.text.includes(signature), f.path).toBe(false);
    }
  });
});
