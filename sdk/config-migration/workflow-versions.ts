/**
 * A workflow definition written by Twenty 1.x, in the shape 2.x runs. Found on a real 1.2.0 source ("Quick Lead"):
 * - 1.x starts a run at the root steps (those no step points to: run-workflow.job.ts `getRootSteps`); 2.x starts
 *   at `trigger.nextStepIds` only (`workflowVersion.trigger.nextStepIds ?? []`), so a copied 1.x workflow would
 *   run no step at all. The root steps are written into the trigger.
 * - a 1.x manual trigger names the object it runs on as `settings.objectType`; 2.x says
 *   `settings.availability` (`SINGLE_RECORD` on that object, else `GLOBAL`), and since 2.15 a record trigger's
 *   fields are read as `{{trigger.payload.<field>}}` instead of `{{trigger.<field>}}`
 *   (upgrade 2-15 migrate-manual-trigger-variables-to-payload, same rewrite).
 * - step kinds whose settings changed shape later (code: `serverlessFunctionId` → `logicFunctionId`; send e-mail:
 *   `email` → `recipients`; find records: `orderBy`) are not rewritten here: they are named, so the report can
 *   say which step to check.
 */
import { isOlderSource } from './older-source.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Step types whose settings 2.x reads differently from 1.x, with what to check. */
const CHANGED_STEP_SETTINGS: Record<string, string> = {
  CODE: 'its code function (1.x serverlessFunctionId, 2.x logicFunctionId)',
  SEND_EMAIL: 'its recipients (1.x `email`, 2.x `recipients.to/cc/bcc`)',
  FIND_RECORDS: 'its sort order (1.x `orderBy`, 2.x `recordSorts`)',
};

export interface ConvertedDefinition {
  trigger: unknown;
  steps: unknown;
  /** What was rewritten, one line each, for the item's detail. */
  converted: string[];
  /** Steps whose settings 2.x reads differently and were kept as they are: "step "X": check …". */
  toCheck: string[];
}

const TRIGGER_VARIABLE = /\{\{trigger\.(?!payload[.}])(?!metadata[.}])(?!_metadata[.}])/g;

/** The ids of steps no other step points to, in their order: where a 1.x run starts. */
function rootStepIds(steps: unknown[]): string[] {
  const targeted = new Set(steps.flatMap((s) => (isObject(s) && Array.isArray(s.nextStepIds) ? s.nextStepIds : [])));
  return steps.filter((s): s is Record<string, unknown> => isObject(s) && typeof s.id === 'string' && !targeted.has(s.id)).map((s) => s.id as string);
}

/**
 * The definition as the target's version runs it; unchanged for a 2.x source.
 *
 * @example
 * fromOlderWorkflow('1.2.0', { type: 'MANUAL', settings: {} }, [{ id: 'a', nextStepIds: [] }]).trigger;
 * // { type: 'MANUAL', settings: { availability: { type: 'GLOBAL' } }, nextStepIds: ['a'] }
 */
export function fromOlderWorkflow(sourceVersion: string | null | undefined, trigger: unknown, steps: unknown): ConvertedDefinition {
  const out: ConvertedDefinition = { trigger, steps, converted: [], toCheck: [] };
  if (!isOlderSource(sourceVersion) || !isObject(trigger)) return out;
  const list = Array.isArray(steps) ? steps : [];
  const t: Record<string, unknown> = { ...trigger };
  if (!Array.isArray(t.nextStepIds) && list.length) {
    t.nextStepIds = rootStepIds(list);
    out.converted.push(`trigger starts at ${(t.nextStepIds as string[]).length} root step(s), as 1.x did`);
  }
  let stepsOut: unknown = steps;
  if (t.type === 'MANUAL' && isObject(t.settings) && !('availability' in t.settings)) {
    const { objectType, ...settings } = t.settings;
    const onRecord = typeof objectType === 'string' && objectType !== '';
    t.settings = { ...settings, availability: onRecord ? { type: 'SINGLE_RECORD', objectNameSingular: objectType } : { type: 'GLOBAL' } };
    out.converted.push(onRecord ? `manual trigger on ${objectType} records` : 'manual trigger available everywhere');
    if (onRecord && steps !== null && steps !== undefined) {
      const text = JSON.stringify(steps);
      const rewritten = text.replace(TRIGGER_VARIABLE, '{{trigger.payload.');
      if (rewritten !== text) {
        stepsOut = JSON.parse(rewritten);
        out.converted.push('record variables read from {{trigger.payload.…}}');
      }
    }
  }
  for (const s of list) {
    if (isObject(s) && typeof s.type === 'string' && CHANGED_STEP_SETTINGS[s.type]) out.toCheck.push(`step "${String(s.name ?? s.id)}": check ${CHANGED_STEP_SETTINGS[s.type]}`);
  }
  return { ...out, trigger: t, steps: stepsOut };
}
