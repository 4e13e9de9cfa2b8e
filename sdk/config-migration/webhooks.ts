/**
 * Webhooks (`/rest/metadata/webhooks`): a webhook sends every matching record event to its URL, and 2.21 has no
 * disabled state for it (CreateWebhookInput: targetUrl, operations, description, secret). Recreating one as it
 * is would send the target's data to the old receiver, so a webhook is created only when the caller maps its URL
 * (`webhookUrl(sourceUrl)` returns the new one); the others are reported with the exact step. The secret is never
 * read into the run folder nor copied: the target generates a new one, to give to the receiver.
 * Matched in the target by URL and operations, so re-runs create nothing new.
 */
import type { ConfigContext, ConfigItem } from './context.js';
import { errorText } from './context.js';
import { createEntity, listAll, type Entity } from './rest.js';

export type WebhookUrlMapper = (sourceUrl: string) => string | undefined;

const ops = (w: Entity) => [...((w.operations as string[] | undefined) ?? ['*.*'])].sort().join(',');

export async function migrateWebhooks(ctx: ConfigContext, webhookUrl?: WebhookUrlMapper): Promise<ConfigItem[]> {
  const source = await listAll(ctx.source.metadata, 'webhooks');
  const target = source.length ? await listAll(ctx.target.metadata, 'webhooks') : [];
  const items: ConfigItem[] = [];
  for (const w of source) {
    const url = String(w.targetUrl);
    const item: ConfigItem = { kind: 'webhook', key: `webhook ${url} (${ops(w)})`, action: 'reported', sourceId: w.id };
    items.push(item);
    const mapped = webhookUrl?.(url);
    if (!mapped) {
      item.detail = 'not recreated: it would send the target\'s records to the old endpoint, and webhooks cannot be created disabled';
      item.manual = `If the receiver should get the target's events, create the webhook in Settings → APIs & Webhooks → Webhooks with URL <new receiver URL> and operations ${ops(w)}, then give the receiver its new secret (or rerun with webhookUrl mapping ${url})`;
      continue;
    }
    if (mapped === url) {
      item.detail = 'the URL mapping returned the source URL unchanged: not recreated, to avoid sending the target\'s data to the old endpoint by mistake';
      item.manual = `Create it by hand in Settings → APIs & Webhooks if ${url} really should receive the target's events`;
      continue;
    }
    try {
      const existing = target.find((t) => String(t.targetUrl).replace(/\/$/, '') === mapped.replace(/\/$/, '') && ops(t) === ops(w));
      if (existing) {
        Object.assign(item, { action: 'unchanged', targetId: existing.id });
      } else {
        const body: Record<string, unknown> = { targetUrl: mapped, operations: w.operations ?? ['*.*'] };
        if (typeof w.description === 'string') body.description = w.description;
        const created = ctx.dryRun ? { id: 'dry-run' } : await createEntity(ctx.target.metadata, 'webhooks', body);
        Object.assign(item, { action: 'created', targetId: created.id });
      }
      ctx.ledger.webhooks[w.id] = item.targetId!;
      item.detail = `now sends to ${mapped}`;
      item.manual = `Give the receiver at ${mapped} the new webhook secret (Settings → APIs & Webhooks → the webhook): the source's secret is not copied`;
    } catch (e) {
      Object.assign(item, { action: 'failed', detail: errorText(e) });
    }
  }
  return items;
}
