/**
 * Where the real Twenty server is, read from the environment. The suite is opt-in: without these variables
 * every real test is skipped with one message saying what to set, so `npm test` and CI stay fast and offline.
 *
 *   TWENTY_REAL_KEYS   path to the kit's keys.env (SOURCE_URL, SOURCE_API_KEY, TARGET_URL, TARGET_API_KEY)
 *   TWENTY_REAL_RESET  shell command that restores both workspaces to their pristine state
 *   TWENTY_REAL_ROOT   a kit ROOT: derives both (ROOT/keys.env and `<kit>/reset.sh ROOT`)
 *
 * The keys are read from the file into memory only: they are passed to the CLI's environment and to fetch
 * headers, never printed, never written to a file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface Instance {
  /** 'source' or 'target': used in messages instead of the URL+key */
  name: 'source' | 'target';
  url: string;
  apiKey: string;
}

export interface RealEnv {
  source: Instance;
  target: Instance;
  /** command that resets the fixture (run through `sh -c`) */
  resetCommand: string;
}

/** The kit beside the project (../shared/twenty-server), as CI and the README have it. */
export const KIT_DIR = resolve(import.meta.dirname, '../../../shared/twenty-server');

export const SKIP_MESSAGE =
  'real-server suite skipped: set TWENTY_REAL_KEYS=<ROOT>/keys.env and TWENTY_REAL_RESET="<kit>/reset.sh <ROOT>" ' +
  '(or TWENTY_REAL_ROOT=<ROOT>), and run it under `flock <ROOT>.lock npm run test:real`';

/** Parses a shell-style KEY=VALUE file (quotes optional, comments and `export` allowed). */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim().replace(/^export\s+/, '');
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    let value = line.slice(eq + 1).trim();
    if ((value.startsWith('"') && value.endsWith('"')) || (value.startsWith("'") && value.endsWith("'"))) value = value.slice(1, -1);
    out[line.slice(0, eq).trim()] = value;
  }
  return out;
}

/** The configured real server, or null when the suite must be skipped. Throws when half-configured. */
export function loadRealEnv(env: NodeJS.ProcessEnv = process.env): RealEnv | null {
  const root = env.TWENTY_REAL_ROOT;
  const keysFile = env.TWENTY_REAL_KEYS ?? (root ? join(root, 'keys.env') : undefined);
  const resetCommand = env.TWENTY_REAL_RESET ?? (root ? `${KIT_DIR}/reset.sh ${root}` : undefined);
  if (!keysFile && !resetCommand) return null;
  if (!keysFile || !resetCommand) throw new Error(`half-configured: ${SKIP_MESSAGE}`);
  if (!existsSync(keysFile)) throw new Error(`TWENTY_REAL_KEYS: ${keysFile} does not exist`);
  const keys = parseEnvFile(readFileSync(keysFile, 'utf8'));
  const missing = ['SOURCE_URL', 'SOURCE_API_KEY', 'TARGET_URL', 'TARGET_API_KEY'].filter((k) => !keys[k]);
  if (missing.length) throw new Error(`${keysFile} lacks ${missing.join(', ')}`);
  const strip = (u: string) => u.replace(/\/+$/, '');
  return {
    source: { name: 'source', url: strip(keys.SOURCE_URL), apiKey: keys.SOURCE_API_KEY },
    target: { name: 'target', url: strip(keys.TARGET_URL), apiKey: keys.TARGET_API_KEY },
    resetCommand,
  };
}

let warned = false;
/** Loads the configuration once per test file, printing the skip message when absent. */
export function realEnvOrSkip(): RealEnv | null {
  const real = loadRealEnv();
  if (!real && !warned) {
    warned = true;
    console.warn(SKIP_MESSAGE);
  }
  return real;
}

export const CROSS_SKIP_MESSAGE =
  'cross-version suite skipped: set TWENTY_REAL_SOURCE_ROOT=<a 1.2.0 kit ROOT> (the source) and TWENTY_REAL_ROOT=<a 2.21.0 kit ROOT> ' +
  '(its signed-up TARGET), and run it under `flock <ROOT>.lock npm run test:real`';

/**
 * A source from one kit ROOT (e.g. Twenty 1.2.0, which has no target) and the target of another (2.21.0):
 * TWENTY_REAL_SOURCE_ROOT and TWENTY_REAL_ROOT. The reset restores both. Null when either is unset.
 */
export function loadCrossVersionEnv(env: NodeJS.ProcessEnv = process.env): RealEnv | null {
  const sourceRoot = env.TWENTY_REAL_SOURCE_ROOT;
  const targetRoot = env.TWENTY_REAL_ROOT;
  if (!sourceRoot || !targetRoot) return null;
  const keysOf = (root: string) => {
    const file = join(root, 'keys.env');
    if (!existsSync(file)) throw new Error(`${file} does not exist: is ${root} a kit ROOT?`);
    return parseEnvFile(readFileSync(file, 'utf8'));
  };
  const s = keysOf(sourceRoot);
  const t = keysOf(targetRoot);
  if (!s.SOURCE_URL || !s.SOURCE_API_KEY) throw new Error(`${sourceRoot}/keys.env lacks SOURCE_URL or SOURCE_API_KEY`);
  if (!t.TARGET_URL || !t.TARGET_API_KEY) throw new Error(`${targetRoot}/keys.env lacks TARGET_URL or TARGET_API_KEY`);
  const strip = (u: string) => u.replace(/\/+$/, '');
  return {
    source: { name: 'source', url: strip(s.SOURCE_URL), apiKey: s.SOURCE_API_KEY },
    target: { name: 'target', url: strip(t.TARGET_URL), apiKey: t.TARGET_API_KEY },
    resetCommand: `${KIT_DIR}/reset.sh ${sourceRoot} && ${KIT_DIR}/reset.sh ${targetRoot}`,
  };
}
