/**
 * Phone numbers as 2.21 re-parses them on write. Found on a real 1.2.0 → 2.21 run: 100 people's numbers came back
 * re-parsed (`0711 4567890` → `7114567890`) and verify called them different from what was sent. The expected
 * values are the real server's answers (test/fixtures/real-2.21/phones-re-parsed.json), so the port is checked
 * against Twenty itself, not against a copy of its rules.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SchemaField, SchemaObject } from '../../sdk/metadata/types.js';
import { objectTransformer } from '../../sdk/transform/index.js';
import { normalisePhone, normalisePhones } from '../../sdk/transform/phones.js';

interface Step { request: { body: { phones: Record<string, unknown> } }; response: { status: number; body: { data?: { createPerson: { phones: Record<string, unknown> } }; messages?: string[] } } }
const recorded = JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/real-2.21/phones-re-parsed.json'), 'utf8')) as { steps: Step[] };

describe('phones as the target stores them', () => {
  it.each(recorded.steps.map((s, i) => [i, s] as const))('step %i gives what the real server stored or refused', (_i, step) => {
    const sent = step.request.body.phones;
    const r = normalisePhones({ ...sent, additionalPhones: sent.additionalPhones ?? [] });
    if (step.response.status === 201) {
      expect(r.refused).toEqual([]);
      expect(r.value).toEqual(step.response.body.data!.createPerson.phones);
    } else {
      // The server refuses the record; here the number is taken out and reported with the server's own words.
      expect(r.refused.map((x) => x.reason)).toEqual(step.response.body.messages);
      expect(r.value.primaryPhoneNumber).toBe('');
    }
  });

  it('is stable: a number already re-parsed (a 2.x source) comes back unchanged', () => {
    const once = normalisePhone({ number: '0711 4567890', countryCode: 'DE', callingCode: '+49' });
    expect(once).toEqual({ status: 'ok', phone: { countryCode: 'DE', callingCode: '+49', number: '7114567890' } });
    expect(normalisePhone(once.status === 'ok' ? once.phone : {})).toEqual(once);
  });

  it('keeps the other additional phones when one is refused, and says which', () => {
    const r = normalisePhones({ additionalPhones: [{ number: 'ext. only', countryCode: 'US' }, { number: '020 7567 8901', countryCode: 'GB' }] });
    expect(r.value.additionalPhones).toEqual([{ countryCode: 'GB', callingCode: '+44', number: '2075678901' }]);
    expect(r.refused).toEqual([{ path: 'additionalPhones[0]', number: 'ext. only', problem: 'INVALID_NUMBER', reason: 'Provided phone number is invalid ext. only' }]);
  });
});

describe('the transform', () => {
  const base = { description: null, icon: null, isCustom: false, isSystem: false, isActive: true, isNullable: true, isUnique: false, defaultValue: null, options: null, settings: null };
  const person: SchemaObject = {
    id: 'o', nameSingular: 'person', namePlural: 'people', labelSingular: 'Person', labelPlural: 'People', description: null, icon: null,
    isCustom: false, isSystem: false, isActive: true, isRemote: false,
    fields: [{ ...base, id: 'id', name: 'id', label: 'Id', type: 'UUID' }, { ...base, id: 'p', name: 'phones', label: 'Phones', type: 'PHONES' } as SchemaField],
  };
  const t = objectTransformer({ source: person, target: person, imported: new Set(['person']), deferred: [], members: undefined });
  const id = 'a0000000-0000-4000-8000-000000000001';

  it('sends the re-parsed number, so verify compares what the target keeps', () => {
    const out = t.transform({ id, phones: { primaryPhoneNumber: '(415) 555-5678', primaryPhoneCountryCode: 'US', primaryPhoneCallingCode: '+1', additionalPhones: null } });
    expect(out.line?.record.phones).toEqual({ primaryPhoneNumber: '4155555678', primaryPhoneCountryCode: 'US', primaryPhoneCallingCode: '+1', additionalPhones: [] });
    expect(out.warnings).toEqual([]);
  });

  it('migrates a record whose number the target would refuse, and reports the number with the record and field', () => {
    const out = t.transform({ id, phones: { primaryPhoneNumber: 'call reception', primaryPhoneCountryCode: 'US', primaryPhoneCallingCode: '+1', additionalPhones: [] } });
    expect(out.line?.record.phones).toMatchObject({ primaryPhoneNumber: '' });
    expect(out.warnings).toEqual([
      expect.objectContaining({ object: 'people', recordId: id, field: 'phones.primaryPhoneNumber', code: 'PHONE_REFUSED_BY_TARGET', severity: 'warning' }),
    ]);
    expect(out.warnings[0].message).toContain('"call reception"');
  });
});
