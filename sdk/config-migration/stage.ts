/**
 * The configuration stage: after the data model and the records are in the target, bring over views, dashboards,
 * workflows (as drafts), roles and webhooks, then say precisely what is left to do by hand. Re-runnable: every
 * step matches what the target already has (ledger first, then stable keys) and changes only what differs.
 *
 * Writes into the run folder: config/ledger.json (source id → target id per kind), config/result.json (every
 * item with its action), config/roles.md (each source role, its permissions and members), config/manual-steps.md
 * and config/not-migrated.json (the verification report's "not migrated" section).
 *
 * @example
 * const m = await connect({ source, target, runDir });
 * // … schemaStage(m, { apply: true }), export, members, plan, transform, import …
 * const config = await configurationStage(m, { webhookUrl: (url) => url.replace('old.acme.com', 'new.acme.com') });
 * const checks = await verifyConfigurationStage(m);
 */
import { createTwentyClient } from '../client/index.js';
import { idMapOf, loadLedger } from '../import/index.js';
import { readWorkspaceSchema } from '../metadata/index.js';
import type { WorkspaceSchema } from '../metadata/types.js';
import type { Migration, Side } from '../connect.js';
import type { MembersFile } from '../run/contracts.js';
import { writeFileAtomic } from '../run/run-folder.js';
import type { NotMigrated } from '../verify/types.js';
import type { ConfigContext, ConfigItem, ConfigSide, ItemAction } from './context.js';
import { migrateDashboards } from './dashboards.js';
import { buildIdMaps } from './id-map.js';
import { loadConfigLedger, saveConfigLedger } from './ledger.js';
import { configNotMigrated } from './not-migrated.js';
import { partOnSource, reportedPart } from './older-source.js';
import { journalCreated } from './created.js';
import { listAll } from './rest.js';
import { migrateRoles, rolesMarkdown } from './roles.js';
import { verifyConfiguration, type ConfigCheck } from './verify.js';
import { migrateViews } from './views.js';
import { migrateWebhooks, type WebhookUrlMapper } from './webhooks.js';
import { migrateWorkflows } from './workflows.js';

export type ConfigPart = 'views' | 'dashboards' | 'workflows' | 'roles' | 'webhooks';

export interface ConfigStageOptions {
  /** new URL for each source webhook; a webhook without one is reported, never recreated */
  webhookUrl?: WebhookUrlMapper;
  /** read and compare, write nothing to the target (the run folder still gets the report) */
  dryRun?: boolean;
  /** restrict to these parts (default all); views run before dashboards, whose widgets refer to views */
  only?: ConfigPart[];
}

export interface ConfigStageResult {
  items: ConfigItem[];
  counts: Record<ItemAction, number>;
  notMigrated: NotMigrated[];
  /** set when the target refused role changes and roles were only reported */
  rolesRefused?: string;
}

/** The three clients the configuration parts use for one instance. */
export const sideOf = (side: Side): ConfigSide => ({
  core: side.core,
  metadata: side.metadata,
  root: createTwentyClient({ baseUrl: side.config.url, apiKey: side.config.apiKey, api: 'root' }),
});

async function schemaOf(m: Migration, side: 'source' | 'target'): Promise<WorkspaceSchema> {
  // The schema stage's files; the target's is read again because the import or a user may have changed it since.
  const saved = side === 'source' ? m.run.readJson<WorkspaceSchema>('schema', 'source.json') : undefined;
  return saved ?? readWorkspaceSchema({ metadata: m[side].metadata, core: m[side].core, capabilities: m[side].info.capabilities });
}

/** Everything the configuration steps need: clients, both schemas, members, record merges, the ledger. */
export async function openConfigContext(m: Migration, options: { dryRun?: boolean } = {}): Promise<ConfigContext> {
  const [sourceSchema, targetSchema] = await Promise.all([schemaOf(m, 'source'), schemaOf(m, 'target')]);
  const members = m.run.readJson<MembersFile>('members.json');
  const records = idMapOf(await loadLedger(m.run));
  const ledger = loadConfigLedger(m.run);
  const maps = buildIdMaps(sourceSchema, targetSchema, members, (id) => records.resolve(id));
  for (const [s, t] of Object.entries(ledger.views)) maps.views.set(s, t);
  return {
    source: sideOf(m.source), target: sideOf(m.target), sourceSchema, targetSchema, members, maps, ledger,
    targetUrl: m.target.config.url, sourceVersion: m.source.info.version, dryRun: options.dryRun ?? false, run: m.run,
  };
}

