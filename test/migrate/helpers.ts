/**
 * Fixtures for the end-to-end migration tests: a sandbox holding a seeded `source` workspace and a fresh `target`
 * whose members "accepted their invitation" (all but the last source member, e-mails upper-cased to exercise the
 * case-insensitive match), migration options paced for tests, and snapshots of the target's rows to compare runs.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MigrationOptions } from '../../sdk/migrate.js';
import type { RecordIssue } from '../../sdk/run/run-folder.js';
import { RunFolder } from '../../sdk/run/run-folder.js';
import { seedWorkspace, type SeedSummary } from '../sandbox/seed-workspace.js';
import { startSandbox, type Sandbox, type SandboxOptions } from '../sandbox/server.js';
import type { WorkspaceOptions } from '../sandbox/workspace.js';
import type { SeedOptions } from '../sandbox/seed/index.js';

export const ADMIN = 'admin@target.example';

/** A deterministic uuid v4-shaped id from a text: two sandboxes built alike hold the same ids. */
export { uuidFrom as idFrom } from '../sandbox/model/model.js';

export interface PairOptions {
  records?: number;
  seed?: number;
  seedOptions?: Partial<SeedOptions>;
  /** which source members have an account in the target (default: all but the last) */
  accepted?: 'all' | 'all-but-last' | 'none';
  source?: Partial<WorkspaceOptions>;
  target?: Partial<WorkspaceOptions>;
  fault?: SandboxOptions['fault'];
  /** seed the target with nothing (no admin, no members) */
  noTargetMembers?: boolean;
}

export interface Pair {
  sandbox: Sandbox;
  seeded: SeedSummary;
  /** source members without an account in the target */
  unmatchedEmails: string[];
  /** source member id → the target member id of the same person */
  memberMap: Record<string, string>;
  adminId: string;
  close(): Promise<void>;
}

export { memberRow } from '../sandbox/members.js';
import { memberRow } from '../sandbox/members.js';

/** Source seeded (deterministic for a given seed), target fresh with its members; no server-side rate limit by default. */
export async function startPair(options: PairOptions = {}): Promise<Pair> {
  const sandbox = await startSandbox({
    workspaces: [
      { name: 'source', model: 'seeded', rateLimit: false, timeline: false, ...options.source },
      { name: 'target', model: 'fresh', rateLimit: false, workflowDelayMs: false, ...options.target },
    ],
    fault: options.fault,
  });
  const source = sandbox.workspace('source');
  const target = sandbox.workspace('target');
  const seeded = seedWorkspace(source, { records: options.records ?? 400, seed: options.seed ?? 7, ...options.seedOptions });
  const members = [...(source.table('workspaceMember')?.rows.values() ?? [])] as any[];
  const accepted = options.accepted === 'all' ? members : options.accepted === 'none' ? [] : members.slice(0, -1);
  const memberMap: Record<string, string> = {};
  // A signed-up target already has its creator (admin@target.example) as a member.
  const prefilledAdmin = [...(target.table('workspaceMember')?.rows.values() ?? [])].find((m) => m.userEmail === ADMIN);
  const adminId = (prefilledAdmin?.id as string | undefined) ?? memberRow(ADMIN, 'Target', 'Admin').id;
  if (!options.noTargetMembers) {
    target.insertRaw('workspaceMember', [
      ...(prefilledAdmin ? [] : [memberRow(ADMIN, 'Target', 'Admin')]),
      ...accepted.map((m) => {
        const row = memberRow(String(m.userEmail).toUpperCase(), m.name.firstName, m.name.lastName);
        memberMap[m.id] = row.id;
        return row;
      }),
    ]);
  }
  const unmatchedEmails = members.filter((m) => !accepted.includes(m)).map((m) => String(m.userEmail));
  return { sandbox, seeded, unmatchedEmails, memberMap, adminId, close: () => sandbox.close() };
}

const dirs: string[] = [];

