/**
 * The README's walkthrough ("A migration with your instances, step by step"), run exactly as written, line by line,
 * in an empty folder, as a person runs it: `npm run sandbox …` in the background, then every other line in turn.
 * Each command must exit with the code its comment names ("exit 3"), 0 otherwise, and the report must say PASS.
 * If the README changes, this test runs the changed walkthrough. Two substitutions, both about where things run:
 * the sandbox listens on a free port instead of the README's fixed one, and `npx twenty-migrate` / `npm run
 * sandbox` are this checkout's scripts (the folder has no node_modules for npx and npm to find them in).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupDirs, tempDir } from '../migrate/helpers.js';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = resolve(ROOT, 'scripts/bin/twenty-migrate.js');
const TSX = resolve(ROOT, 'node_modules/.bin/tsx');

interface Step {
  line: string;
  command: string;
  expectedExit: number;
}

/** The walkthrough's lines: comments stripped, each with the exit code its comment promises. */
export function walkthroughSteps(readme: string): Step[] {
  const section = readme.slice(readme.indexOf('### A migration with your instances, step by step'));
  const block = section.split('```bash')[1].split('```')[0];
  return block.split('\n')
    .filter((line) => line.trim() && !line.trim().startsWith('#'))
    .map((line) => {
      const hash = line.search(/\s#/);
      const comment = hash >= 0 ? line.slice(hash) : '';
      return { line, command: (hash >= 0 ? line.slice(0, hash) : line).trim(), expectedExit: Number(/\bexit (\d)/.exec(comment)?.[1] ?? 0) };
    });
}

const cleanEnv = () => Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(SOURCE|TARGET)_/.test(k) && k !== 'DEBUG')) as Record<string, string>;

function sh(command: string, cwd: string): Promise<{ code: number; out: string }> {
  const argv = command.replace(/^npx twenty-migrate\b/, `"${process.execPath}" "${BIN}"`);
  return new Promise((done) => {
    execFile('bash', ['-c', argv], { cwd, env: { ...cleanEnv(), NO_COLOR: '1' }, timeout: 240_000, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, out: `${stdout}${stderr}` });
    });
  });
}

/** `npm run sandbox -- ARGS` in the background, on a free port; resolves once it has written .env.sandbox. */
function startSandbox(command: string, cwd: string): Promise<ChildProcess> {
  const args = command.replace(/^npm run sandbox( --)?/, '').trim().split(/\s+/).filter(Boolean);
  const port = args.indexOf('--port');
  if (port >= 0) args[port + 1] = '0';
  const child = spawn(TSX, [resolve(ROOT, 'scripts/sandbox.ts'), ...args], { cwd, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((ready, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`the sandbox did not start in 60 s:\n${out}`)), 60_000);
    const take = (chunk: Buffer) => {
      out += chunk;
      if (out.includes('Press Ctrl+C')) {
        clearTimeout(timer);
        ready(child);
      }
    };
    child.stdout!.on('data', take);
    child.stderr!.on('data', take);
    child.on('exit', (code) => fail(new Error(`the sandbox exited (${code}):\n${out}`)));
  });
}

let sandbox: ChildProcess | undefined;
afterAll(() => {
  sandbox?.kill('SIGTERM');
  cleanupDirs();
});

describe('the README walkthrough', () => {
  const steps = walkthroughSteps(readFileSync(resolve(ROOT, 'README.md'), 'utf8'));

  it('is a sandbox, then CLI commands, ending with the report', () => {
    expect(steps[0].command).toMatch(/^npm run sandbox/);
    expect(steps.some((s) => s.command === 'npx twenty-migrate run')).toBe(true);
    expect(steps.at(-1)!.command).toMatch(/^cat .*verify\/report\.md$/);
  });

  it('runs as written: every exit code as its comment says, and a PASS report', async () => {
    const cwd = tempDir('twenty-migrate-walkthrough-');
    const transcript: string[] = [];
    let last = '';
    for (const step of steps) {
      if (step.command.startsWith('npm run sandbox')) {
        sandbox = await startSandbox(step.command, cwd);
        continue;
      }
      const { code, out } = await sh(step.command, cwd);
      transcript.push(`$ ${step.command}  → exit ${code}\n${out.slice(-1500)}`);
      expect(code, `"${step.line.trim()}" exited ${code}, the README says ${step.expectedExit}:\n${transcript.join('\n')}`).toBe(step.expectedExit);
      last = out;
    }
    expect(last).toMatch(/\bPASS\b/);
    expect(last).not.toMatch(/\bFAIL\b/);
  }, 300_000);
});
