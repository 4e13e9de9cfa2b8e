/**
 * The benchmark's sandbox, in its own process so that its CPU time does not share the migration's event loop.
 *
 * `node --import tsx scripts/bench/sandbox-process.ts --records N --limit 100/6000 [--seed 1]`
 *
 * Starts three workspaces with the same (scaled-down) request budget: `source` (seeded with N records), `target`
 * (fresh) and `naive` (fresh, for the one-record-per-request importer). The target and naive workspaces get the
 * source's members (as if they had accepted their invitations), so the members stage maps every one.
 *
 * Protocol (stdout, one JSON object per line; keys go only to the parent through this pipe, never to files or logs):
 * - at start: `{ "type": "ready", url, keys: { source, target, naive }, seeded: { records, perObject } }`
 * - for each `stats` line read on stdin: `{ "type": "stats", workspaces: { <name>: { accepted, rejected, rows } } }`
 * The process exits when stdin closes.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { seedWorkspace } from '../../test/sandbox/seed-workspace.js';
import { startSandbox } from '../../test/sandbox/server.js';
import type { SandboxWorkspace } from '../../test/sandbox/workspace.js';

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '1' },
    limit: { type: 'string', default: '100/6000' },
  },
});
const m = /^(\d+)\/(\d+)$/.exec(values.limit!);
if (!m) throw new Error(`--limit must look like 100/6000, got ${values.limit}`);
const rateLimit = { limit: Number(m[1]), windowMs: Number(m[2]) };

const sandbox = await startSandbox({
  workspaces: [
    { name: 'source', model: 'seeded', rateLimit },
    { name: 'target', model: 'fresh', rateLimit },
    { name: 'naive', model: 'fresh', rateLimit },
  ],
});
const source = sandbox.workspace('source');
const seeded = seedWorkspace(source, { records: Number(values.records), seed: Number(values.seed) });

const members = [...(source.table('workspaceMember')?.rows.values() ?? [])] as Array<Record<string, any>>;
const now = new Date().toISOString();
const actor = { source: 'MANUAL', workspaceMemberId: null, name: 'System', context: null };
// Same member ids in both: the transform maps source members to the target's ids, and the naive importer sends those.
const memberIds = members.map(() => crypto.randomUUID());
for (const name of ['target', 'naive']) {
  sandbox.workspace(name).insertRaw(
    'workspaceMember',
    members.map((mb, i) => ({
      id: memberIds[i], createdAt: now, updatedAt: now, deletedAt: null, position: 0,
      name: { firstName: mb.name?.firstName ?? '', lastName: mb.name?.lastName ?? '' }, userEmail: mb.userEmail, userId: memberIds[i],
      colorScheme: 'System', locale: 'en', avatarUrl: '', jobTitle: '', calendarStartDay: 7, timeZone: 'system',
      dateFormat: 'SYSTEM', timeFormat: 'SYSTEM', numberFormat: 'SYSTEM', createdBy: actor, updatedBy: actor,
    })),
  );
}

const out = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
/** Rows of every object but the timeline's and the members', active + soft-deleted: what an import wrote. */
const rows = (ws: SandboxWorkspace) =>
  ws.model.objects
    .filter((o) => o.nameSingular !== 'timelineActivity' && o.nameSingular !== 'workspaceMember')
    .reduce((n, o) => {
      const c = ws.count(o.nameSingular);
      return n + c.active + c.deleted;
    }, 0);
const stats = (ws: SandboxWorkspace) => ({ accepted: ws.budget?.accepted ?? 0, rejected: ws.budget?.rejected ?? 0, rows: rows(ws) });

out({
  type: 'ready',
  url: sandbox.url,
  keys: { source: source.apiKey, target: sandbox.workspace('target').apiKey, naive: sandbox.workspace('naive').apiKey },
  seeded: { records: seeded.records, perObject: seeded.perObject },
});

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (line.trim() === 'stats') out({ type: 'stats', workspaces: Object.fromEntries(sandbox.workspaces.map((w) => [w.name, stats(w)])) });
});
lines.on('close', () => void sandbox.close().then(() => process.exit(0)));
