/**
 * The metadata entities Twenty 2.21 documents at `/rest/open-api/metadata`, in Twenty's order (which is the order of
 * paths, tags and schemas). Objects, fields and API keys do not follow the common pattern, so they are spelled out
 * here. The documented shapes are the legacy ones (the `new` metadata format is not described), and the field
 * option `value` pattern is stricter than what the server accepts: both as in the real document.
 */
import type { FieldType } from '../model/types.js';
import { type Json, dateTime, ref, uuid } from './base.js';
import { AUDIT, type MetadataEntity, bool, entity, num, object, pick, str, strEnum } from './metadata-builders.js';
import { viewAndPageLayoutEntities, webhookEntity } from './metadata-standard.js';

export type { MetadataEntity } from './metadata-builders.js';

const objectEntity = (): MetadataEntity => {
  const create: Json = {
    ...Object.fromEntries(['nameSingular', 'namePlural', 'labelSingular', 'labelPlural', 'description', 'icon'].map((n) => [n, str()])),
    labelIdentifierFieldMetadataId: uuid(),
    imageIdentifierFieldMetadataId: uuid(),
  };
  return entity(
    'object',
    'objects',
    object('An object', create),
    object('An object', { isActive: bool() }),
    object('An object', {
      ...create,
      id: uuid(),
      dataSourceId: uuid(),
      isCustom: bool(),
      isActive: bool(),
      isSystem: bool(),
      createdAt: dateTime(),
      updatedAt: dateTime(),
      fields: { type: 'array', items: ref('FieldForResponse') },
    }),
  );
};

/** Twenty enumerates its FieldMetadataType keys, alphabetically. */
const FIELD_TYPES: FieldType[] = [
  'ACTOR', 'ADDRESS', 'ARRAY', 'BOOLEAN', 'CURRENCY', 'DATE', 'DATE_TIME', 'EMAILS', 'FILES', 'FULL_NAME', 'LINKS',
  'MORPH_RELATION', 'MULTI_SELECT', 'NUMBER', 'NUMERIC', 'PHONES', 'POSITION', 'RATING', 'RAW_JSON', 'RELATION',
  'RICH_TEXT', 'SELECT', 'TEXT', 'TS_VECTOR', 'UUID',
];

const fieldEntity = (): MetadataEntity => {
  const mutable: Json = {
    name: str(),
    label: str(),
    description: str(),
    icon: str(),
    defaultValue: {},
    isNullable: bool(),
    settings: { type: 'object' },
    options: {
      type: 'array',
      description: 'For enum field types like SELECT or MULTI_SELECT',
      items: {
        type: 'object',
        properties: { color: str(), label: str(), value: { type: 'string', pattern: '^[A-Z0-9]+_[A-Z0-9]+$', example: 'OPTION_1' }, position: num() },
      },
    },
  };
  const create = { type: strEnum(...FIELD_TYPES), objectMetadataId: uuid(), ...mutable };
  return entity(
    'field',
    'fields',
    object('A field', create, ['type', 'name', 'label', 'objectMetadataId']),
    object('A field', mutable),
    object('A field', { ...create, id: uuid(), isCustom: bool(), isActive: bool(), isSystem: bool(), createdAt: dateTime(), updatedAt: dateTime() }),
  );
};

const apiKeyEntity = (): MetadataEntity => {
  const base = { name: str(), expiresAt: dateTime() };
  return entity(
    'apiKey',
    'apiKeys',
    object('An API key', { ...base, roleId: uuid() }, ['name', 'expiresAt', 'roleId']),
    object('An API key for update', {
      ...base,
      revokedAt: { ...dateTime(), description: 'Set to null to clear revocation. Defaults to null if not provided.' },
    }),
    object('An API key', {
      id: uuid(),
      ...base,
      revokedAt: dateTime(),
      roleId: uuid(),
      ...pick(AUDIT, ['workspaceId', 'createdAt', 'updatedAt']),
    }),
  );
};

export const metadataEntities = (): MetadataEntity[] => [
  objectEntity(),
  fieldEntity(),
  webhookEntity(),
  apiKeyEntity(),
  ...viewAndPageLayoutEntities(),
];
