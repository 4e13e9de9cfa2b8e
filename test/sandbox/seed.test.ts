/**
 * The seed generator: deterministic, complete records in Twenty's REST shape, valid values, relations that
 * point at earlier records of the right object, unique fields unique, files behind every FILES value.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadBuiltInModel } from './model/model.js';
import type { ModelField, ModelObject, WorkspaceModel } from './model/types.js';
import { generateSeed, type Seed, type SeedRecord } from './seed/index.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const NOW = Date.parse('2026-01-01T00:00:00.000Z');

const isManyToOne = (f: ModelField) =>
  (f.type === 'RELATION' || f.type === 'MORPH_RELATION') && (f.settings as { relationType?: string } | null)?.relationType === 'MANY_TO_ONE';
const joinColumn = (f: ModelField) => (f.settings as { joinColumnName?: string }).joinColumnName ?? `${f.name}Id`;
const SYSTEM = new Set(['id', 'createdAt', 'updatedAt', 'deletedAt', 'createdBy', 'updatedBy', 'position']);

/** Every record of a seed, by object nameSingular (members included), materialized for checking. */
function materialize(model: WorkspaceModel, seed: Seed) {
  const objects = new Map(model.objects.map((o) => [o.namePlural, o]));
  const all = new Map<string, { object: ModelObject; records: SeedRecord[] }>();
  all.set('workspaceMember', { object: objects.get('workspaceMembers')!, records: seed.members });
  for (const o of seed.objects) all.set(o.nameSingular, { object: objects.get(o.namePlural)!, records: [...o.records()] });
  return all;
}

/** Why a value is not valid for its field in Twenty 2.21, or null. */
function invalid(field: ModelField, v: unknown): string | null {
  const options = (field.options ?? []).map((o) => o.value);
  const obj = v as Record<string, any>;
  const isString = (x: unknown) => typeof x === 'string';
  if (v === null) return field.isNullable ? null : 'null in non-nullable field';
  switch (field.type) {
    case 'TEXT':
      return isString(v) ? null : 'not a string';
    case 'UUID':
      return UUID.test(v as string) ? null : 'not a uuid';
    case 'NUMBER': {
      if (typeof v !== 'number' || !Number.isFinite(v)) return 'not a number';
      const s = (field.settings ?? {}) as { dataType?: string };
      return (s.dataType === 'int' || s.dataType === 'bigint') && !Number.isSafeInteger(v) ? 'not an integer' : null;
    }
    case 'BOOLEAN':
      return typeof v === 'boolean' ? null : 'not a boolean';
    case 'DATE':
      return /^\d{4}-\d{2}-\d{2}$/.test(v as string) && !Number.isNaN(Date.parse(v as string)) ? null : 'bad date';
    case 'DATE_TIME':
      return ISO.test(v as string) ? null : 'bad date-time';
    case 'SELECT':
    case 'RATING':
      return options.includes(v as string) ? null : `"${v}" not an option`;
    case 'MULTI_SELECT':
      return Array.isArray(v) && v.every((x) => options.includes(x)) && new Set(v).size === v.length ? null : 'bad multi-select';
    case 'CURRENCY':
      if (obj.amountMicros === null && obj.currencyCode === null) return null;
      return Number.isSafeInteger(obj.amountMicros) && /^[A-Z]{3}$/.test(obj.currencyCode) ? null : 'bad currency';
    case 'FULL_NAME':
      return isString(obj.firstName) && isString(obj.lastName) && Object.keys(obj).length === 2 ? null : 'bad full name';
    case 'EMAILS':
      return (obj.primaryEmail === '' || EMAIL.test(obj.primaryEmail)) && Array.isArray(obj.additionalEmails) && obj.additionalEmails.every((e: string) => EMAIL.test(e))
        ? null
        : 'bad emails';
    case 'PHONES': {
      const empty = obj.primaryPhoneNumber === '';
      const codes = /^[A-Z]{2}$/.test(obj.primaryPhoneCountryCode) && /^\+\d{1,4}$/.test(obj.primaryPhoneCallingCode);
      return (empty || (/^\d{6,15}$/.test(obj.primaryPhoneNumber) && codes)) && Array.isArray(obj.additionalPhones) ? null : 'bad phones';
    }
    case 'LINKS':
      return (obj.primaryLinkUrl === '' || /^https:\/\/[^\s]+$/.test(obj.primaryLinkUrl)) && isString(obj.primaryLinkLabel) && Array.isArray(obj.secondaryLinks) ? null : 'bad links';
    case 'ADDRESS': {
      const keys = ['addressStreet1', 'addressStreet2', 'addressCity', 'addressPostcode', 'addressState', 'addressCountry', 'addressLat', 'addressLng'];
      const ok = JSON.stringify(Object.keys(obj)) === JSON.stringify(keys) && keys.slice(0, 6).every((k) => isString(obj[k]));
      return ok && [obj.addressLat, obj.addressLng].every((x) => x === null || typeof x === 'number') ? null : 'bad address';
    }
    case 'ARRAY':
      return Array.isArray(v) && v.every(isString) ? null : 'bad array';
    case 'RAW_JSON':
      return typeof v === 'object' ? null : 'bad json';
    case 'RICH_TEXT': {
      if (obj.blocknote === null && obj.markdown === null) return null;
      const blocks = JSON.parse(obj.blocknote);
      return Array.isArray(blocks) && blocks.every((b) => UUID.test(b.id) && b.type && b.props) && isString(obj.markdown) ? null : 'bad rich text';
    }
    case 'FILES':
      return Array.isArray(v) && v.length > 0 && v.every((f) => UUID.test(f.fileId) && isString(f.label) && isString(f.extension)) ? null : 'bad files';
    case 'ACTOR':
      return ['MANUAL', 'IMPORT', 'API', 'WORKFLOW', 'EMAIL', 'SYSTEM'].includes(obj.source) && isString(obj.name) && 'context' in obj ? null : 'bad actor';
    default:
      return `unexpected type ${field.type}`;
  }
}

