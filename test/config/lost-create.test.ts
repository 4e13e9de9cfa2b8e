/**
 * A configuration create whose answer is lost after the server acted: the retry layer sends it again, and it must
 * not leave a second copy. Where the server takes the id (views and their children, webhooks), createEntity
 * chooses it, so the resend meets its own first copy and that one is read back.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createTwentyClient } from '../../sdk/client/index.js';
import { createEntity, CREATE_TAKES_ID } from '../../sdk/config-migration/rest.js';
import { startFaultProxy } from '../support/fault-proxy.js';
import { startPair, type Pair } from '../migrate/helpers.js';

let pair: Pair | undefined;
afterAll(async () => pair?.close());

describe('createEntity with a lost answer', () => {
  it('leaves one view, the one read back by the id it chose', async () => {
    pair = await startPair({ records: 10 });
    const target = pair.sandbox.workspace('target');
    const proxy = await startFaultProxy({ upstream: pair.sandbox.url, seed: 3 });
    let dropped = 0;
    proxy.setPlan((req) => (req.method === 'POST' && req.path === '/rest/metadata/views' && dropped++ === 0 ? { kind: 'drop-after' } : undefined));
    try {
      const client = createTwentyClient({ baseUrl: proxy.url, apiKey: target.apiKey, api: 'metadata', rateLimit: false, retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 10 } });
      const company = target.model.objects.find((o) => o.nameSingular === 'company')!;
      const view = await createEntity(client, 'views', { name: 'Lost answer', objectMetadataId: company.id, icon: 'IconList' });
      expect(dropped).toBe(2); // the first POST (dropped after the server created it) and its resend
      const listed: any = await (await fetch(`${pair.sandbox.url}/rest/metadata/views`, { headers: { authorization: `Bearer ${target.apiKey}` } })).json();
      const views = (Array.isArray(listed) ? listed : listed.data) as Array<{ name?: string; id: string }>;
      const named = views.filter((v) => v.name === 'Lost answer');
      expect(named).toHaveLength(1);
      expect(named[0].id).toBe(view.id);
      expect(CREATE_TAKES_ID.has('views')).toBe(true);
    } finally {
      await proxy.close();
    }
  });
});
