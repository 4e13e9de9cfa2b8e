/**
 * Record schemas of the core document: `<Object>` (create), `<Object>ForUpdate` and `<Object>ForResponse`, the way
 * Twenty 2.21 derives them from field metadata. Every field of the object counts, active or not, because Twenty reads
 * the object's whole field list (`fieldIds`) without filtering on `isActive`.
 */
import type { ModelField, ModelObject, WorkspaceModel } from '../model/types.js';
import { type Json, capitalize, dateTime, ref, uuid } from './base.js';
import { exampleValue, isRequired } from './examples.js';

const isRelation = (f: ModelField) => f.type === 'RELATION' || f.type === 'MORPH_RELATION';
const relationType = (f: ModelField) => (f.settings as { relationType?: string } | null | undefined)?.relationType;

/** 2.21 still omits APPLICATION, which the server accepts and writes. */
const ACTOR_SOURCES = ['EMAIL', 'CALENDAR', 'WORKFLOW', 'AGENT', 'API', 'IMPORT', 'MANUAL', 'SYSTEM', 'WEBHOOK'];

const str = (): Json => ({ type: 'string' });
const obj = (properties: Json): Json => ({ type: 'object', properties });
const optionValues = (f: ModelField) => (f.options ?? []).map((o) => o.value);

const numberSchema = (f: ModelField): Json => {
  const settings = (f.settings ?? {}) as { dataType?: string; decimals?: number };
  return settings.dataType === 'float' || (settings.decimals ?? 0) > 0 ? { type: 'number' } : { type: 'integer' };
};

/** The schema of a non-relation field's value; ACTOR's `workspaceMemberId`/`name` are output-only in Twenty's eyes. */
const valueSchema = (f: ModelField, forResponse: boolean): Json => {
  switch (f.type) {
    case 'UUID':
      return uuid();
    case 'DATE_TIME':
      return dateTime();
    case 'DATE':
      return { type: 'string', format: 'date' };
    case 'NUMBER':
      return numberSchema(f);
    case 'NUMERIC':
    case 'POSITION':
      return { type: 'number' };
    case 'BOOLEAN':
      return { type: 'boolean' };
    case 'RAW_JSON':
      return { type: 'object' };
    case 'SELECT':
    case 'RATING':
      return { type: 'string', enum: optionValues(f) };
    case 'MULTI_SELECT':
      return { type: 'array', items: { type: 'string', enum: optionValues(f) } };
    case 'ARRAY':
      return { type: 'array', items: str() };
    case 'LINKS':
      return obj({
        primaryLinkLabel: str(),
        primaryLinkUrl: str(),
        secondaryLinks: {
          type: 'array',
          items: { type: 'object', description: 'A secondary link', properties: { url: { type: 'string', format: 'uri' }, label: str() } },
        },
      });
    case 'CURRENCY':
      return obj({ amountMicros: { type: 'number' }, currencyCode: str() });
    case 'FULL_NAME':
      return obj({ firstName: str(), lastName: str() });
    case 'ADDRESS':
      return obj({
        addressStreet1: str(),
        addressStreet2: str(),
        addressCity: str(),
        addressPostcode: str(),
        addressState: str(),
        addressCountry: str(),
        addressLat: { type: 'number' },
        addressLng: { type: 'number' },
      });
    case 'ACTOR':
      return obj({
        source: { type: 'string', enum: ACTOR_SOURCES },
        ...(forResponse ? { workspaceMemberId: uuid(), name: str() } : {}),
      });
    case 'EMAILS':
      return obj({ primaryEmail: str(), additionalEmails: { type: 'array', items: { type: 'string', format: 'email' } } });
    case 'PHONES':
      // Twenty writes `properties` before `type` for PHONES only.
      return {
        properties: {
          additionalPhones: { type: 'array', items: obj({ number: str(), countryCode: str(), callingCode: str() }) },
          primaryPhoneCountryCode: str(),
          primaryPhoneCallingCode: str(),
          primaryPhoneNumber: str(),
        },
        type: 'object',
      };
    case 'RICH_TEXT':
      return obj({ blocknote: str(), markdown: str() });
    case 'FILES':
      return {
        type: 'array',
        items: obj({ fileId: uuid(), label: str(), ...(forResponse ? { extension: str(), url: str() } : {}) }),
      };
    default:
      return str();
  }
};

const withDescription = (schema: Json, f: ModelField): Json => (f.description ? { ...schema, description: f.description } : schema);

/** Id and timestamps are server-owned, so only responses list them (the server does accept them on create). */
const RESPONSE_ONLY = new Set(['id', 'createdAt', 'updatedAt', 'deletedAt']);

/** Scalars, composites and many-to-one join columns (`<name>Id`, without description), in field order. */
const scalarProperties = (object: ModelObject, forResponse: boolean): Json => {
  const properties: Json = {};
  for (const f of object.fields) {
    if (f.type === 'TS_VECTOR' || (!forResponse && RESPONSE_ONLY.has(f.name))) continue;
    if (isRelation(f)) {
      if (relationType(f) === 'MANY_TO_ONE') properties[`${f.name}Id`] = uuid();
      continue;
    }
    properties[f.name] = withDescription(valueSchema(f, forResponse), f);
  }
  return properties;
};

/** Embedded relations of a response: many-to-one as a one-item `oneOf`, one-to-many as an array. */
const relationProperties = (object: ModelObject, model: WorkspaceModel): Json => {
  const properties: Json = {};
  for (const f of object.fields) {
    if (!isRelation(f) || !f.relation) continue;
    const target = model.objects.find((o) => o.nameSingular === f.relation?.targetObject);
    if (!target) continue;
    const targetRef = ref(`${capitalize(target.nameSingular)}ForResponse`);
    const kind = relationType(f);
    if (kind === 'MANY_TO_ONE') properties[f.name] = withDescription({ type: 'object', oneOf: [targetRef] }, f);
    else if (kind === 'ONE_TO_MANY') properties[f.name] = withDescription({ type: 'array', items: targetRef }, f);
  }
  return properties;
};

const example = (object: ModelObject): Json => {
  const result: Json = {};
  for (const f of object.fields) {
    const value = exampleValue(object, f);
    if (value !== undefined) result[f.name] = value;
  }
  return result;
};

/**
 * `required` comes from "not nullable and no default", which also names one-to-many relation fields that are not
 * properties at all (e.g. Workflow: `versions`, `runs`): a quirk kept on purpose.
 */
const objectSchemas = (object: ModelObject, model: WorkspaceModel): Record<string, Json> => {
  const description = object.description ? { description: object.description } : {};
  const required = object.fields.filter(isRequired).map((f) => f.name);
  const name = capitalize(object.nameSingular);
  return {
    [name]: {
      type: 'object',
      ...description,
      properties: scalarProperties(object, false),
      example: example(object),
      ...(required.length ? { required } : {}),
    },
    [`${name}ForUpdate`]: { type: 'object', ...description, properties: scalarProperties(object, false), example: example(object) },
    [`${name}ForResponse`]: {
      type: 'object',
      ...description,
      properties: { ...scalarProperties(object, true), ...relationProperties(object, model) },
    },
  };
};

export const recordSchemas = (objects: ModelObject[], model: WorkspaceModel): Record<string, Json> =>
  Object.assign({}, ...objects.map((object) => objectSchemas(object, model)));
