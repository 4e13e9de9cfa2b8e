/**
 * Configuration on a source older than 2.x. Twenty 1.x keeps views, webhooks and workflows as workspace records
 * (`/rest/views`, `/rest/webhooks`…) in other formats, has no dashboards or page layouts, and refuses the 2.21
 * metadata paths ("Metadata path \"views\" does not exist"). A part that cannot be read there is reported, with
 * what the source holds and what to do, instead of stopping a migration whose records are already in the target.
 */
import { request } from '../client/index.js';
import type { ConfigContext, ConfigItem, ConfigKindName } from './context.js';
import type { ConfigPart } from './stage.js';
import type { ConfigCheck } from './verify.js';

export { isOlderSource } from '../client/server-info.js';
import { isOlderSource } from '../client/server-info.js';

/** Core record objects of 1.x that hold the part's configuration, counted for the report. */
const RECORDS_OF: Record<ConfigPart, string | undefined> = { views: 'views', dashboards: undefined, workflows: 'workflows', roles: undefined, webhooks: 'webhooks' };
const KIND_OF: Record<ConfigPart, ConfigKindName> = { views: 'view', dashboards: 'dashboard', workflows: 'workflow', roles: 'role', webhooks: 'webhook' };

async function heldBySource(ctx: ConfigContext, part: ConfigPart): Promise<string> {
  const plural = RECORDS_OF[part];
  if (!plural) return 'this version has none to read';
  const r = await request<{ totalCount?: number; data?: Record<string, unknown[]> }>(ctx.source.core, 'GET', `/${plural}`, { query: { limit: 60 } });
  const n = r.data?.totalCount ?? r.data?.data?.[plural]?.length;
  return typeof n === 'number' ? `the source holds ${n} ${plural} as workspace records` : 'the source holds them as workspace records';
}

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').slice(0, 300);

/**
 * The one reported item that stands for a part an older source could not give: what it holds and the manual
 * step. On a 2.x source the error is thrown again.
 */
export async function reportedPart(ctx: ConfigContext, part: ConfigPart, error: unknown): Promise<ConfigItem[]> {
  if (!isOlderSource(ctx.sourceVersion)) throw error;
  const held = await heldBySource(ctx, part).catch(() => 'unknown how many');
  return [{
    kind: KIND_OF[part],
    key: `${part} of the Twenty ${ctx.sourceVersion} source`,
    action: 'reported',
    detail: `not read: ${reason(error)}`,
    manual: `Twenty ${ctx.sourceVersion} stores ${part} in another format than 2.x (${held}); twenty-migrate does not convert them: recreate them in the target by hand`,
  }];
}

/**
 * Parts a 1.x server does not have at all (dashboards came with 2.x): nothing to migrate or compare, which is not
 * a gap to report.
 */
const ABSENT_IN_1X: ReadonlySet<ConfigPart> = new Set(['dashboards']);

/** Runs one configuration part; on an older source, a failure becomes its reported item (reportedPart). */
export async function partOnSource(ctx: ConfigContext, part: ConfigPart, run: () => Promise<ConfigItem[]>): Promise<ConfigItem[]> {
  if (isOlderSource(ctx.sourceVersion) && ABSENT_IN_1X.has(part)) return [];
  return run().catch((error: unknown) => reportedPart(ctx, part, error));
}

/** The verification row of a part an older source could not give: a warning that says why nothing was compared. */
export async function checkOnSource(ctx: ConfigContext, part: ConfigPart, check: () => Promise<ConfigCheck>): Promise<ConfigCheck> {
  if (isOlderSource(ctx.sourceVersion) && ABSENT_IN_1X.has(part)) {
    const detail = `Twenty ${ctx.sourceVersion} has no ${part}: nothing to migrate`;
    return { check: `${part[0].toUpperCase()}${part.slice(1)} of the source (Twenty ${ctx.sourceVersion})`, status: 'pass', detail, problems: [] };
  }
  try {
    return await check();
  } catch (error) {
    if (!isOlderSource(ctx.sourceVersion)) throw error;
    const detail = `not compared: the Twenty ${ctx.sourceVersion} source keeps ${part} in another format (${reason(error)})`;
    return { check: `${part[0].toUpperCase()}${part.slice(1)} of the source (Twenty ${ctx.sourceVersion})`, status: 'warn', detail, problems: [detail] };
  }
}
