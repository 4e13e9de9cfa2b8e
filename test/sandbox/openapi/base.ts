/**
 * What the core and metadata documents of Twenty 2.21 share: the document skeleton, tags, the two error responses
 * and small schema helpers. Texts are Twenty's own, errors included (the 400/401 examples say `message` while real
 * answers carry a `messages` array), because the sandbox serves what a real server serves.
 */
import { infoDescription } from './description.js';

export type Json = Record<string, unknown>;
export type DocumentKind = 'core' | 'metadata';

export const capitalize = (s: string): string => (s ? s[0].toUpperCase() + s.slice(1) : s);

export const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
export const paramRef = (name: string): Json => ({ $ref: `#/components/parameters/${name}` });
export const errorRefs = (): Json => ({
  '400': { $ref: '#/components/responses/400' },
  '401': { $ref: '#/components/responses/401' },
});

export const uuid = (): Json => ({ type: 'string', format: 'uuid' });
export const dateTime = (): Json => ({ type: 'string', format: 'date-time' });

/** The `/open-api/<kind>` path each document describes itself with; identical for both kinds. */
const selfPath = (serverUrl: string): Json => {
  const obj = (properties: Json): Json => ({ type: 'object', properties });
  const str = { type: 'string' };
  return {
    get: {
      tags: ['General'],
      summary: 'Get Open Api Schema',
      operationId: 'GetOpenApiSchema',
      servers: [{ url: serverUrl }],
      responses: {
        '200': {
          description: 'Successful operation',
          content: {
            'application/json': {
              schema: obj({
                openapi: str,
                info: obj({
                  title: str,
                  description: str,
                  termsOfService: str,
                  contact: obj({ email: str }),
                  license: obj({ name: str, url: str }),
                }),
                servers: { type: 'array', items: obj({ url: str, description: str }) },
                components: obj({ schemas: { type: 'object' }, parameters: { type: 'object' }, responses: { type: 'object' } }),
                paths: { type: 'object' },
                tags: { type: 'object' },
              }),
            },
          },
        },
      },
    },
  };
};

/** Key order follows the real documents (openapi, info, servers, components, security, externalDocs, paths, ...). */
export const baseDocument = (kind: DocumentKind, serverUrl: string): Json => ({
  openapi: '3.1.1',
  info: {
    title: 'Twenty Api',
    description: infoDescription(serverUrl, kind),
    termsOfService: 'https://github.com/twentyhq/twenty?tab=coc-ov-file#readme',
    contact: { email: 'felix@twenty.com' },
    license: { name: 'AGPL-3.0', url: 'https://github.com/twentyhq/twenty?tab=License-1-ov-file#readme' },
    version: 'v0.1',
  },
  servers: [{ url: kind === 'core' ? `${serverUrl}/rest/` : `${serverUrl}/rest/metadata`, description: 'Production Development' }],
  components: {
    securitySchemes: {
      bearerAuth: {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description: 'Enter the token with the `Bearer: ` prefix, e.g. "Bearer abcde12345".',
      },
    },
  },
  security: [{ bearerAuth: [] }],
  externalDocs: { description: 'Find out more about **Twenty**', url: 'https://twenty.com' },
  paths: { [`/open-api/${kind}`]: selfPath(serverUrl) },
});

/** One tag per entity, after the "General" tag of the self path. */
export const tags = (namePlurals: string[]): Json[] => [
  { name: 'General', description: 'General requests' },
  ...namePlurals.map((plural) => ({ name: plural, description: `Object \`${capitalize(plural)}\`` })),
];

const errorResponse = (description: string, properties: Json, example: Json): Json => ({
  description,
  content: { 'application/json': { schema: { type: 'object', properties, example } } },
});

export const errorResponses = (): Json => ({
  '400': errorResponse(
    'Bad Request',
    { statusCode: { type: 'number' }, messages: { type: 'array', items: { type: 'string' } }, error: { type: 'string' } },
    { statusCode: 400, message: 'error message', error: 'Bad Request' },
  ),
  '401': errorResponse(
    'Unauthorized',
    { statusCode: { type: 'number' }, message: { type: 'string' }, error: { type: 'string' } },
    { statusCode: 401, message: 'Token invalid.', error: 'Unauthorized' },
  ),
});

/** `{data: {<key>: <schema>}}`, the envelope every record and metadata answer uses. */
export const dataEnvelope = (key: string, schema: Json): Json => ({
  type: 'object',
  properties: { data: { type: 'object', properties: { [key]: schema } } },
});

export const pageInfo = (cursorFormat?: 'uuid'): Json => {
  const cursor = cursorFormat ? { type: 'string', format: cursorFormat } : { type: 'string' };
  return { type: 'object', properties: { hasNextPage: { type: 'boolean' }, startCursor: cursor, endCursor: cursor } };
};

export const success = (schema: Json): Json => ({
  description: 'Successful operation',
  content: { 'application/json': { schema } },
});

/** `description: null` leaves the key out, as Twenty does for batch bodies. */
export const jsonBody = (schema: Json, description: string | null = 'body'): Json => ({
  ...(description === null ? {} : { description }),
  required: true,
  content: { 'application/json': { schema } },
});
