/**
 * The data model tree from GraphQL `/metadata`, for servers whose REST metadata lists objects without their
 * fields (Twenty 1.x: `/rest/metadata/objects` has no `fields`, and `/rest/metadata/fields` does not say which
 * object a field belongs to). The items come back in the REST item shape, so normalize.ts reads both alike.
 *
 * Which properties are asked for is read from the server's own schema (introspection): versions add and drop
 * them (`isUnique`, `morphId`, `universalIdentifier`, `standardId`), and asking for one a server lacks fails the
 * whole query.
 */
import { graphql, TwentyApiError, type TwentyClient } from '../client/index.js';

type Raw = Record<string, unknown>;

const OBJECT_PROPS = [
  'id', 'nameSingular', 'namePlural', 'labelSingular', 'labelPlural', 'description', 'icon', 'isCustom', 'isSystem',
  'isActive', 'isRemote', 'labelIdentifierFieldMetadataId', 'standardId', 'universalIdentifier', 'applicationId',
];
const FIELD_PROPS = [
  'id', 'name', 'label', 'type', 'description', 'icon', 'isCustom', 'isSystem', 'isActive', 'isNullable', 'isUnique',
  'defaultValue', 'options', 'settings', 'standardId', 'universalIdentifier', 'applicationId', 'createdAt', 'morphId',
];
const RELATION = 'relation { type targetObjectMetadata { nameSingular } targetFieldMetadata { name } }';
/**
 * Asked for when the server refuses introspection: properties both 1.x and 2.x have (2.x dropped `isCustom`, 1.x
 * lacks `universalIdentifier`), relation included, so links are still read.
 */
const MINIMUM_OBJECT_PROPS = ['id', 'nameSingular', 'namePlural', 'labelSingular', 'labelPlural', 'description', 'icon', 'isSystem', 'isActive', 'isRemote', 'labelIdentifierFieldMetadataId'];
const MINIMUM_FIELD_PROPS = ['id', 'name', 'label', 'type', 'description', 'icon', 'isSystem', 'isActive', 'isNullable', 'defaultValue', 'options', 'relation'];

interface TypeFields { __type: { fields: Array<{ name: string }> | null } | null }

async function propsOf(client: TwentyClient, typeName: string): Promise<Set<string> | null> {
  const r = await graphql<TypeFields>(client, `query { __type(name: "${typeName}") { fields { name } } }`);
  const fields = r.data?.__type?.fields;
  return fields ? new Set(fields.map((f) => f.name)) : null;
}

interface Edges<T> { edges: Array<{ node: T }> }
type TreeAnswer = { objects: Edges<Raw & { fields?: Edges<Raw> }> };

/**
 * Every object with its fields, as REST 2.21 would list them (`fields` inline). Throws a TwentyApiError naming
 * the server when GraphQL refuses.
 *
 * @example
 * const raw = await readMetadataTree(metadataClient); // 1.2: 39 objects, 547 fields
 */
export async function readMetadataTree(client: TwentyClient): Promise<Raw[]> {
  const [objectProps, fieldProps] = await Promise.all([propsOf(client, 'Object'), propsOf(client, 'Field')]);
  const pick = (wanted: string[], have: Set<string> | null, minimum: string[]) => (have ? wanted.filter((p) => have.has(p)) : minimum.filter((p) => p !== 'relation'));
  const withRelation = fieldProps ? fieldProps.has('relation') : MINIMUM_FIELD_PROPS.includes('relation');
  const fieldSelection = [...pick(FIELD_PROPS, fieldProps, MINIMUM_FIELD_PROPS), ...(withRelation ? [RELATION] : [])].join(' ');
  const query = `query TwentyMigrateSchemaTree {
    objects(paging: { first: 1000 }) { edges { node { ${pick(OBJECT_PROPS, objectProps, MINIMUM_OBJECT_PROPS).join(' ')}
      fields(paging: { first: 1000 }) { edges { node { ${fieldSelection} } } }
    } } }
  }`;
  const r = await graphql<TreeAnswer>(client, query);
  if (r.error) {
    throw new TwentyApiError({
      status: 200,
      code: 'UNEXPECTED_RESPONSE',
      messages: [`${client.twenty.serverUrl} refused the data model query on GraphQL /metadata: ${r.error.message} (${r.error.code})`],
      request: { method: 'POST', url: `${client.twenty.serverUrl}/metadata` },
      retryable: false,
    });
  }
  return r.data.objects.edges.map(({ node }) => ({
    ...node,
    fields: (node.fields?.edges ?? []).map((e) => e.node),
  }));
}
