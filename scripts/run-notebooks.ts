/**
 * `npm run notebooks`: executes every notebook in notebooks/ headless, in order, and stores their outputs.
 *
 * By default against a fresh pair of sandbox instances started here, in-process: a seeded source (with a few
 * records the target's schema refuses, so the validation notebook has something to show) and an empty target where
 * every source member but one has "accepted the invitation" (as `npm run demo` does); the last member's records go
 * to the target's admin (`ON_UNMATCHED_MEMBER=map:admin@target.example`). The kernels get the instances through
 * environment variables only (no file is written, no key is printed).
 *
 * `npm run notebooks -- --configured` runs them against the instances configured in the environment or `.env`
 * instead (this migrates for real: the data-model and import notebooks write to the target).
 *
 * Options: --configured, --records N (sandbox records, default 2000), --run-dir DIR, --timings (per cell), and notebook name prefixes to
 * run only some (e.g. `npm run notebooks -- 01 02`; later notebooks need the earlier ones' run folder).
 * Exit code: 0 when every cell ran and no output holds a key; 1 otherwise (the failing cell and its error printed).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatConfigIssues, isUnconfigured, loadConfig, readEnvironment } from '../sdk/config.js';
import { acceptInvitations } from '../test/sandbox/members.js';
import { seedWorkspace } from '../test/sandbox/seed-workspace.js';
import { startSandbox, type Sandbox } from '../test/sandbox/server.js';
import type { SandboxWorkspace } from '../test/sandbox/workspace.js';

const ROOT = resolve(import.meta.dirname, '..');
const PYTHON = '/usr/bin/python3';
const ADMIN = 'admin@target.example';

const { values, positionals } = parseArgs({
  options: {
    configured: { type: 'boolean', default: false },
    records: { type: 'string', default: '2000' },
    'run-dir': { type: 'string' },
    timings: { type: 'boolean', default: false },
  },
  allowPositionals: true,
});

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function checkTools(env: NodeJS.ProcessEnv) {
  const py = spawnSync(PYTHON, ['-c', 'import nbclient, nbformat'], { stdio: 'ignore' });
  if (py.status !== 0) {
    fail(
      `${PYTHON} cannot import nbclient. Install Debian's Jupyter packages (npm run setup does):\n` +
        '  apt-get install -y --no-install-recommends jupyter-nbconvert python3-nbclient python3-ipykernel jupyter-client jupyter-core',
    );
  }
  if (!existsSync(join(ROOT, '.jupyter/share/jupyter/kernels/tslab/kernel.json'))) {
    const r = spawnSync('tslab', ['install', `--python=${PYTHON}`, '--binary=tslab', '--prefix=.jupyter'], { cwd: ROOT, env, stdio: 'ignore' });
    if (r.status !== 0) fail('Could not register the tslab kernel in .jupyter/ (run npm run setup).');
  }
}

/** The sandbox pair the notebooks run against: what `npm run demo` sets up, plus a few invalid source records. */
async function sandboxPair(records: number): Promise<{ sandbox: Sandbox; env: Record<string, string> }> {
  const sandbox = await startSandbox({ workspaces: [{ name: 'source', model: 'seeded' }, { name: 'target', model: 'fresh' }] });
  const source = sandbox.workspace('source');
  const target = sandbox.workspace('target');
  seedWorkspace(source, { records, seed: 1 });
  acceptInvitations(source, target, { admin: ADMIN, notYet: 1 });
  spoilSomeRecords(source);
  return {
    sandbox,
    env: {
      SOURCE_URL: sandbox.url, SOURCE_API_KEY: source.apiKey, TARGET_URL: sandbox.url, TARGET_API_KEY: target.apiKey,
      ON_UNMATCHED_MEMBER: `map:${ADMIN}`,
    },
  };
}

/** Three people whose e-mail a person typed badly: the target's schema refuses them (notebook 5 shows them). */
function spoilSomeRecords(source: SandboxWorkspace) {
  const table = source.table('person');
  const people = [...(table?.rows.values() ?? [])].filter((p) => !p.deletedAt).slice(0, 3) as Array<Record<string, any>>;
  const typos = ['jane.doe(at)example.com', 'mark@', 'sales at acme.com'];
  people.forEach((p, i) => table!.put({ ...p, emails: { ...(p.emails ?? {}), primaryEmail: typos[i] } }));
}

/**
 * Edits made after the migration, as a team still using both instances would: in the source two companies renamed,
 * a person added and a note trashed; in the target one of those companies renamed too (a conflict) and a person
 * edited. Written into the sandbox's tables, with updatedAt moved on as the server would.
 */
