/**
 * The data-model stage (guide step 2, "recreate every custom object and field"): read both workspaces' data
 * models, diff them, and create in the target what it lacks.
 *
 * @example
 * import { applySchema, diffSchemas, formatPlan, planSchemaApply, readWorkspaceSchema } from './metadata/index.js';
 * const source = await readWorkspaceSchema({ baseUrl: SOURCE_URL, apiKey: SOURCE_KEY });
 * const target = await readWorkspaceSchema({ baseUrl: TARGET_URL, apiKey: TARGET_KEY });
 * const diff = diffSchemas(source, target);
 * const plan = planSchemaApply(diff, source, target);
 * console.log(formatPlan(plan));                                   // what --dry-run shows
 * const result = await applySchema(plan, { baseUrl: TARGET_URL, apiKey: TARGET_KEY });
 */
export type { FieldType, SchemaField, SchemaObject, SchemaOption, SchemaRelation, WorkspaceSchema } from './types.js';
export { buildWorkspaceSchema, readWorkspaceSchema, schemaClients } from './read.js';
export type { ReadSchemaOptions } from './read.js';
export { parseMetadataItem, parseMetadataPage } from './shapes.js';
export type { MetadataKind, MetadataPage } from './shapes.js';
export { resolveRelations } from './relations.js';
export { isAutoCreatedField, MORPH_HOSTS, OBJECT_BASE_FIELDS } from './auto-fields.js';
export { diffSchemas } from './diff.js';
export { morphBaseName } from './diff-relations.js';
export type { DifferenceAction, DifferenceKind, SchemaDifference } from './difference.js';
export { formatPlan, planSchemaApply, PLAN_PHASES } from './plan.js';
export type { CallIntent, PlannedCall, PlanOptions, PlanPhase, SchemaPlan, UnappliedDifference } from './plan.js';
export { applySchema } from './apply.js';
export type { ApplyOptions, ApplyResult, CallResult, CallStatus } from './apply.js';
export { projectSchema } from './project.js';
