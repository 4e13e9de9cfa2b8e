/**
 * The `webhooks` section of the core document: what Twenty POSTs to a subscriber for each object and action
 * (`Company Created`, ...). The example ids are Twenty's own fixed ones.
 */
import type { ModelObject } from '../model/types.js';
import { type Json, capitalize, ref } from './base.js';

const SIGNATURE_TEXT = [
  'HMAC SHA256 signature of the request payload using the webhook secret. To compute the signature:',
  '1. Concatenate `X-Twenty-Webhook-Timestamp`, a colon (:), and the JSON string of the request payload.',
  '2. Compute the HMAC SHA256 hash using the shared secret as the key.',
  '3. Send the resulting hex digest as this header value.',
  'Example (Node.js):',
  '```javascript',
  'const crypto = require("crypto");',
  'const timestamp = "1735066639761";',
  'const payload = JSON.stringify({...});',
  'const secret = "your-secret";',
  'const stringToSign = `${timestamp}:${JSON.stringify(payload)}`;',
  'const signature = crypto.createHmac("sha256", secret)',
  '  .update(stringToSign)',
  '  .digest("hex");',
  '```',
].join('\n');

const header = (name: string, description: string): Json => ({ in: 'header', name, schema: { type: 'string' }, description, required: false });

const example = (value: string): Json => ({ type: 'string', example: value });

export type WebhookAction = 'created' | 'updated' | 'deleted';

export const webhook = (object: ModelObject, action: WebhookAction): Json => ({
  post: {
    tags: [object.nameSingular],
    security: [],
    parameters: [
      header('X-Twenty-Webhook-Signature', SIGNATURE_TEXT),
      header(
        'X-Twenty-Webhook-Timestamp',
        'Unix timestamp of when the webhook was sent. This timestamp is included in the HMAC signature generation to prevent replay attacks.',
      ),
      header(
        'X-Twenty-Webhook-Nonce',
        'Unique identifier for this webhook request to prevent replay attacks. Consumers should ensure this nonce is not reused.',
      ),
    ],
    requestBody: {
      content: {
        'application/json': {
          schema: {
            type: 'object',
            properties: {
              targetUrl: example('https://example.com/incomingWebhook'),
              eventName: example(`${object.nameSingular}.${action}`),
              objectMetadata: {
                type: 'object',
                properties: {
                  id: example('370985db-22d8-4463-8e5f-2271d30913bd'),
                  nameSingular: { type: 'string', enum: [object.nameSingular] },
                },
              },
              workspaceId: example('872cfcf1-c79f-42bc-877d-5829f06eb3f9'),
              userId: example('170ba418-85a2-4f91-8565-9cd714c6703a'),
              workspaceMemberId: example('9062a1e3-e066-49ba-8c4a-d869b6a0ca12'),
              webhookId: example('90056586-1228-4e03-a507-70140aa85c05'),
              eventDate: example('2024-02-14T11:27:01.779Z'),
              record: ref(`${capitalize(object.nameSingular)}ForResponse`),
              ...(action === 'updated' ? { updatedFields: { type: 'array', items: { type: 'string' } } } : {}),
            },
          },
        },
      },
    },
    responses: { '200': { description: 'Return a 200 status to indicate that the data was received successfully' } },
  },
});