function keepWorking(sandbox: Sandbox) {
  const source = sandbox.workspace('source');
  const target = sandbox.workspace('target');
  const now = new Date(Date.now() + 1_000).toISOString();
  const later = new Date(Date.now() + 60_000).toISOString();
  const live = (ws: SandboxWorkspace, object: string) => [...(ws.table(object)?.rows.values() ?? [])].filter((r) => !r.deletedAt) as Array<Record<string, any>>;
  const [first, second] = live(source, 'company');
  source.table('company')!.put({ ...first, name: `${first.name} (renamed in the source)`, updatedAt: now });
  source.table('company')!.put({ ...second, name: `${second.name} Group`, updatedAt: now });
  const note = live(source, 'note')[0];
  source.table('note')!.put({ ...note, deletedAt: now, updatedAt: now });
  source.table('person')!.put({ ...live(source, 'person')[0], id: '0b6f5b8e-3c1d-4f6a-9a2e-5d7c8e9f0a1b', name: { firstName: 'Added', lastName: 'After the migration' }, emails: { primaryEmail: 'added.after@example.com', additionalEmails: null }, createdAt: now, updatedAt: now });
  const copy = target.table('company')!.rows.get(second.id);
  if (copy) target.table('company')!.put({ ...copy, name: `${second.name} Inc.`, updatedAt: later });
  const person = live(target, 'person').find((p) => source.table('person')!.rows.has(p.id));
  if (person) target.table('person')!.put({ ...person, jobTitle: 'Edited in the target', updatedAt: later });
}

function notebooks(): string[] {
  const all = readdirSync(join(ROOT, 'notebooks')).filter((f) => /^\d\d-.*\.ipynb$/.test(f)).sort();
  const chosen = positionals.length ? all.filter((f) => positionals.some((p) => f.startsWith(p))) : all;
  if (!chosen.length) fail(`No notebook matches ${positionals.join(', ')} (have: ${all.join(', ')}).`);
  return chosen.map((f) => join('notebooks', f));
}

function execute(files: string[], env: NodeJS.ProcessEnv): Promise<number> {
  // Against a fresh sandbox, only ports, run ids and timings differ between two runs: stored stable (see the .py).
  const args = [
    'scripts/run-notebooks.py', '--root', ROOT, '--secret-env', 'SOURCE_API_KEY', '--secret-env', 'TARGET_API_KEY',
    ...(values.timings ? ['--timings'] : []), ...(values.configured ? [] : ['--stable']), ...files,
  ];
  return new Promise((done) => {
    // Asynchronous on purpose: the sandbox answers the kernels from this very process.
    const child = spawn(PYTHON, args, { cwd: ROOT, env, stdio: 'inherit' });
    child.on('exit', (code, signal) => done(code ?? (signal ? 1 : 0)));
    child.on('error', (error) => {
      console.error(`Could not start ${PYTHON}: ${error.message}`);
      done(1);
    });
  });
}

const started = Date.now();
const files = notebooks();
const base: NodeJS.ProcessEnv = {
  ...process.env,
  JUPYTER_PATH: join(ROOT, '.jupyter/share/jupyter'),
  PATH: [join(ROOT, 'node_modules/.bin'), process.env.PATH ?? ''].join(delimiter),
  PYTHONUNBUFFERED: '1',
};
checkTools(base);

let sandbox: Sandbox | undefined;
let env: NodeJS.ProcessEnv;
if (values.configured) {
  const fromEnv = readEnvironment();
  if (isUnconfigured(fromEnv)) fail('--configured: no instances configured (SOURCE_URL, SOURCE_API_KEY, TARGET_URL, TARGET_API_KEY in the environment or .env).');
  const config = loadConfig(fromEnv);
  if (!config.ok) fail(formatConfigIssues(config.issues));
  const runDir = values['run-dir'] ?? fromEnv.TWENTY_MIGRATE_RUN_DIR ?? 'runs/notebooks';
  // Passed on explicitly (the kernels would read the same from .env) so that the runner knows which keys to look for.
  const { source, target } = config.config;
  env = { ...base, SOURCE_URL: source.url, SOURCE_API_KEY: source.apiKey, TARGET_URL: target.url, TARGET_API_KEY: target.apiKey, TWENTY_MIGRATE_RUN_DIR: runDir };
  console.log(`Notebooks against the configured instances (${config.config.source.url} → ${config.config.target.url}), run folder ${runDir}`);
} else {
  const pair = await sandboxPair(Number(values.records));
  sandbox = pair.sandbox;
  const runDir = values['run-dir'] ?? 'runs/notebooks-sandbox';
  rmSync(resolve(ROOT, runDir), { recursive: true, force: true }); // a fresh sandbox pair: nothing to resume
  env = { ...base, ...pair.env, TWENTY_MIGRATE_RUN_DIR: runDir };
  console.log(`Notebooks against a fresh sandbox pair at ${sandbox.url} (source seeded with ${values.records} records), run folder ${runDir}`);
}

let code: number;
try {
  // On the sandbox, the team "keeps working" between the migration and the cutover notebook, so that it has
  // changes on both sides (and a conflict) to show.
  const cutover = files.findIndex((f) => /[\\/]10-/.test(f));
  if (sandbox && cutover > 0) {
    code = await execute(files.slice(0, cutover), env);
    if (code === 0) {
      keepWorking(sandbox);
      code = await execute(files.slice(cutover), env);
    }
  } else code = await execute(files, env);
} finally {
  await sandbox?.close();
}
console.log(`${code === 0 ? 'All' : 'Not all'} ${files.length} notebooks ran in ${((Date.now() - started) / 1000).toFixed(1)} s${code === 0 ? '; outputs stored in notebooks/' : ''}.`);
process.exit(code);
