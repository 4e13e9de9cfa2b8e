/**
 * `POST /rest/metadata/fields` as Twenty 2.21 answers it: the input becomes the fields to create (a relation's
 * inverse included, from-create-field-input-to-flat-field-metadatas-to-create.util.ts), which are validated together
 * (field-rules.ts) and added at once. Recorded on a real server: ../recorded/.
 */
import { randomUUID } from 'node:crypto';
import { metadataValidationError, nestError } from '../http-error.js';
import { callTime, capitalize, fieldBase } from './entity.js';
import {
  payloadRequired, relationPayloadError, relationTargetNotFound, TS_VECTOR_REFUSED, transpilationFailure, validateFieldsToCreate, type RuleError,
} from './field-rules.js';
import type { FieldType, ModelField, ModelObject, WorkspaceModel } from './types.js';

/** The types 2.21 knows (twenty-shared FieldMetadataType): anything else is a 400 listing them. */
export const FIELD_TYPES: FieldType[] = [
  'ACTOR', 'ADDRESS', 'ARRAY', 'BOOLEAN', 'CURRENCY', 'DATE', 'DATE_TIME', 'EMAILS', 'FILES', 'FULL_NAME', 'LINKS',
  'MORPH_RELATION', 'MULTI_SELECT', 'NUMBER', 'NUMERIC', 'PHONES', 'POSITION', 'RATING', 'RAW_JSON', 'RELATION',
  'RICH_TEXT', 'SELECT', 'TEXT', 'TS_VECTOR', 'UUID',
];

export interface CreateFieldInput {
  objectMetadataId: string;
  type: string;
  name: string;
  label: string;
  description?: string;
  icon?: string;
  isNullable?: boolean;
  isUnique?: boolean;
  isSystem?: boolean;
  defaultValue?: unknown;
  options?: Array<{ value: string; label: string; color?: string; position?: number; id?: string }>;
  settings?: Record<string, unknown>;
  relationCreationPayload?: RelationCreationPayload;
  /** MORPH_RELATION: one entry per target object (create-field.input.ts; twenty-front's morph relation form) */
  morphRelationsCreationPayload?: RelationCreationPayload[];
}

interface RelationCreationPayload { type: 'MANY_TO_ONE' | 'ONE_TO_MANY'; targetObjectMetadataId: string; targetFieldLabel: string; targetFieldIcon: string }

const camel = (label: string) =>
  label.replace(/[^A-Za-z0-9 ]/g, ' ').split(/\s+/).filter(Boolean).map((w, i) => (i ? capitalize(w.toLowerCase()) : w.toLowerCase())).join('');

/** ACTOR's default when the call gives none (generate-default-value.ts, then nullify-empty-actor-default-value). */
const ACTOR_DEFAULT = { source: "'MANUAL'", workspaceMemberId: null, name: "'System'", context: null };

/** The five options every RATING field gets, whatever the call sends (generate-rating-optionts.util.ts). */
const ratingOptions = () => [1, 2, 3, 4, 5].map((i) => ({ id: randomUUID(), label: String(i), value: `RATING_${i}`, position: i - 1 }));

/** A field a call creates, the object it goes on, and for a relation side: where it points and its other side. */
type ToCreate = { object: ModelObject; field: ModelField; target?: ModelObject; partner?: ModelField };

/** The fields a call creates, validated together (field-rules.ts), then added; the answer is the first one. */
function commit(created: ToCreate[]): ModelField {
  validateFieldsToCreate(created);
  const at = callTime();
  for (const { object, field } of created) object.fields.push(Object.assign(field, { createdAt: at, updatedAt: at }));
  return created[0].field;
}

export function createField(model: WorkspaceModel, input: CreateFieldInput): ModelField {
  if (!FIELD_TYPES.includes(input.type as FieldType)) {
    throw nestError(400, 'Bad Request', [`type must be one of the following values: ${FIELD_TYPES.join(', ')}`]);
  }
  if (typeof input.name !== 'string' || !/^[a-z][a-zA-Z0-9]*$/.test(input.name)) {
    throw metadataValidationError('Multiple validation errors occurred while creating field', {
      fieldMetadata: [{ status: 'fail', errors: [{ code: 'INVALID_FIELD_INPUT', message: `Name "${input.name}" is not valid: use camelCase` }] }],
    });
  }
  const object = model.objects.find((o) => o.id === input.objectMetadataId);
  if (!object) {
    throw transpilationFailure([{ code: 'OBJECT_METADATA_NOT_FOUND', message: 'Provided object metadata id does not exist', userFriendlyMessage: 'Created field metadata, parent object metadata not found' }]);
  }
  if (input.type === 'MORPH_RELATION') return commit(morphRelationFields(model, object, input));
  if (input.type === 'RELATION') {
    const p = input.relationCreationPayload;
    if (p === undefined || p === null) throw transpilationFailure([payloadRequired(p)]);
    const target = relationTarget(model, p);
    if ('error' in target) throw transpilationFailure([target.error]);
    return commit(relationPair(model, object, target.object, input, input.name, p, null));
  }
  if (input.type === 'TS_VECTOR') throw transpilationFailure([TS_VECTOR_REFUSED]);
  const enumOptions = input.options ? input.options.map((o, i) => ({ id: randomUUID(), color: o.color, label: o.label, value: o.value, position: o.position ?? i })) : null;
  return commit([{
    object,
    field: fieldBase(model, object, {
      type: input.type as FieldType, name: input.name, label: input.label, description: input.description ?? null,
      icon: input.icon ?? null, isNullable: input.isNullable ?? true, isUnique: input.isUnique ?? false, isSystem: input.isSystem ?? false,
      defaultValue: input.defaultValue ?? (input.type === 'ACTOR' ? { ...ACTOR_DEFAULT } : null), settings: input.settings ?? null,
      options: input.type === 'RATING' ? ratingOptions() : enumOptions,
    }),
  }]);
}

