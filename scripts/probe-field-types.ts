/**
 * Asks a real Twenty server which fields its metadata API creates, and records every exchange for the sandbox's
 * replay test (test/sandbox/recorded/). In TARGET: a throwaway object, then fields the server should refuse (NUMERIC,
 * POSITION, TS_VECTOR, RICH_TEXT_V2, FILES without maxNumberOfValues, a relation without targetFieldIcon or without
 * a payload, a morph relation to its own object, a taken name) and accept (UUID, ACTOR, RATING, relations to
 * members, to itself, one-to-many, morph); the object is deleted afterwards. In SOURCE: the every-type `gadget`
 * (test/metadata/every-type.ts), left in place for `schema apply`.
 *
 * Keys come from the environment and are never written: recordings hold no Authorization header.
 *
 * Steps: `all` (default: `target` then `source`), `records` (gadget records in SOURCE, with a photo), `compare`
 * (every gadget value in SOURCE against TARGET, after a migration).
 *
 * @example
 * set -a; . /work/roots/t221b/keys.env; set +a
 * flock /work/roots/t221b.lock npx tsx scripts/probe-field-types.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { uploadFilesFieldFile } from '../sdk/files/transfer.js';
import { GADGET, GADGET_IDS, gadgetDifferences, gadgetFieldBodies, gadgetRecords, PHOTO, readGadgets } from '../test/metadata/every-type.js';

type Auth = 'SOURCE' | 'TARGET';
type Json = any;

const out = resolve(import.meta.dirname, '../test/sandbox/recorded');
const env = (name: string) => process.env[name] ?? (() => { throw new Error(`${name} is not set (source keys.env first)`); })();
const server = { SOURCE: { url: env('SOURCE_URL'), key: env('SOURCE_API_KEY') }, TARGET: { url: env('TARGET_URL'), key: env('TARGET_API_KEY') } };
let sequence = 0;
/** `--no-record`: make the calls, write no recording (to set the source up again after a reset). */
const recording = !process.argv.includes('--no-record');

