/**
 * What Twenty 2.21 checks when a field is created through the metadata API, in the two steps it runs
 * (field-metadata.service.ts, createManyFields):
 *
 * 1. The input becomes the fields to create (from-create-field-input-to-flat-field-metadatas-to-create.util.ts): a
 *    relation's `relationCreationPayload` (or a morph relation's `morphRelationsCreationPayload`) is checked and makes
 *    the inverse field too, RATING gets its five options, TS_VECTOR is refused. A failure answers 400 "Multiple
 *    validation errors occurred while creating field" with one entry and no field named.
 * 2. Every field to create is validated (flat-field-metadata-validator.service.ts and the type validators of
 *    flat-field-metadata-type-validator.service.ts): its name must be free on its object (fields and join columns),
 *    NUMERIC is refused for custom fields ("Use NUMBER instead"), POSITION must be the system field `position`, FILES
 *    needs `settings.maxNumberOfValues` from 1 to 60 and cannot be unique, a morph relation cannot point at its own
 *    object. Failures answer 400 "Multiple validation errors occurred while creating fields", one entry per field.
 *
 * UUID, ACTOR and every other type pass both steps as sent.
 */
import { metadataValidationError } from '../http-error.js';
import type { ModelField, ModelObject } from './types.js';

export interface RuleError {
  code: string;
  message: string;
  value?: unknown;
  userFriendlyMessage?: string;
}

export interface RelationCreationPayload {
  type?: unknown;
  targetObjectMetadataId?: unknown;
  targetFieldLabel?: unknown;
  targetFieldIcon?: unknown;
}

