/**
 * The document Twenty 2.21 serves at `/rest/open-api/core` to a caller with a valid API key, built from the
 * workspace's data model. It is recomputed from the model on every call, so custom objects and fields created or
 * deleted through the metadata API show up as they do on a real server.
 */
import type { ModelObject, WorkspaceModel } from '../model/types.js';
import { type Json, baseDocument, capitalize, errorResponses, tags } from './base.js';
import { parameters } from './parameters.js';
import { dashboardDuplicatePath, recordPaths } from './paths.js';
import { recordSchemas } from './schemas.js';
import { type WebhookAction, webhook } from './webhooks.js';

/**
 * Every object of the workspace, system and inactive ones included (Twenty only hides standard objects behind a
 * disabled feature gate, which the sandbox has none of), ordered by plural name as Twenty sorts them.
 */
const documentedObjects = (model: WorkspaceModel): ModelObject[] =>
  [...model.objects].sort((a, b) => a.namePlural.localeCompare(b.namePlural));

const WEBHOOK_ACTIONS: WebhookAction[] = ['created', 'updated', 'deleted'];

export const buildCoreDocument = (model: WorkspaceModel, serverUrl: string): Record<string, unknown> => {
  const document = baseDocument('core', serverUrl);
  const objects = documentedObjects(model);
  if (objects.length === 0) return document;

  const paths = document.paths as Json;
  for (const object of objects) Object.assign(paths, recordPaths(object));
  paths['/dashboards/{id}/duplicate'] = dashboardDuplicatePath();

  const webhooks: Json = {};
  for (const object of objects) {
    for (const action of WEBHOOK_ACTIONS) {
      webhooks[`${capitalize(object.nameSingular)} ${capitalize(action)}`] = webhook(object, action);
    }
  }

  Object.assign(document.components as Json, {
    schemas: recordSchemas(objects, model),
    parameters: parameters('core'),
    responses: errorResponses(),
  });
  return { ...document, webhooks, tags: tags(objects.map((o) => o.namePlural)) };
};