/** One exchange; recorded under `name` when given (numbered in the order they were made). */
async function call(auth: Auth, method: string, path: string, body?: Json, record?: { name: string; description: string; refs?: Record<string, string> }) {
  const [pathname, search = ''] = path.split('?');
  const res = await fetch(`${server[auth].url}${path}`, {
    method, headers: { Authorization: `Bearer ${server[auth].key}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  const answer = text ? JSON.parse(text) : null;
  if (record && recording) {
    const name = `${String(++sequence).padStart(2, '0')}-${record.name}`;
    const transcript = {
      name, description: record.description, auth,
      request: { method, path: pathname, query: Object.fromEntries(new URLSearchParams(search)), headers: body ? { 'Content-Type': 'application/json' } : {}, body: body ?? null },
      response: { status: res.status, headers: { 'content-type': res.headers.get('content-type') }, body: answer },
      ...(record.refs ? { refs: record.refs } : {}),
    };
    const json = JSON.stringify(transcript, null, 2);
    for (const k of [server.SOURCE.key, server.TARGET.key]) if (json.includes(k)) throw new Error('a key would be written into a recording');
    writeFileSync(resolve(out, `${name}.json`), `${json}\n`);
  }
  console.log(`${res.status} ${method} ${path} ${record?.name ?? ''} ${res.status >= 400 ? text.slice(0, 400) : ''}`);
  return { status: res.status, body: answer };
}

const items = (body: Json) => (Array.isArray(body.data) ? body.data : (body.data.objects ?? body.data.fields));
const item = (body: Json) => (body?.id ? body : Object.values(body?.data ?? {})[0]) as Json;

async function objectIds(auth: Auth) {
  const { body } = await call(auth, 'GET', '/rest/metadata/objects?limit=200');
  return Object.fromEntries(items(body).map((o: Json) => [o.nameSingular, o.id])) as Record<string, string>;
}

/** The refs a recording needs to be replayed elsewhere: recorded object ids by name. */
const refsFor = (ids: Record<string, string>, names: string[]) => Object.fromEntries(names.map((n) => [ids[n], `object:${n}`]));

async function probeTarget() {
  const ids = await objectIds('TARGET');
  const object = { nameSingular: 'probeWidget', namePlural: 'probeWidgets', labelSingular: 'Probe widget', labelPlural: 'Probe widgets', icon: 'IconBox' };
  const created = await call('TARGET', 'POST', '/rest/metadata/objects', object, { name: 'fields-probe-object', description: 'a throwaway custom object for the field probes that follow' });
  const widget = item(created.body).id as string;
  const std = refsFor(ids, ['company', 'person', 'workspaceMember']);
  const field = (name: string, description: string, body: Json, refs: Record<string, string> = {}) =>
    call('TARGET', 'POST', '/rest/metadata/fields', { objectMetadataId: widget, ...body }, { name, description, refs });
  const payload = (type: string, target: string, label: string, icon?: string) => ({ type, targetObjectMetadataId: target, targetFieldLabel: label, ...(icon ? { targetFieldIcon: icon } : {}) });

  await field('fields-refuse-numeric', 'NUMERIC: 400, refused for custom fields ("Use NUMBER instead")', { type: 'NUMERIC', name: 'amountNumeric', label: 'Amount numeric' });
  await field('fields-refuse-position', 'POSITION not named position and not system: 400, two errors', { type: 'POSITION', name: 'rank', label: 'Rank' });
  await field('fields-refuse-ts-vector', 'TS_VECTOR: 400, refused before validation', { type: 'TS_VECTOR', name: 'searchText', label: 'Search text' });
  await field('fields-refuse-rich-text-v2', 'RICH_TEXT_V2 is not a 2.21 type (bodyV2 is RICH_TEXT): 400 listing the types', { type: 'RICH_TEXT_V2', name: 'notesV2', label: 'Notes V2' });
  await field('fields-refuse-files-without-max', 'FILES without settings.maxNumberOfValues: 400', { type: 'FILES', name: 'scans', label: 'Scans' });
  await field('fields-refuse-relation-without-icon', 'RELATION whose relationCreationPayload has no targetFieldIcon: 400', { type: 'RELATION', name: 'company', label: 'Company', relationCreationPayload: payload('MANY_TO_ONE', ids.company, 'Probe widgets') }, std);
  await field('fields-refuse-relation-without-payload', 'RELATION without relationCreationPayload: 400', { type: 'RELATION', name: 'company', label: 'Company' });
  await field('fields-refuse-morph-to-itself', 'MORPH_RELATION with its own object among the targets: 400', {
    type: 'MORPH_RELATION', name: 'linked', label: 'Linked', morphRelationsCreationPayload: [payload('MANY_TO_ONE', widget, 'Linked from', 'IconLink'), payload('MANY_TO_ONE', ids.company, 'Linked widgets', 'IconLink')],
  }, std);
  await field('fields-refuse-name-taken', 'a field named like an existing one (name): 400', { type: 'TEXT', name: 'name', label: 'Name' });
  await field('fields-refuse-inverse-name-taken', 'a relation whose inverse name (from targetFieldLabel "Name") is taken on company: 400', {
    type: 'RELATION', name: 'owningCompany', label: 'Owning company', relationCreationPayload: payload('MANY_TO_ONE', ids.company, 'Name', 'IconBox'),
  }, std);

  await field('fields-accept-uuid', 'UUID: 201', { type: 'UUID', name: 'externalRef', label: 'External ref' });
  await field('fields-accept-actor', 'ACTOR without defaultValue: 201, default {source MANUAL, name System}', { type: 'ACTOR', name: 'reviewedBy', label: 'Reviewed by' });
  await field('fields-accept-rating', 'RATING with options of its own: 201, the server makes RATING_1..RATING_5', {
    type: 'RATING', name: 'stars', label: 'Stars', options: [{ value: 'ONE', label: 'One', position: 0 }],
  });
  await field('fields-accept-files', 'FILES with maxNumberOfValues 3: 201', { type: 'FILES', name: 'scans', label: 'Scans', settings: { maxNumberOfValues: 3 } });
  await field('fields-accept-relation-to-member', 'MANY_TO_ONE relation to workspaceMember: 201, inverse on workspaceMember', {
    type: 'RELATION', name: 'steward', label: 'Steward', icon: 'IconUser', relationCreationPayload: payload('MANY_TO_ONE', ids.workspaceMember, 'Stewarded widgets', 'IconBox'),
  }, std);
  await field('fields-accept-relation-to-itself', 'MANY_TO_ONE relation to its own object: 201, inverse on the same object', {
    type: 'RELATION', name: 'parentWidget', label: 'Parent widget', icon: 'IconHierarchy', relationCreationPayload: payload('MANY_TO_ONE', widget, 'Child widgets', 'IconHierarchy2'),
  });
  await field('fields-accept-relation-one-to-many', 'ONE_TO_MANY relation to person: 201, the join column is on person', {
    type: 'RELATION', name: 'reviewers', label: 'Reviewers', icon: 'IconUsers', relationCreationPayload: payload('ONE_TO_MANY', ids.person, 'Reviewed widget', 'IconBox'),
  }, std);
  await field('fields-accept-relation-to-company', 'MANY_TO_ONE relation to company with a description: 201, the description goes to both sides', {
    type: 'RELATION', name: 'maker', label: 'Maker', icon: 'IconBuildingFactory', description: 'Who makes it', relationCreationPayload: payload('MANY_TO_ONE', ids.company, 'Made widgets', 'IconBox'),
  }, std);
  await field('fields-accept-morph', 'MORPH_RELATION to company and person: 201, answer = first member', {
    type: 'MORPH_RELATION', name: 'sponsor', label: 'Sponsor', icon: 'IconCoin', morphRelationsCreationPayload: [payload('MANY_TO_ONE', ids.company, 'Sponsored widgets', 'IconCoin'), payload('MANY_TO_ONE', ids.person, 'Sponsored widgets', 'IconCoin')],
  }, std);
  const after = await call('TARGET', 'GET', `/rest/metadata/objects/${widget}`);
  const inverses = await call('TARGET', 'GET', '/rest/metadata/objects?limit=200');
  const on = (n: string) => items(inverses.body).find((o: Json) => o.nameSingular === n).fields.filter((f: Json) => /[Ww]idget/.test(f.name)).map((f: Json) => `${f.name} ${f.type} ${JSON.stringify(f.settings)} "${f.description}" ${f.icon}`);
  console.log(JSON.stringify({ widget: item(after.body).fields.map((f: Json) => `${f.name} ${f.type} ${JSON.stringify(f.settings)} "${f.description}" ${f.icon} ${JSON.stringify(f.defaultValue)}`), company: on('company'), person: on('person'), workspaceMember: on('workspaceMember') }, null, 1));
  await call('TARGET', 'DELETE', `/rest/metadata/objects/${widget}`);
}

async function createGadgetInSource() {
  const created = await call('SOURCE', 'POST', '/rest/metadata/objects', GADGET, { name: 'gadget-object', description: 'SOURCE (legacy shape): the every-type custom object of test/metadata/every-type.ts' });
  const ids = { ...(await objectIds('SOURCE')), gadget: item(created.body).id };
  for (const body of gadgetFieldBodies(ids)) {
    await call('SOURCE', 'POST', '/rest/metadata/fields', body, {
      name: `gadget-field-${String(body.name).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`,
      description: `SOURCE (legacy shape): gadget.${body.name} (${body.type}${body.relationCreationPayload ? `, ${(body.relationCreationPayload as Json).type}` : ''})`,
      refs: refsFor(ids, ['company', 'person', 'workspaceMember']),
    });
  }
}

/** Gadget records in SOURCE (every-type.ts), a person pointing at one, and a photo uploaded for gadget.photos. */
async function seedGadgetRecords() {
  const first = async (plural: string, filter?: string) =>
    (await call('SOURCE', 'GET', `/rest/${plural}?limit=1${filter ? `&filter=${encodeURIComponent(filter)}` : ''}`)).body.data[plural][0].id as string;
  const refs = { company: await first('companies'), person: await first('people'), member: await first('workspaceMembers', 'userEmail[eq]:"tim@apple.dev"') };
  for (const record of gadgetRecords(refs)) await call('SOURCE', 'POST', '/rest/gadgets', record);
  await call('SOURCE', 'PATCH', `/rest/people/${refs.person}`, { testedGadgetId: GADGET_IDS.b });
  const gadget = items((await call('SOURCE', 'GET', '/rest/metadata/objects?limit=200')).body).find((o: Json) => o.nameSingular === 'gadget');
  const photos = gadget.fields.find((f: Json) => f.name === 'photos');
  const upload = await uploadFilesFieldFile({ url: server.SOURCE.url, apiKey: server.SOURCE.key }, {
    fieldMetadataId: photos.id, filename: 'Front.png', mimeType: 'image/png', body: Readable.from([PHOTO]), size: PHOTO.length,
  });
  await call('SOURCE', 'PATCH', `/rest/gadgets/${GADGET_IDS.a}`, { photos: [{ fileId: upload.id, label: 'Front.png' }] });
  console.log(JSON.stringify(refs));
}

/** Every gadget value in SOURCE against TARGET, as a client reads them (every-type.ts). */
async function compareGadgets() {
  const workspace = (auth: Auth) => ({ url: server[auth].url, apiKey: server[auth].key });
  const result = await gadgetDifferences(workspace('SOURCE'), workspace('TARGET'));
  console.log(JSON.stringify({ ...result, sample: (await readGadgets(workspace('TARGET'))).gadgets[GADGET_IDS.a] }, null, 1));
}

mkdirSync(out, { recursive: true });
const step = process.argv[2] ?? 'all';
if (step === 'all' || step === 'target') await probeTarget();
if (step === 'all' || step === 'source') await createGadgetInSource();
if (step === 'records') await seedGadgetRecords();
if (step === 'compare') await compareGadgets();
