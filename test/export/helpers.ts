/**
 * Test helpers for the members and export stages: a sandbox with a seeded source, clients, a temporary run folder,
 * and a WorkspaceSchema built straight from the sandbox's model (what readWorkspaceSchema produces, minus the HTTP).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTwentyClient, type TwentyClient } from '../../sdk/client/index.js';
import type { SchemaField, SchemaObject, WorkspaceSchema } from '../../sdk/metadata/types.js';
import { RunFolder } from '../../sdk/run/run-folder.js';
import type { ModelField, WorkspaceModel } from '../sandbox/model/types.js';
import { startSandbox, type Sandbox, type SandboxOptions } from '../sandbox/server.js';
import type { SandboxWorkspace } from '../sandbox/workspace.js';

/** The sandbox model as a WorkspaceSchema: custom = carries the custom application id; relations from the internal target. */
export function schemaFromModel(model: WorkspaceModel, serverUrl = 'http://sandbox'): WorkspaceSchema {
  const objects: SchemaObject[] = model.objects.map((o) => ({
    id: o.id,
    nameSingular: o.nameSingular,
    namePlural: o.namePlural,
    labelSingular: o.labelSingular,
    labelPlural: o.labelPlural,
    isCustom: o.applicationId === model.customApplicationId,
    isSystem: o.isSystem,
    isActive: o.isActive,
    isRemote: o.isRemote,
    fields: o.fields.map((f) => fieldOf(f, model)),
  }));
  return { serverUrl, metadataFormat: model.metadataFormat, objects, warnings: [] };
}

function fieldOf(f: ModelField, model: WorkspaceModel): SchemaField {
  const s = (f.settings ?? {}) as { relationType?: 'MANY_TO_ONE' | 'ONE_TO_MANY'; joinColumnName?: string };
  const isRelation = f.type === 'RELATION' || f.type === 'MORPH_RELATION';
  return {
    id: f.id,
    name: f.name,
    label: f.label,
    type: f.type,
    isCustom: f.applicationId === model.customApplicationId,
    isSystem: f.isSystem,
    isActive: f.isActive,
    isNullable: f.isNullable,
    isUnique: f.isUnique,
    defaultValue: f.defaultValue ?? null,
    options: f.options ?? null,
    settings: f.settings ?? null,
    ...(isRelation && s.relationType
      ? {
          relation: {
            kind: s.relationType,
            targetObject: f.relation?.targetObject ?? null,
            inverseField: f.relation?.targetField ?? null,
            ...(s.relationType === 'MANY_TO_ONE' ? { joinColumn: s.joinColumnName ?? `${f.name}Id` } : {}),
          },
        }
      : {}),
  };
}

export interface TestEnv {
  sandbox: Sandbox;
  sourceWs: SandboxWorkspace;
  targetWs: SandboxWorkspace;
  source: TwentyClient;
  target: TwentyClient;
  schema: WorkspaceSchema;
  close(): Promise<void>;
}

/** Starts a sandbox with a `source` (seeded model) and a `target` (fresh) workspace; clients without client-side limiter. */
export async function startEnv(options: { sourceRateLimit?: SandboxOptions['workspaces'][number]['rateLimit']; fault?: SandboxOptions['fault'] } = {}): Promise<TestEnv> {
  const sandbox = await startSandbox({
    workspaces: [
      { name: 'source', model: 'seeded', rateLimit: options.sourceRateLimit ?? false, timeline: false },
      { name: 'target', model: 'fresh', rateLimit: false, timeline: false },
    ],
    fault: options.fault,
  });
  const sourceWs = sandbox.workspace('source');
  const targetWs = sandbox.workspace('target');
  const client = (ws: SandboxWorkspace) =>
    createTwentyClient({ baseUrl: sandbox.url, apiKey: ws.apiKey, rateLimit: false, retry: { baseDelayMs: 20, maxDelayMs: 200, maxAttempts: 20 } });
  return {
    sandbox,
    sourceWs,
    targetWs,
    source: client(sourceWs),
    target: client(targetWs),
    schema: schemaFromModel(sourceWs.model, sandbox.url),
    close: () => sandbox.close(),
  };
}

/** A fresh run folder in the OS temp dir; `cleanup` removes it. */
export function tempRun(): { run: RunFolder; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'twenty-migrate-test-'));
  return { run: RunFolder.open(dir), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Ids of a sandbox object's rows, active and soft-deleted apart. */
export function sandboxIds(ws: SandboxWorkspace, nameSingular: string): { active: string[]; deleted: string[] } {
  const active: string[] = [];
  const deleted: string[] = [];
  for (const row of ws.table(nameSingular)?.rows.values() ?? []) (row.deletedAt ? deleted : active).push(String(row.id));
  return { active: active.sort(), deleted: deleted.sort() };
}

export const readText = (path: string): string => readFileSync(path, 'utf8');
export const readIds = (path: string): string[] =>
  readText(path).split('\n').filter(Boolean).map((l) => String((JSON.parse(l) as { id: unknown }).id));

/** Signed file URLs (`?token=…`) differ on every listing: replace the token so two exports can be compared byte for byte. */
export const unsignUrls = (text: string): string => text.replace(/([?&]token=)[A-Za-z0-9._-]+/g, '$1<signed>');
