/**
 * The README's CLI list and `--help` say the same thing: every option the README shows for a command is in that
 * command's help, and every option the top-level help lists for a command is in the README's line for it.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HELP } from '../../scripts/cli/help.js';

const README = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');
const cliBlock = README.slice(README.indexOf('## CLI')).split('```bash')[1].split('```')[0];
const options = (text: string) => [...text.matchAll(/--[a-z][a-z-]*/g)].map((m) => m[0]);

/** README lines `npx twenty-migrate <command> [sub] [options]  # comment`, merged per command. */
function readmeLines(): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of cliBlock.split('\n')) {
    const m = /^npx twenty-migrate (\w+)(.*?)(\s+#.*)?$/.exec(line.trim());
    if (m) out.set(m[1], `${out.get(m[1]) ?? ''} ${m[2]}`);
  }
  return out;
}

/** Top-level help lines `  <command> [sub]   description [options]`, with their continuation lines. */
function mainHelpLines(): Map<string, string> {
  const out = new Map<string, string>();
  let current = '';
  for (const line of HELP.main.split('\n')) {
    const m = /^ {2}(\w+)(?: \w+)?\s{2,}(.*)$/.exec(line);
    if (m) {
      current = m[1];
      out.set(current, `${out.get(current) ?? ''} ${m[2]}`);
    } else if (current && /^\s{10,}\S/.test(line)) out.set(current, `${out.get(current)} ${line.trim()}`);
    else if (!line.trim()) current = '';
  }
  return out;
}

describe('README CLI list and --help', () => {
  const readme = readmeLines();
  const main = mainHelpLines();

  it('lists the same commands', () => {
    expect([...readme.keys()].sort()).toEqual([...main.keys()].sort());
  });

  it.each([...readme.keys()])('%s: the README options are in its --help, the top-level options in the README', (command) => {
    const own = HELP[command];
    expect(own, `no --help text for ${command}`).toBeTypeOf('string');
    for (const option of options(readme.get(command)!)) expect(own, `${command} --help lacks ${option}`).toContain(option);
    for (const option of options(main.get(command) ?? '')) expect(readme.get(command), `README's ${command} line lacks ${option}`).toContain(option);
  });
});
