/** Comparing configuration across workspaces: ids renamed consistently, derived rich-text markdown ignored. */
import { describe, expect, it } from 'vitest';
import { comparableConfiguration, equalModuloIds, isFrontComponentWidget, sameWorkflowDefinition, stepIdsOf } from '../../sdk/config-migration/same-definition.js';

const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';
const X = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const Y = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';

describe('equalModuloIds', () => {
  const cases: Array<[string, unknown, unknown, boolean]> = [
    ['the same steps with other ids', [{ id: A, next: [B] }, { id: B, next: [] }], [{ id: X, next: [Y] }, { id: Y, next: [] }], true],
    ['ids inside templates', { input: `{{${A}.result}}`, id: A }, { input: `{{${X}.result}}`, id: X }, true],
    ['one id standing for two', { id: A, next: [A] }, { id: X, next: [Y] }, false],
    ['two ids standing for one', { id: A, next: [B] }, { id: X, next: [X] }, false],
    ['a different value', { id: A, name: 'Create' }, { id: X, name: 'Update' }, false],
    ['a missing step', [{ id: A }], [{ id: X }, { id: Y }], false],
    ['null and absent alike', { id: A, filter: null }, { id: X }, true],
  ];
  it.each(cases)('%s', (_name, a, b, want) => expect(equalModuloIds(a, b)).toBe(want));
});

describe('sameWorkflowDefinition', () => {
  it('ignores the output schemas Twenty computes from each data model', () => {
    const a = [{ id: A, type: 'CODE', settings: { outputSchema: { tagline: { type: 'TEXT' } }, input: { x: 1 } } }];
    const b = [{ id: X, type: 'CODE', settings: { outputSchema: {}, input: { x: 1 } } }];
    expect(sameWorkflowDefinition(a, b)).toBe(true);
    expect(sameWorkflowDefinition(a, [{ ...b[0], settings: { outputSchema: {}, input: { x: 2 } } }])).toBe(false);
  });

  it('renames step ids only: a record a step names must be the same record (a later run merged it: written again)', () => {
    const R1 = 'cccccccc-cccc-4ccc-8ccc-cccccccccccc';
    const R2 = 'dddddddd-dddd-4ddd-8ddd-dddddddddddd';
    const have = [{ id: A, type: 'UPDATE_RECORD', settings: { input: { objectRecordId: R1 } } }];
    const want = [{ id: X, type: 'UPDATE_RECORD', settings: { input: { objectRecordId: R2 } } }];
    expect(sameWorkflowDefinition(have, want)).toBe(true); // without step ids every id renames: the old behaviour
    expect(sameWorkflowDefinition(have, want, stepIdsOf(have, want))).toBe(false);
    expect(sameWorkflowDefinition(have, [{ ...want[0], settings: { input: { objectRecordId: R1 } } }], stepIdsOf(have, want))).toBe(true);
  });
});

describe('comparableConfiguration', () => {
  it('leaves out the markdown the server derives when the source has none', () => {
    const [a, b] = comparableConfiguration({ body: { blocknote: '[1]', markdown: null } }, { body: { blocknote: '[1]', markdown: '# hi' } });
    expect(a).toEqual(b);
  });
  it('keeps markdown the source holds, and other configurations as they are', () => {
    const [a, b] = comparableConfiguration({ body: { blocknote: '[1]', markdown: 'x' } }, { body: { blocknote: '[1]', markdown: 'y' } });
    expect(a).not.toEqual(b);
    expect(comparableConfiguration({ color: 'red' }, { color: 'blue' })).toEqual([{ color: 'red' }, { color: 'blue' }]);
  });
  it('recognises front-component widgets', () => {
    expect(isFrontComponentWidget({ type: 'FRONT_COMPONENT' })).toBe(true);
    expect(isFrontComponentWidget({ type: 'GRAPH' })).toBe(false);
  });
});
