/**
 * The GraphQL data-model tree (1.x servers) asks only for what the server has; when it refuses introspection, for
 * properties both 1.x and 2.x have, links included (before, a fixed first nine were asked for and relations lost).
 */
import { describe, expect, it } from 'vitest';
import { createTwentyClient } from '../../sdk/client/index.js';
import { readMetadataTree } from '../../sdk/metadata/read-graphql.js';

function serverRefusingIntrospection(queries: string[]): typeof fetch {
  return async (input, init) => {
    const { query } = JSON.parse(String(init?.body ?? (input instanceof Request ? await input.text() : '{}')));
    queries.push(query);
    if (query.includes('__type')) return Response.json({ errors: [{ message: 'GraphQL introspection is not allowed', extensions: { code: 'FORBIDDEN' } }] });
    return Response.json({ data: { objects: { edges: [{ node: { id: 'o', nameSingular: 'noteTarget', fields: { edges: [{ node: { id: 'f', name: 'person', type: 'RELATION', relation: { type: 'MANY_TO_ONE', targetObjectMetadata: { nameSingular: 'person' } } } }] } } }] } } });
  };
}

describe('the GraphQL data-model tree', () => {
  it('still reads relations when introspection is refused, and asks for no property a version lacks', async () => {
    const queries: string[] = [];
    const client = createTwentyClient({ baseUrl: 'http://localhost:3000', apiKey: 'k', api: 'metadata', fetch: serverRefusingIntrospection(queries), rateLimit: false, retry: false });
    const tree = await readMetadataTree(client);
    const treeQuery = queries.find((q) => q.includes('TwentyMigrateSchemaTree'))!;
    expect(treeQuery).toContain('relation { type targetObjectMetadata { nameSingular }');
    expect(treeQuery).toContain('labelIdentifierFieldMetadataId');
    expect(treeQuery).not.toMatch(/\bisCustom\b|universalIdentifier|standardId/);
    expect(tree[0]).toMatchObject({ nameSingular: 'noteTarget' });
  });
});
