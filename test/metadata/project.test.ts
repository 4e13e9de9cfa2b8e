/** The dry run's projection: the target as `schema apply` would leave it. */
import { describe, expect, it } from 'vitest';
import { buildWorkspaceSchema, diffSchemas, parseMetadataPage, projectSchema, type WorkspaceSchema } from '../../sdk/metadata/index.js';
import { schemaGaps } from '../../sdk/plan/schema-gaps.js';
import { hasShared, readShared } from '../support/shared.js';

function load(name: 'source' | 'target'): WorkspaceSchema {
  const page = parseMetadataPage(readShared(`openapi/${name}-objects.json`), 'objects')!;
  return buildWorkspaceSchema(page.items, { serverUrl: 'http://127.0.0.1:3000', metadataFormat: page.format, openApi: readShared(`openapi/${name}-core.json`) });
}

describe.skipIf(!hasShared)('projectSchema', () => {
  it('adds everything apply would create, so nothing is left to create, and leaves the real target untouched', () => {
    const source = load('source');
    const target = load('target');
    const differences = diffSchemas(source, target);
    expect(differences.filter((d) => d.action === 'create').length).toBeGreaterThan(0);
    const projected = projectSchema(source, target, differences);
    expect(projected.projected).toBe(true);
    expect(diffSchemas(source, projected).filter((d) => d.action === 'create' || d.action === 'add-options')).toEqual([]);
    expect(projected.objects.find((o) => o.nameSingular === 'pet')?.fields.some((f) => f.name === 'species')).toBe(true);
    expect(projected.objects.find((o) => o.nameSingular === 'company')?.fields.some((f) => f.name === 'tagline')).toBe(true);
    expect(target.objects.some((o) => o.nameSingular === 'pet')).toBe(false);
  });

  it('brings the target<Object> fields Twenty creates with a custom object, so the plan does not call them dropped', () => {
    const source = load('source');
    const target = load('target');
    expect(schemaGaps(source, target, 'attachments').map((g) => g.field)).toContain('targetPet');
    const projected = projectSchema(source, target, diffSchemas(source, target));
    for (const host of ['attachments', 'noteTargets', 'taskTargets']) {
      expect(schemaGaps(source, projected, host).filter((g) => g.kind === 'missing-field').map((g) => g.field)).toEqual([]);
    }
  });
});
