/**
 * The plan stage: import order, deferred join columns, skipped objects, warnings and blockers.
 *
 * @example
 * import { planRun, formatPlan } from './plan/index.js';
 * console.log(formatPlan(await planRun(run, { targetClient })));
 */
export { buildPlan, type BuildPlanInput } from './build-plan.js';
export { formatPlan } from './format.js';
export { memberWarnings } from './member-checks.js';
export { findObject, manyToOneRelations, MEMBER_OBJECT, type ManyToOne } from './objects.js';
export { orderObjects, type DependencyEdge, type OrderInput, type OrderResult } from './order.js';
export { planRun, type PlanRunOptions } from './run-plan.js';
export { carriedFields, schemaGaps, type SchemaGap, type SchemaGapKind } from './schema-gaps.js';
export { detectTargetSideEffects, type ActiveWorkflow, type TargetSideEffects, type TargetWebhook } from './side-effects.js';
