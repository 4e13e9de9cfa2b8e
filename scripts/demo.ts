/**
 * `npm run demo`: a full migration on the embedded default, no Twenty of yours needed. It starts the sandbox with a
 * seeded source workspace (standard and custom objects, members, notes and tasks with targets, soft-deleted
 * records, unicode) and an empty target, "accepts the invitations" of all members but one (what a person does in
 * Twenty's UI; an API key cannot create members), and runs the same migration `npx twenty-migrate run` runs, with
 * the last member's records given to the target's admin. It ends with the verification report.
 *
 * Options: --records N (default 3000), --seed N, --run-dir DIR (default: a fresh folder under runs/demo-*)
 */
import { parseArgs } from 'node:util';
import { newRunId } from '../sdk/run/run-folder.js';
import { createProgressRenderer } from '../sdk/export/index.js';
import { migrate } from '../sdk/migrate.js';
import { seedWorkspace } from '../test/sandbox/seed-workspace.js';
import { seedConfiguration } from '../test/sandbox/seed/config.js';
import { startSandbox } from '../test/sandbox/server.js';
import { importProgress, printReport } from './cli/commands.js';
import { formatPlan } from '../sdk/plan/index.js';

const { values } = parseArgs({
  options: { records: { type: 'string', default: '3000' }, seed: { type: 'string', default: '1' }, 'run-dir': { type: 'string' } },
});

const ADMIN = 'admin@target.example';
const sandbox = await startSandbox({ workspaces: [{ name: 'source', model: 'seeded' }, { name: 'target', model: 'fresh' }] });
try {
  const source = sandbox.workspace('source');
  const target = sandbox.workspace('target');
  const seeded = seedWorkspace(source, { records: Number(values.records), seed: Number(values.seed) });
  const config = seedConfiguration(source);
  console.log(`Sandbox at ${sandbox.url}: source seeded with ${seeded.records} records, ${seeded.files} files, custom views (kanban, calendar),`);
  console.log(`  workflows, a dashboard, a webhook and a role (${Object.keys(config).length} kinds of configuration); target empty.`);

  // The target's admin, and the source members who "accepted their invitation" (all but the last one).
  const members = [...(source.table('workspaceMember')?.rows.values() ?? [])];
  const accepted = members.slice(0, -1);
  const now = new Date().toISOString();
  const member = (email: string, first: string, last: string) => ({
    id: crypto.randomUUID(), createdAt: now, updatedAt: now, deletedAt: null, position: 0,
    name: { firstName: first, lastName: last }, userEmail: email, userId: crypto.randomUUID(), colorScheme: 'System', locale: 'en',
    avatarUrl: '', jobTitle: '', calendarStartDay: 7, timeZone: 'system', dateFormat: 'SYSTEM', timeFormat: 'SYSTEM', numberFormat: 'SYSTEM',
    createdBy: { source: 'MANUAL', workspaceMemberId: null, name: 'System', context: null },
    updatedBy: { source: 'MANUAL', workspaceMemberId: null, name: 'System', context: null },
  });
  target.insertRaw('workspaceMember', [
    member(ADMIN, 'Target', 'Admin'),
    ...accepted.map((m: any) => member(String(m.userEmail).toUpperCase(), m.name.firstName, m.name.lastName)),
  ]);
  const last = members.at(-1) as any;
  console.log(`Members: ${accepted.length} of ${members.length} source members accepted their invitation; ${last?.userEmail}'s records go to ${ADMIN}.\n`);

  const bar = createProgressRenderer();
  const result = await migrate({
    source: { url: sandbox.url, apiKey: source.apiKey },
    target: { url: sandbox.url, apiKey: target.apiKey },
    runDir: values['run-dir'] ?? `runs/demo-${newRunId()}`,
    includeDeleted: true,
    onUnmatchedMember: { kind: 'map', email: ADMIN },
    onProgress: bar.update,
    onImportProgress: importProgress(),
    log: (line) => console.log(line),
  });
  bar.end();
  console.log('');
  if (result.status === 'needs-action') {
    console.log(formatPlan(result.plan));
    process.exitCode = 3;
  } else {
    printReport(result.report!, result.runDir);
    process.exitCode = result.status === 'ok' ? 0 : 2;
  }
} finally {
  await sandbox.close();
}