/** Whether a valid value is non-empty (to prove every type gets real values, not just empties). */
function filled(field: ModelField, v: unknown): boolean {
  if (v === null || v === '' || (Array.isArray(v) && v.length === 0)) return false;
  const obj = v as Record<string, unknown>;
  switch (field.type) {
    case 'CURRENCY':
      return obj.amountMicros !== null;
    case 'FULL_NAME':
      return obj.firstName !== '';
    case 'EMAILS':
      return obj.primaryEmail !== '';
    case 'PHONES':
      return obj.primaryPhoneNumber !== '';
    case 'LINKS':
      return obj.primaryLinkUrl !== '';
    case 'ADDRESS':
      return obj.addressCity !== '';
    case 'RICH_TEXT':
      return obj.blocknote !== null;
    default:
      return true;
  }
}

const digest = (seed: Seed) => {
  const h = createHash('sha256');
  h.update(JSON.stringify(seed.members));
  for (const o of seed.objects) for (const r of o.records()) h.update(JSON.stringify(r));
  for (const [id, f] of seed.files) h.update(id).update(f.name).update(f.bytes);
  return h.digest('hex');
};

const seeded = loadBuiltInModel('seeded');
const fresh = loadBuiltInModel('fresh');

describe('generateSeed on the seeded model', () => {
  const seed = generateSeed(seeded, { records: 6000, seed: 42 });
  const all = materialize(seeded, seed);
  const ids = new Map([...all].map(([name, { records }]) => [name, new Set(records.map((r) => r.id as string))]));

  it('is deterministic for a seed and differs across seeds', () => {
    const again = digest(generateSeed(seeded, { records: 6000, seed: 42 }));
    expect(again).toBe(digest(seed));
    expect(digest(generateSeed(seeded, { records: 6000, seed: 43 }))).not.toBe(again);
    // Random access gives the same record as iteration.
    const people = seed.objects.find((o) => o.namePlural === 'people')!;
    expect(people.record(17)).toEqual(all.get('person')!.records[17]);
    expect(people.idOf(17)).toBe(all.get('person')!.records[17].id);
  });

  it('produces `records` records, spread like a real workspace, custom objects included', () => {
    const counts = Object.fromEntries(seed.objects.map((o) => [o.nameSingular, o.count]));
    expect(seed.objects.reduce((s, o) => s + o.count, 0)).toBe(6000);
    for (const o of seed.objects) expect(all.get(o.nameSingular)!.records.length).toBe(o.count);
    expect(counts.person).toBeGreaterThan(counts.company);
    expect(counts.company / 6000).toBeCloseTo(0.15, 1);
    for (const name of ['opportunity', 'note', 'noteTarget', 'task', 'taskTarget', 'attachment', 'pet', 'rocket', 'surveyResult', 'employmentHistory', 'petCareAgreement']) {
      expect(counts[name], name).toBeGreaterThan(0);
    }
    // Synced or generated data is not seeded.
    expect(counts.message ?? 0).toBe(0);
    expect(counts.timelineActivity ?? 0).toBe(0);
    expect(seed.members).toHaveLength(5);
  });

  it('emits every data field and join column, and no one-to-many field or searchVector', () => {
    for (const [name, { object, records }] of all) {
      const expected = object.fields
        .filter((f) => f.isActive && f.type !== 'TS_VECTOR' && (!['RELATION', 'MORPH_RELATION'].includes(f.type) || isManyToOne(f)))
        .map((f) => (isManyToOne(f) ? joinColumn(f) : f.name));
      for (const r of records.slice(0, 50)) expect(Object.keys(r), name).toEqual(expected);
    }
  });

  it('points every join column at an existing record of the right object, inserted earlier', () => {
    const order = ['workspaceMember', ...seed.objects.map((o) => o.nameSingular)];
    const memberIds = ids.get('workspaceMember')!;
    let checked = 0;
    for (const [name, { object, records }] of all) {
      for (const f of object.fields.filter(isManyToOne)) {
        const target = f.relation!.targetObject;
        const targetIds = ids.get(target);
        for (const [i, r] of records.entries()) {
          const v = r[joinColumn(f)];
          if (v === null) continue;
          expect(targetIds?.has(v as string), `${name}.${joinColumn(f)} → ${target}`).toBe(true);
          if (target === name) expect(all.get(name)!.records.findIndex((x) => x.id === v)).toBeLessThan(i);
          else expect(order.indexOf(target), `${target} before ${name}`).toBeLessThan(order.indexOf(name));
          checked++;
        }
      }
      for (const r of records) {
        for (const actor of [r.createdBy, r.updatedBy] as Array<{ workspaceMemberId: string | null }>) {
          if (actor.workspaceMemberId !== null) expect(memberIds.has(actor.workspaceMemberId)).toBe(true);
        }
      }
    }
    expect(checked).toBeGreaterThan(5000);
    // Member references come from the model: accountOwnerId, ownerId, assigneeId are all used.
    for (const [o, col] of [['company', 'accountOwnerId'], ['opportunity', 'ownerId'], ['task', 'assigneeId']]) {
      expect(all.get(o)!.records.some((r) => memberIds.has(r[col] as string)), col).toBe(true);
    }
  });

  it('keeps unique fields unique (people emails, company domains, member emails)', () => {
    const keyOf = (f: ModelField, r: SeedRecord) => {
      const v = r[f.name] as any;
      return String(f.type === 'EMAILS' ? v.primaryEmail : f.type === 'LINKS' ? v.primaryLinkUrl : v).toLowerCase();
    };
    let uniqueFields = 0;
    for (const [name, { object, records }] of all) {
      for (const f of object.fields.filter((x) => x.isUnique && x.name !== 'id')) {
        const keys = records.map((r) => keyOf(f, r));
        expect(keys.every((k) => k !== '' && k !== 'null'), `${name}.${f.name} always set`).toBe(true);
        expect(new Set(keys).size, `${name}.${f.name}`).toBe(keys.length);
        uniqueFields++;
      }
    }
    expect(uniqueFields).toBe(3);
    for (const r of all.get('company')!.records) expect((r.domainName as any).primaryLinkUrl).toMatch(/^https:\/\//);
  });

  it('gives every field a valid value, and every field type of the model a real (non-empty) value somewhere', () => {
    const filledTypes = new Set<string>();
    for (const [name, { object, records }] of all) {
      for (const f of object.fields) {
        if (!f.isActive || f.type === 'TS_VECTOR' || f.type === 'RELATION' || f.type === 'MORPH_RELATION' || f.type === 'POSITION') continue;
        for (const r of records) {
          const v = r[f.name];
          if (f.name === 'id' || f.type === 'DATE_TIME') {
            if (v !== null) filledTypes.add(f.type);
          }
          const why = invalid(f, v);
          if (why) expect.fail(`${name}.${f.name} = ${JSON.stringify(v)?.slice(0, 200)}: ${why}`);
          if (filled(f, v)) filledTypes.add(f.type);
        }
      }
      if (object.fields.some(isManyToOne)) filledTypes.add(object.fields.find(isManyToOne)!.type);
      if (object.fields.some((f) => isManyToOne(f) && f.type === 'MORPH_RELATION')) filledTypes.add('MORPH_RELATION');
      if (records.some((r) => typeof r.position === 'number')) filledTypes.add('POSITION');
    }
    const modelTypes = new Set(seeded.objects.flatMap((o) => o.fields.map((f) => f.type)));
    modelTypes.delete('TS_VECTOR');
    expect([...modelTypes].filter((t) => !filledTypes.has(t))).toEqual([]);
  });

  it('keeps timestamps ordered and in the past, actors realistic', () => {
    const sources = new Set<string>();
    for (const { records } of all.values()) {
      for (const r of records) {
        const created = Date.parse(r.createdAt as string);
        const updated = Date.parse(r.updatedAt as string);
        expect(created).toBeLessThanOrEqual(updated);
        expect(updated).toBeLessThanOrEqual(NOW);
        if (r.deletedAt !== null) expect(Date.parse(r.deletedAt as string)).toBeGreaterThanOrEqual(updated);
        sources.add((r.createdBy as { source: string }).source);
      }
    }
    expect([...sources]).toEqual(expect.arrayContaining(['MANUAL', 'IMPORT', 'API']));
  });

  it('soft-deletes about the requested share', () => {
    const records = [...all.values()].flatMap((x) => x.records);
    const share = records.filter((r) => r.deletedAt !== null).length / records.length;
    expect(share).toBeGreaterThan(0.01);
    expect(share).toBeLessThan(0.03);
    const none = generateSeed(seeded, { records: 500, softDeletedShare: 0 });
    expect(none.objects.every((o) => [...o.records()].every((r) => r.deletedAt === null))).toBe(true);
  });

  it('sets exactly one target on each noteTarget, taskTarget and attachment, across several objects', () => {
    for (const name of ['noteTarget', 'taskTarget', 'attachment']) {
      const { object, records } = all.get(name)!;
      const morphColumns = object.fields.filter((f) => f.type === 'MORPH_RELATION' && isManyToOne(f)).map(joinColumn);
      const used = new Set<string>();
      for (const r of records) {
        const set = morphColumns.filter((c) => r[c] !== null);
        expect(set, `${name} ${r.id}`).toHaveLength(1);
        used.add(set[0]);
      }
      expect([...used], name).toEqual(expect.arrayContaining(['targetPersonId', 'targetCompanyId', 'targetOpportunityId']));
      expect([...used].some((c) => ['targetPetId', 'targetRocketId', 'targetSurveyResultId'].includes(c)), name).toBe(true);
    }
    // Every note has at least one target.
    const noted = new Set(all.get('noteTarget')!.records.map((r) => r.noteId));
    expect(noted.size).toBe(all.get('note')!.records.length);
  });

  it('backs every FILES value with a file of real content', () => {
    let refs = 0;
    for (const [, { object, records }] of all) {
      for (const f of object.fields.filter((x) => x.type === 'FILES')) {
        for (const r of records) {
          for (const ref of (r[f.name] as Array<{ fileId: string; extension: string }> | null) ?? []) {
            const file = seed.files.get(ref.fileId);
            expect(file, ref.fileId).toBeDefined();
            expect(file!.extension).toBe(ref.extension);
            refs++;
          }
        }
      }
    }
    expect(refs).toBe(seed.files.size);
    const byExt = new Map([...seed.files.values()].map((f) => [f.extension, f]));
    expect([...byExt.keys()].sort()).toEqual(['csv', 'json', 'pdf', 'png', 'txt']);
    expect(byExt.get('pdf')!.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(byExt.get('png')!.bytes.subarray(1, 4).toString()).toBe('PNG');
    expect(() => JSON.parse(byExt.get('json')!.bytes.toString())).not.toThrow();
    expect(byExt.get('csv')!.bytes.toString()).toMatch(/^name,email,amount,note\r\n/);
    expect(byExt.get('png')!.mimeType).toBe('image/png');
  });

  it('sprinkles awkward values: unicode, quotes and commas, long text, zero amounts, boundary dates', () => {
    const text = [...all.values()].flatMap((x) => x.records).map((r) => JSON.stringify(r)).join('\n');
    const has = (what: string, pattern: RegExp | string) =>
      expect(typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text), what).toBe(true);
    has('CJK', /[\u4e00-\u9fff]/);
    has('Hebrew or Arabic', /[\u0590-\u06ff]/);
    has('emoji', /\p{Extended_Pictographic}/u);
    has('apostrophe and comma', `O'Brien, Smith`);
    has('zero amount', '"amountMicros":0,');
    has('boundary date', /"(1970-01-01|2000-02-29|2038-01-19|1900-01-01)/);
    const longest = Math.max(...[...all.values()].flatMap((x) => x.records).flatMap((r) => Object.values(r).filter((v) => typeof v === 'string').map((v) => (v as string).length)));
    expect(longest).toBeGreaterThan(2000);
  });
});

describe('generateSeed options and other models', () => {
  it('works on a fresh workspace model (standard objects only)', () => {
    const seed = generateSeed(fresh, { records: 1000, seed: 3, members: 1 });
    expect(seed.members).toHaveLength(1);
    expect(seed.objects.reduce((s, o) => s + o.count, 0)).toBe(1000);
    const names = seed.objects.map((o) => o.nameSingular);
    expect(names.slice(0, 3)).toEqual(['company', 'person', 'opportunity']);
    const all = materialize(fresh, seed);
    const ids = new Map([...all].map(([n, { records }]) => [n, new Set(records.map((r) => r.id))]));
    for (const [name, { object, records }] of all) {
      for (const f of object.fields.filter(isManyToOne)) {
        for (const r of records) {
          const v = r[joinColumn(f)];
          if (v !== null) expect(ids.get(f.relation!.targetObject)?.has(v), `${name}.${f.name}`).toBe(true);
        }
      }
    }
    for (const r of all.get('noteTarget')!.records) {
      expect(['targetPersonId', 'targetCompanyId', 'targetOpportunityId'].filter((c) => r[c] !== null)).toHaveLength(1);
    }
  });

  it('fills custom relations to workspace members found in the model', () => {
    const model = loadBuiltInModel('seeded');
    const pet = model.objects.find((o) => o.nameSingular === 'pet')!;
    pet.fields.push({
      ...pet.fields.find((f) => f.name === 'polymorphicOwnerRocket')!,
      id: '00000000-0000-4000-8000-0000000000aa', type: 'RELATION', name: 'vet', label: 'Vet', morphId: null,
      settings: { relationType: 'MANY_TO_ONE', onDelete: 'SET_NULL', joinColumnName: 'vetId' },
      relation: { targetObject: 'workspaceMember', targetField: 'petsAsVet' },
    });
    const seed = generateSeed(model, { records: 2000, members: 3 });
    const memberIds = new Set(seed.members.map((m) => m.id));
    const pets = [...seed.objects.find((o) => o.nameSingular === 'pet')!.records()];
    expect(pets.filter((p) => memberIds.has(p.vetId as string)).length).toBeGreaterThan(pets.length / 2);
    expect(pets.every((p) => p.vetId === null || memberIds.has(p.vetId as string))).toBe(true);
  });

  it('honours weights, and with no members uses API actors', () => {
    const seed = generateSeed(seeded, { records: 300, members: 0, weights: { pet: 0, rocket: 0, dashboard: 0 } });
    const names = seed.objects.map((o) => o.nameSingular);
    expect(names).not.toContain('pet');
    expect(names).not.toContain('dashboard');
    expect(seed.members).toEqual([]);
    for (const o of seed.objects) for (const r of o.records()) expect((r.createdBy as { workspaceMemberId: unknown }).workspaceMemberId).toBeNull();
  });

  it('can include one large file, made without holding it in the source', () => {
    const size = 5 * 1024 * 1024 + 3;
    const seed = generateSeed(seeded, { records: 200, largeFileBytes: size });
    const attachment = seed.objects.find((o) => o.nameSingular === 'attachment')!.record(0);
    const [ref] = attachment.file as Array<{ fileId: string; extension: string }>;
    expect(ref.extension).toBe('bin');
    const file = seed.files.get(ref.fileId)!;
    expect(file.bytes.length).toBe(size);
    expect(file.bytes.equals(file.bytes)).toBe(true);
    expect(attachment.fileCategory).toBe('ARCHIVE');
  });

  it('generates 100k records in seconds without holding them (timing logged, not asserted)', () => {
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    const seed = generateSeed(seeded, { records: 100_000, seed: 9 });
    let count = 0;
    let bytes = 0;
    for (const o of seed.objects) {
      for (const r of o.records()) {
        count++;
        if (count % 97 === 0) bytes += JSON.stringify(r).length;
      }
    }
    const ms = performance.now() - started;
    const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1e6;
    console.log(`seed: 100k records in ${Math.round(ms)} ms, heap +${Math.round(heapMb)} MB, ${seed.files.size} files, ~${Math.round((bytes * 97) / 1e6)} MB as JSON`);
    expect(count).toBe(100_000);
    // Lazily generated: the heap grows by the file table, not by the records (which would be several hundred MB).
    expect(heapMb).toBeLessThan(200);
  }, 120_000);
});