/** The object a payload points at, or the step-1 error (validate-relation-creation-payload.util.ts). */
function relationTarget(model: WorkspaceModel, p: unknown): { object: ModelObject } | { error: RuleError } {
  const invalid = relationPayloadError(p);
  if (invalid) return { error: invalid };
  const object = model.objects.find((o) => o.id === (p as RelationCreationPayload).targetObjectMetadataId);
  return object ? { object } : { error: relationTargetNotFound(p) };
}

/**
 * Both sides of one relation, as generate-morph-or-relation-flat-field-metadata-pair.util.ts builds them: the field
 * asked for (icon `IconRelationOneToMany` when none is given) and its inverse on the target, named from
 * `targetFieldLabel`. A description given goes to both sides; without one each gets Twenty's own
 * (`Gadgets tied to the Company` and `Companies Gadget`). The many-to-one side holds the join column `<name>Id`.
 */
function relationPair(
  model: WorkspaceModel, source: ModelObject, target: ModelObject, input: CreateFieldInput, name: string, p: RelationCreationPayload, morphId: string | null,
): ToCreate[] {
  const manyToOne = p.type === 'MANY_TO_ONE';
  const inverseName = camel(p.targetFieldLabel);
  const manyToOneSettings = (n: string) => ({ onDelete: 'SET_NULL', relationType: 'MANY_TO_ONE', joinColumnName: `${n}Id` });
  const field = fieldBase(model, source, {
    type: input.type as FieldType, name, label: input.label, icon: input.icon ?? 'IconRelationOneToMany', morphId,
    description: input.description ?? `${capitalize(source.namePlural)} tied to the ${target.labelSingular}`,
    isNullable: input.isNullable ?? true, isSystem: input.isSystem ?? false,
    settings: manyToOne ? manyToOneSettings(name) : { relationType: 'ONE_TO_MANY' },
    relation: { targetObject: target.nameSingular, targetField: inverseName },
  });
  const inverse = fieldBase(model, target, {
    type: 'RELATION', name: inverseName, label: p.targetFieldLabel, icon: p.targetFieldIcon, isSystem: input.isSystem ?? false,
    description: input.description ?? `${capitalize(target.namePlural)} ${source.labelSingular}`,
    settings: manyToOne ? { relationType: 'ONE_TO_MANY' } : manyToOneSettings(inverseName),
    relation: { targetObject: source.nameSingular, targetField: name },
  });
  return [{ object: source, field, target, partner: inverse }, { object: target, field: inverse, target: source, partner: field }];
}

/**
 * A morph relation as Twenty creates it from `morphRelationsCreationPayload` (from-morph-relation-create-field-input-
 * to-flat-field-metadatas.util.ts, validate-morph-relation-creation-payload.util.ts): one MORPH_RELATION field per
 * target, sharing a fresh `morphId`, named `<name><Target>` (many-to-one) or `<name><Targets>` (one-to-many), each with
 * a plain RELATION inverse on its target named after `targetFieldLabel` (seeded: pet.polymorphicOwnerRocket ↔
 * rocket.ownedPets, pet.polymorphicHelperRockets ↔ rocket.helpedPets). The answer is the first created field.
 */
function morphRelationFields(model: WorkspaceModel, object: ModelObject, input: CreateFieldInput): ToCreate[] {
  const payloads = input.morphRelationsCreationPayload;
  if (!Array.isArray(payloads)) throw transpilationFailure([payloadRequired(payloads)]);
  const malformed = (message: string, userFriendlyMessage = 'An error occurred.', value?: unknown) =>
    transpilationFailure([{ code: 'FIELD_METADATA_RELATION_MALFORMED', message, userFriendlyMessage, ...(value === undefined ? {} : { value }) }]);
  if (payloads.length === 0) throw malformed('Morph relation creation payloads are empty', 'At least one relation is required');
  if (new Set(payloads.map((p) => p?.type)).size > 1) throw malformed('Morph relation creation payloads must have the same relation type');
  const targetIds = payloads.map((p) => p?.targetObjectMetadataId);
  if (new Set(targetIds).size !== targetIds.length) throw malformed('Morph relation creation payloads must have only relation to the same object metadata');
  const targets = payloads.map((p) => relationTarget(model, p));
  const failed = targets.flatMap((t) => ('error' in t ? [t.error.value] : []));
  if (failed.length) throw malformed('Morph relation input transpilation failed', 'Invalid morph relation input', failed.filter((v) => v !== undefined));
  const morphId = randomUUID();
  return payloads.flatMap((p, i) => {
    const target = (targets[i] as { object: ModelObject }).object;
    const name = `${input.name}${capitalize(p.type === 'MANY_TO_ONE' ? target.nameSingular : target.namePlural)}`;
    return relationPair(model, object, target, input, name, p, morphId);
  });
}

