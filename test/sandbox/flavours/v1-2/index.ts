/**
 * The Twenty 1.2.0 flavour of the sandbox: what a 1.2 server answers differently from 2.21, to a client that reads
 * it as a migration source (connect, schema, export, members, configuration, verify). Proven against the real
 * server's recordings in test/fixtures/real-1.2/ (test/sandbox/real-recordings-1.2.test.ts).
 *
 * Imitated: `/client-config` (appVersion 1.2.0) and the recorded OpenAPI documents (public.ts); `/rest/metadata/*`
 * read from the raw URL, objects without fields, fields without objectMetadataId, unpaged (metadata-rest.ts);
 * GraphQL `/metadata` reads: the objects/fields tree, introspection, roles in 1.2's shape, graphql-js validation
 * errors (graphql-metadata.ts); REST record reads: limit without a cap, totalCount after the cursor, no trash,
 * depth 2, values as 1.2's driver answers them (records.ts, serialize.ts), no throttling; record reads on the core
 * `/graphql`, where 1.2 does list the trash (graphql-core.ts, from source: not recorded).
 *
 * Not imitated (2.21's behaviour, or refused): record and metadata writes, GraphQL mutations, 1.2 file uploads and
 * `/files/…` downloads, rate limits of GraphQL.
 */
import type { Flavour } from '../index.js';
import { coreGraphql12 } from './graphql-core.js';
import { metadataGraphql12 } from './graphql-metadata.js';
import { metadataRest12 } from './metadata-rest.js';
import { publicRoute12 } from './public.js';
import { records12 } from './records.js';

export { seedWorkspace12 } from './seed.js';

export const v12: Flavour = {
  name: '1.2',
  version: '1.2.0',
  publicRoute: publicRoute12,
  metadataGraphql: metadataGraphql12,
  coreGraphql: coreGraphql12,
  metadataRest: metadataRest12,
  records: records12,
  // 1.2's REST core calls the repository directly, outside the GraphQL throttler (v12-vs-v221.md §5).
  throttlesRecords: false,
};