const writeText = (m: Migration, parts: string[], text: string) => writeFileAtomic(m.run.path(...parts), text);

function manualSteps(items: ConfigItem[]): string {
  const lines = ['# Manual steps after the configuration stage', ''];
  for (const i of items.filter((x) => x.manual)) lines.push(`- **${i.key}**: ${i.manual}`);
  if (lines.length === 2) lines.push('Nothing to do by hand.');
  return `${lines.join('\n')}\n`;
}

export async function configurationStage(m: Migration, options: ConfigStageOptions = {}): Promise<ConfigStageResult> {
  const ctx = await openConfigContext(m, options);
  // In the manifest like every stage, so a stopped run (and a person reading the folder) sees where it was.
  if (!ctx.dryRun) m.run.setStage('configuration', 'started');
  const want = (p: ConfigPart) => !options.only || options.only.includes(p);
  const items: ConfigItem[] = [];
  let rolesRefused: string | undefined;
  // Saved after each part, so a crash in a later one does not make a re-run create the earlier ones again.
  // What it created is journaled with the ledger (created.ts), for `undo`.
  const journaled = new Set<string>();
  const save = () => {
    if (ctx.dryRun) return;
    saveConfigLedger(m.run, ctx.ledger);
    journalCreated(m.run, items, journaled);
  };
  if (want('views')) { items.push(...(await partOnSource(ctx, 'views', () => migrateViews(ctx)))); save(); }
  if (want('dashboards')) { items.push(...(await partOnSource(ctx, 'dashboards', () => migrateDashboards(ctx)))); save(); }
  if (want('workflows')) { items.push(...(await partOnSource(ctx, 'workflows', () => migrateWorkflows(ctx)))); save(); }
  if (want('roles')) {
    const roles = await migrateRoles(ctx).catch(async (error: unknown) => ({
      items: await reportedPart(ctx, 'roles', error), refused: undefined, source: [] as Awaited<ReturnType<typeof migrateRoles>>['source'],
    }));
    items.push(...roles.items);
    rolesRefused = roles.refused;
    writeText(m, ['config', 'roles.md'], rolesMarkdown(ctx, roles.source));
    save();
  }
  if (want('webhooks')) { items.push(...(await partOnSource(ctx, 'webhooks', () => migrateWebhooks(ctx, options.webhookUrl)))); save(); }
  const apiKeys = await listAll(ctx.source.metadata, 'apiKeys').then((keys) => keys.map((k) => String(k.name)), () => undefined);
  const notMigrated = configNotMigrated({ items, rolesRefused, apiKeys });
  const counts = { created: 0, updated: 0, unchanged: 0, reported: 0, failed: 0 } as Record<ItemAction, number>;
  for (const i of items) counts[i.action]++;
  m.run.writeJson({ at: new Date().toISOString(), dryRun: ctx.dryRun, counts, items }, 'config', 'result.json');
  m.run.writeJson(notMigrated, 'config', 'not-migrated.json');
  writeText(m, ['config', 'manual-steps.md'], manualSteps(items));
  if (!ctx.dryRun) m.run.setStage('configuration', 'completed', `${counts.created} created, ${counts.updated} updated, ${counts.unchanged} unchanged, ${counts.reported} reported, ${counts.failed} failed`);
  return { items, counts, notMigrated, rolesRefused };
}

/** The configuration rows of the verification report (see verify.ts). */
export async function verifyConfigurationStage(m: Migration): Promise<ConfigCheck[]> {
  const ctx = await openConfigContext(m);
  const result = m.run.readJson<{ items: ConfigItem[] }>('config', 'result.json');
  const rolesReported = result?.items.some((i) => i.kind === 'role' && i.action === 'reported' && i.manual?.startsWith('Recreate')) ?? false;
  const checks = await verifyConfiguration(ctx, { rolesReported });
  m.run.writeJson(checks, 'config', 'verification.json');
  return checks;
}
