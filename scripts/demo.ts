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
import { acceptInvitations } from '../test/sandbox/members.js';
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
  const [last] = acceptInvitations(source, target, { admin: ADMIN, notYet: 1 }) as any[];
  const members = source.count('workspaceMember');
  console.log(`Members: ${members.active - 1} of ${members.active} source members accepted their invitation; ${last?.userEmail}'s records go to ${ADMIN}.\n`);

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