const FILES_MAX_VALUES = 60;
const RELATION_TYPES = ['MANY_TO_ONE', 'ONE_TO_MANY'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The answer's user-facing line: the first error's own when one field failed (build-metadata-validation-error-payload). */
function userFriendly(entries: Array<{ errors: RuleError[] }>): string {
  if (entries.length > 1) return 'Many validation errors';
  return entries[0]?.errors.find((e) => e.userFriendlyMessage)?.userFriendlyMessage ?? 'Metadata validation failed';
}

function failure(message: string, entries: Array<{ errors: RuleError[] }>) {
  const error = metadataValidationError(message, { fieldMetadata: entries });
  Object.assign(error.body, { summary: { totalErrors: entries.length, fieldMetadata: entries.length }, userFriendlyMessage: userFriendly(entries) });
  return error;
}

/** Step 1's refusal: the input could not become fields. */
export const transpilationFailure = (errors: RuleError[]) =>
  failure('Multiple validation errors occurred while creating field', [
    { errors, type: 'create', metadataName: 'fieldMetadata', flatEntityMinimalInformation: { id: '' } } as { errors: RuleError[] },
  ]);

/** Step 2's refusal: one entry per field that failed, named by its universalIdentifier, name and object. */
export const validationFailure = (failed: Array<{ field: ModelField; object: ModelObject; errors: RuleError[] }>) =>
  failure(
    'Multiple validation errors occurred while creating fields',
    failed.map(({ field, object, errors }) => ({
      status: 'fail', errors,
      flatEntityMinimalInformation: { universalIdentifier: field.universalIdentifier, name: field.name, objectMetadataUniversalIdentifier: object.universalIdentifier },
      metadataName: 'fieldMetadata', type: 'create',
    })),
  );

/**
 * class-validator's checks of one payload (validate-relation-creation-payload-or-throw.util.ts), in the order the
 * class declares them; null when it is valid.
 */
export function relationPayloadError(payload: unknown): RuleError | null {
  const p = (payload && typeof payload === 'object' ? payload : {}) as RelationCreationPayload;
  const problems = [
    !(typeof p.targetObjectMetadataId === 'string' && UUID.test(p.targetObjectMetadataId)) && 'targetObjectMetadataId must be a UUID',
    typeof p.targetFieldLabel !== 'string' && 'targetFieldLabel must be a string',
    typeof p.targetFieldIcon !== 'string' && 'targetFieldIcon must be a string',
    !RELATION_TYPES.includes(p.type as string) && `type must be one of the following values: ${RELATION_TYPES.join(', ')}`,
  ].filter((x): x is string => typeof x === 'string');
  if (!problems.length) return null;
  return {
    code: 'FIELD_METADATA_RELATION_MALFORMED', message: `Relation creation payload is invalid: ${problems.join(', ')}`,
    userFriendlyMessage: 'Invalid relation creation payload', value: payload,
  };
}

export const payloadRequired = (value: unknown): RuleError => ({
  code: 'INVALID_FIELD_INPUT', message: 'Relation creation payload is required', userFriendlyMessage: 'Relation creation payload is required', ...(value === undefined ? {} : { value }),
});

export const relationTargetNotFound = (value: unknown): RuleError => ({
  code: 'FIELD_METADATA_RELATION_MALFORMED', message: 'Object metadata relation target not found for relation creation payload',
  userFriendlyMessage: 'Object targeted by field to create not found', value,
});

export const TS_VECTOR_REFUSED: RuleError = { code: 'INVALID_FIELD_INPUT', message: 'TS Vector is not supported for field creation' };

/** The names a field may not take on its object: every field's name and every many-to-one's join column. */
function takenNames(object: ModelObject, except: ModelField) {
  const others = object.fields.filter((f) => f !== except);
  const joinColumns = others
    .filter((f) => (f.type === 'RELATION' || f.type === 'MORPH_RELATION') && (f.settings as { relationType?: string } | null)?.relationType === 'MANY_TO_ONE')
    .map((f) => `${f.name}Id`);
  return { fields: new Set(others.map((f) => f.name)), joinColumns: new Set(joinColumns) };
}

/**
 * Names 2.x keeps for itself (twenty-shared RESERVED_METADATA_NAME_KEYWORDS, checked for every caller but Twenty's
 * standard app by validate-flat-field-metadata-name.util.ts; recorded: reserved-field-name). Copied from the server's
 * source, not imported from sdk/metadata/reserved-names.ts: the sandbox plays the server, so an error in the SDK's
 * list must not make the sandbox agree with it.
 */
const RESERVED_NAMES = new Set([
  'approvedAccessDomain', 'approvedAccessDomains', 'appToken', 'appTokens', 'billingCustomer', 'billingCustomers',
  'billingEntitlement', 'billingEntitlements', 'billingMeter', 'billingMeters', 'billingProduct', 'billingProducts',
  'billingSubscription', 'billingSubscriptions', 'billingSubscriptionItem', 'billingSubscriptionItems', 'featureFlag',
  'featureFlags', 'job', 'jobs', 'keyValuePair', 'keyValuePairs', 'pageLayout', 'pageLayouts', 'pageLayoutTab',
  'pageLayoutTabs', 'pageLayoutWidget', 'pageLayoutWidgets', 'twoFactorMethod', 'twoFactorMethods', 'user', 'users',
  'userWorkspace', 'userWorkspaces', 'workspace', 'workspaces', 'role', 'roles', 'userWorkspaceRole',
  'userWorkspaceRoles', 'plan', 'plans', 'event', 'events', 'field', 'fields', 'link', 'links', 'currency',
  'currencies', 'fullNames', 'address', 'addresses', 'type', 'types', 'object', 'objects', 'index', 'relation',
  'relations', 'aggregate', 'search', 'searches',
]);
const RESERVED_MESSAGE = 'This name is reserved. Use a different name or the system will add "Custom" suffix.';

function reservedNameErrors(name: string): RuleError[] {
  return RESERVED_NAMES.has(name) ? [{ code: 'INVALID_FIELD_INPUT', message: RESERVED_MESSAGE, userFriendlyMessage: RESERVED_MESSAGE, value: name }] : [];
}

function nameErrors(name: string, taken: ReturnType<typeof takenNames>): RuleError[] {
  const errors: RuleError[] = [];
  if (taken.fields.has(name)) {
    errors.push({ code: 'NOT_AVAILABLE', value: name, message: `Name "${name}" is not available as it is already used by another field`, userFriendlyMessage: `Name "${name}" is not available as it is already used by another field` });
  }
  if (taken.joinColumns.has(name)) {
    errors.push({ code: 'NOT_AVAILABLE', value: name, message: `Name "${name}" is not available as it is already used by another join column name`, userFriendlyMessage: `Name "${name}" is not available as it is already used by join column name` });
  }
  return errors;
}

/** The type-specific checks of a field about to be created on `object` (custom: the API's fields always are). */
function typeErrors(field: ModelField, object: ModelObject, target: ModelObject | undefined): RuleError[] {
  const settings = (field.settings ?? {}) as Record<string, unknown>;
  switch (field.type) {
    case 'NUMERIC':
      return [{ code: 'INVALID_FIELD_INPUT', message: 'Field type NUMERIC is not supported for field creation. Use NUMBER instead.', value: 'NUMERIC', userFriendlyMessage: 'Field type NUMERIC is not supported. Use Number instead.' }];
    case 'POSITION':
      return [
        ...(field.name === 'position' ? [] : [{ code: 'INVALID_FIELD_INPUT', message: `Field type POSITION must be named "position", got "${field.name}"`, value: field.name, userFriendlyMessage: 'Field type POSITION must be named "position"' }]),
        ...(field.isSystem ? [] : [{ code: 'INVALID_FIELD_INPUT', message: 'Field type POSITION must be a system field', value: field.isSystem, userFriendlyMessage: 'Field type POSITION must be a system field' }]),
      ];
    case 'FILES': {
      const max = settings.maxNumberOfValues;
      const message = `maxNumberOfValues must be defined in settings and be a number greater than 0 and less than or equal to ${FILES_MAX_VALUES}`;
      return [
        ...(field.isUnique ? [{ code: 'INVALID_FIELD_INPUT', message: 'Files field is not supported for unique fields', userFriendlyMessage: 'Files field is not supported for unique fields' }] : []),
        ...(typeof max === 'number' && max >= 1 && max <= FILES_MAX_VALUES ? [] : [{ code: 'INVALID_FIELD_INPUT', message, userFriendlyMessage: message }]),
      ];
    }
    case 'MORPH_RELATION':
      return target === object ? [{ code: 'INVALID_FIELD_INPUT', message: 'Source object cannot be the target object', userFriendlyMessage: 'Source object cannot be the target object' }] : [];
    default:
      return [];
  }
}

/**
 * Step 2 for every field a call creates, in the call's order (a relation's own side, then its inverse): throws the
 * refusal when any fails. As in Twenty, a name is checked against its object's fields and the call's fields already
 * validated, and a side whose partner failed before it fails too (its target field will not exist). Twenty also
 * reports the view fields and indexes it could then not make for the failed fields; the sandbox reports the fields.
 */
export function validateFieldsToCreate(created: Array<{ object: ModelObject; field: ModelField; target?: ModelObject; partner?: ModelField }>): void {
  const failed: Array<{ field: ModelField; object: ModelObject; errors: RuleError[] }> = [];
  const passed: ModelField[] = [];
  for (const { object, field, target, partner } of created) {
    const taken = takenNames({ ...object, fields: [...object.fields, ...passed.filter((f) => f.objectMetadataId === object.id)] }, field);
    const manyToOne = (field.settings as { relationType?: string } | null)?.relationType === 'MANY_TO_ONE';
    const errors = [
      ...reservedNameErrors(field.name),
      ...nameErrors(field.name, taken),
      ...typeErrors(field, object, target),
      ...(partner && failed.some((f) => f.field === partner) ? [PARTNER_MISSING] : []),
      ...(manyToOne ? nameErrors(`${field.name}Id`, taken) : []),
    ];
    if (errors.length) failed.push({ field, object, errors });
    else passed.push(field);
  }
  if (failed.length) throw validationFailure(failed);
}

const PARTNER_MISSING: RuleError = {
  code: 'FIELD_METADATA_NOT_FOUND', message: 'Relation field target metadata not found in both existing and about to be created field metadatas',
  userFriendlyMessage: 'Relation field target metadata not found',
};
