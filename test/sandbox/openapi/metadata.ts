/**
 * The document Twenty 2.21 serves at `/rest/open-api/metadata`. It does not depend on the workspace (both recorded
 * workspaces got the same one), so it is built from the fixed entity list in metadata-entities.ts.
 */
import {
  type Json,
  baseDocument,
  capitalize,
  dataEnvelope,
  errorRefs,
  errorResponses,
  jsonBody,
  pageInfo,
  paramRef,
  ref,
  success,
  tags,
  uuid,
} from './base.js';
import { parameters } from './parameters.js';
import { type MetadataEntity, metadataEntities } from './metadata-entities.js';

/** Envelope keys (`createOneView`, `deleteOneView`, ...) differ from the record API's (`createCompany`). */
const entityPaths = ({ nameSingular: singular, namePlural: plural }: MetadataEntity): Record<string, Json> => {
  const S = capitalize(singular);
  const response = ref(`${S}ForResponse`);
  const operation = (fields: Json, responses: Json): Json => ({ tags: [plural], ...fields, responses: { ...responses, ...errorRefs() } });
  return {
    [`/${plural}`]: {
      get: operation(
        { summary: `Find Many ${plural}`, parameters: ['limit', 'startingAfter', 'endingBefore'].map(paramRef) },
        {
          '200': success({
            type: 'object',
            properties: {
              data: { type: 'object', properties: { [plural]: { type: 'array', items: response } } },
              pageInfo: pageInfo(),
              totalCount: { type: 'integer' },
            },
          }),
        },
      ),
      post: operation(
        { summary: `Create One ${singular}`, operationId: `createOne${S}`, requestBody: jsonBody(ref(S)) },
        { '201': success(dataEnvelope(`createOne${S}`, response)) },
      ),
    },
    [`/${plural}/{id}`]: {
      delete: operation(
        { summary: `Delete One ${singular}`, operationId: `deleteOne${S}`, parameters: [paramRef('idPath')] },
        { '200': success(dataEnvelope(`deleteOne${S}`, { type: 'object', properties: { id: uuid() } })) },
      ),
      get: operation(
        { summary: `Find One ${singular}`, parameters: [paramRef('idPath')] },
        { '200': success(dataEnvelope(singular, response)) },
      ),
      patch: operation(
        {
          summary: `Update One ${singular}`,
          operationId: `updateOne${S}`,
          parameters: [paramRef('idPath')],
          requestBody: jsonBody(ref(`${S}ForUpdate`)),
        },
        { '200': success(dataEnvelope(`updateOne${S}`, response)) },
      ),
    },
  };
};

export const buildMetadataDocument = (serverUrl: string): Record<string, unknown> => {
  const document = baseDocument('metadata', serverUrl);
  const entities = metadataEntities();
  for (const entity of entities) Object.assign(document.paths as Json, entityPaths(entity));
  Object.assign(document.components as Json, {
    schemas: Object.assign({}, ...entities.map((e) => e.schemas)),
    parameters: parameters('metadata'),
    responses: errorResponses(),
  });
  return { ...document, tags: tags(entities.map((e) => e.namePlural)) };
};