export function tempDir(prefix = 'twenty-migrate-e2e-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

export function cleanupDirs(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** Migration options for the pair: every record including the trash, unmatched members to the admin, fast pacing. */
export function migrationOptions(pair: Pair, runDir: string, extra: Partial<MigrationOptions> = {}): MigrationOptions {
  const { sandbox } = pair;
  return optionsBetween(sandbox, sandbox, runDir, extra);
}

/** Migration options for fast tests between a sandbox's `source` workspace and a (possibly other) sandbox's `target`. */
export function optionsBetween(source: Sandbox, target: Sandbox, runDir: string, extra: Partial<MigrationOptions> = {}): MigrationOptions {
  return {
    source: { url: source.url, apiKey: source.workspace('source').apiKey },
    target: { url: target.url, apiKey: target.workspace('target').apiKey },
    runDir,
    includeDeleted: true,
    onUnmatchedMember: { kind: 'map', email: ADMIN },
    rateLimit: { limit: 10_000, windowMs: 1_000, marginMs: 0 },
    retry: { maxAttempts: 8, baseDelayMs: 5, maxDelayMs: 40 },
    timeoutMs: 10_000,
    // The sandbox handles a write's events before answering: no need to wait seconds before restoring triggers.
    settle: { intervalMs: 5, timeoutMs: 200 },
    ...extra,
  };
}

export type Rows = Record<string, Array<Record<string, unknown>>>;

/** Every row of the given objects of a workspace, sorted by id, with `omit(object, row)` keys left out. */
export function rowsOf(sandbox: Sandbox, workspace: string, objects: string[], omit: (object: string, row: Record<string, unknown>) => string[] = () => []): Rows {
  const ws = sandbox.workspace(workspace);
  // Uploaded files get a new id from the target on every upload (two sandboxes, or a run without the files ledger):
  // compare files by content instead, wherever a file id appears (FILES values, links inside rich-text bodies).
  const digest = new Map<string, string>();
  const contentOf = (id: string) => {
    if (!digest.has(id)) {
      const file = ws.files.get(id);
      digest.set(id, file ? `sha256:${createHash('sha256').update(file.bytes).digest('hex')}` : `missing:${id}`);
    }
    return digest.get(id)!;
  };
  const byContent = (value: unknown): unknown => {
    if (typeof value === 'string') return value.replace(/(files-field\/)([0-9a-f-]{36})/g, (_m, p: string, id: string) => `${p}${contentOf(id)}`);
    if (Array.isArray(value)) return value.map(byContent);
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, (k === 'fileId' || k === 'attachmentFileId') && typeof v === 'string' ? contentOf(v) : byContent(v)]));
    }
    return value;
  };
  return Object.fromEntries(
    objects.map((o) => {
      const rows = [...(ws.table(o)?.rows.values() ?? [])].map((r) => {
        const drop = new Set(omit(o, r));
        return byContent(Object.fromEntries(Object.entries(r).filter(([k]) => !drop.has(k)))) as Record<string, unknown>;
      });
      return [o, rows.sort((a, b) => ((a.id as string) < (b.id as string) ? -1 : 1))];
    }),
  );
}

/** Singular names of the objects a migration of this pair writes: every table of the target but members and generated ones. */
export function migratedObjects(sandbox: Sandbox): string[] {
  const ws = sandbox.workspace('source');
  const skip = new Set(['workspaceMember', 'timelineActivity']);
  return ws.model.objects
    .map((o) => o.nameSingular)
    .filter((n) => !skip.has(n) && (ws.table(n)?.rows.size ?? 0) > 0)
    .sort();
}

export async function issuesOf(runDir: string): Promise<RecordIssue[]> {
  const out: RecordIssue[] = [];
  for await (const i of new RunFolder(runDir).readJsonl<RecordIssue>('errors.jsonl')) out.push(i);
  return out;
}

/** Every file under a folder, recursively, with its text. */
export function filesUnder(dir: string): Array<{ path: string; text: string }> {
  const out: Array<{ path: string; text: string }> = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push({ path: p, text: readFileSync(p, 'utf8') });
  }
  return out;
}

/**
 * What a finished migration left in the target, in a form two runs can be compared by: every row of every migrated
 * object (sorted by id) with the wall-clock values of re-trashed records left out (`deletedAt`, `updatedAt`: the
 * target stamps the time of the trash pass), how many are in the trash, and the target's data model by name.
 */
export function targetState(pair: Pair) {
  const target = pair.sandbox.workspace('target');
  const objects = migratedObjects(pair.sandbox);
  return {
    rows: rowsOf(pair.sandbox, 'target', objects, (_o, row) => (row.deletedAt ? ['deletedAt', 'updatedAt'] : [])),
    trashed: Object.fromEntries(objects.map((o) => [o, target.count(o).deleted])),
    model: target.model.objects
      .map((o) => `${o.nameSingular}: ${o.fields.map((f) => `${f.name}/${f.type}${f.options ? `[${f.options.map((x) => x.value).join(',')}]` : ''}`).sort().join(' ')}`)
      .sort(),
  };
}
