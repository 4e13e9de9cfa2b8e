/**
 * Hard data on top of the source's seed, built through the API as a user's workspace would have it: a custom
 * object `qaSpecimen` with a field of every type 2.21's metadata API can create (twenty-api.md §5, §8, §13:
 * not NUMERIC, POSITION or TS_VECTOR), relations to company, person, workspaceMember and itself, a morph
 * relation, and records holding the values that broke migrations before. Every record carries a class label
 * (its `name`) so the report can say which class of data failed. Also pre-creates, in the TARGET, records
 * sharing a unique value with source records at the start, middle and end of an import batch.
 */
import { randomUUID } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import type { Instance } from '../env.js';
import { call, type Json } from '../checker/http.js';
import { readDataModel, type DataModel } from '../checker/metadata.js';
import { listAll, type Row } from '../checker/records.js';

export const OBJECT = { nameSingular: 'qaSpecimen', namePlural: 'qaSpecimens' };

/** A metadata create answer in either 2.21 shape (legacy `{data:{createOneX}}` or the bare item). */
const created = (json: Json): Json => json?.data?.createOneObject ?? json?.data?.createOneField ?? json?.data?.object ?? json?.data?.field ?? json?.data ?? json;

async function createField(src: Instance, body: Json): Promise<Json> {
  const { status, json } = await call(src, '/rest/metadata/fields', { method: 'POST', body, accept: [400] });
  if (status === 400) throw new Error(`creating field ${body.name} (${body.type}): ${JSON.stringify(json).slice(0, 400)}`);
  return created(json);
}

const OPTIONS = [
  { value: 'ALPHA', label: 'Alpha', color: 'red', position: 0 },
  { value: 'BETA', label: 'Beta', color: 'blue', position: 1 },
  { value: 'GAMMA_RAY', label: 'Gamma ray', color: 'green', position: 2 },
];

/** Creates the custom object and its fields; returns the field names by type. */
async function buildModel(src: Instance, model: DataModel): Promise<{ objectId: string; filesFieldId: string }> {
  const { json } = await call(src, '/rest/metadata/objects', {
    method: 'POST',
    body: { nameSingular: OBJECT.nameSingular, namePlural: OBJECT.namePlural, labelSingular: 'QA specimen', labelPlural: 'QA specimens', icon: 'IconFlask' },
  });
  const objectId: string = created(json).id;
  const f = (name: string, type: string, extra: Json = {}) => createField(src, { objectMetadataId: objectId, name, label: name, type, ...extra });
  await f('txt', 'TEXT');
  await f('txtRequired', 'TEXT', { isNullable: false, defaultValue: "''" });
  await f('code', 'TEXT', { isUnique: true });
  await f('num', 'NUMBER');
  await f('numRequired', 'NUMBER', { isNullable: false, defaultValue: 0 });
  await f('flag', 'BOOLEAN');
  await f('flagRequired', 'BOOLEAN', { isNullable: false, defaultValue: false });
  await f('day', 'DATE');
  await f('moment', 'DATE_TIME');
  await f('choice', 'SELECT', { options: OPTIONS });
  await f('choiceRequired', 'SELECT', { options: OPTIONS, isNullable: false, defaultValue: "'ALPHA'" });
  await f('choices', 'MULTI_SELECT', { options: OPTIONS });
  await f('stars', 'RATING', {
    options: [1, 2, 3, 4, 5].map((i) => ({ value: `RATING_${i}`, label: String(i), color: 'yellow', position: i - 1 })),
  });
  await f('price', 'CURRENCY');
  await f('sites', 'LINKS');
  await f('mails', 'EMAILS');
  await f('tel', 'PHONES');
  await f('fullName', 'FULL_NAME');
  await f('place', 'ADDRESS');
  await f('blob', 'RAW_JSON');
  await f('tags', 'ARRAY');
  try {
    await f('richBody', 'RICH_TEXT');
  } catch {
    await f('richBody', 'RICH_TEXT_V2'); // the pre-1.20 name
  }
  await f('ref', 'UUID');
  const files = await f('docs', 'FILES', { settings: { maxNumberOfValues: 5 } });
  const rel = (name: string, target: string, label: string) =>
    f(name, 'RELATION', { relationCreationPayload: { type: 'MANY_TO_ONE', targetObjectMetadataId: model.bySingular.get(target)?.id ?? objectId, targetFieldLabel: label, targetFieldIcon: 'IconFlask' } });
  await rel('company', 'company', 'QA specimens');
  await rel('contact', 'person', 'QA specimens');
  await rel('owner', 'workspaceMember', 'QA specimens owned');
  await rel('parent', OBJECT.nameSingular, 'QA children');
  await createField(src, {
    objectMetadataId: objectId, name: 'subject', label: 'Subject', type: 'MORPH_RELATION',
    morphRelationsCreationPayload: ['company', 'person'].map((t) => ({
      type: 'MANY_TO_ONE', targetObjectMetadataId: model.bySingular.get(t)!.id, targetFieldLabel: 'QA subject of', targetFieldIcon: 'IconFlask',
    })),
  });
  return { objectId, filesFieldId: files.id };
}

const UPLOAD = `mutation Upload($file: Upload!, $fieldMetadataId: String!) {
  uploadFilesFieldFile(file: $file, fieldMetadataId: $fieldMetadataId) { id url }
}`;

/** Uploads bytes for a FILES field (GraphQL multipart on /metadata, §9); returns the file id. */
export async function upload(src: Instance, fieldMetadataId: string, filename: string, bytes: Buffer, mime: string): Promise<{ id: string; url: string }> {
  const form = new FormData();
  form.append('operations', JSON.stringify({ query: UPLOAD, variables: { file: null, fieldMetadataId } }));
  form.append('map', JSON.stringify({ 0: ['variables.file'] }));
  form.append('0', new Blob([new Uint8Array(bytes)], { type: mime }), filename);
  const { json } = await call(src, '/metadata', { method: 'POST', form });
  if (json?.errors?.length || !json?.data?.uploadFilesFieldFile?.id) throw new Error(`upload ${filename}: ${JSON.stringify(json).slice(0, 300)}`);
  return json.data.uploadFilesFieldFile;
}

/** Deterministic filler bytes. */
const filler = (seed: number, size: number) => Buffer.from(Array.from({ length: size }, (_, i) => (i * 31 + seed * 7) % 256));

/** A real (tiny) PDF with `size` bytes of filler in a comment: 2.21 checks that the content matches the extension. */
function pdf(size: number): Buffer {
  const body = `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n`;
  return Buffer.concat([Buffer.from(body), Buffer.from('%'), filler(3, size).map((b) => (b === 10 || b === 13 ? 32 : b)), Buffer.from('\n%%EOF\n')]);
}

/** A valid 1×1 PNG followed by filler after IEND (ignored by decoders, kept by byte comparisons). */
function png(size: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);
  const idat = deflateSync(Buffer.from([0, 255, 0, 0, 255]));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0)), filler(5, size)]);
}

export interface Built {
  /** record id → class label (in the source; merged ids are added by preCreateMerges) */
  classes: Record<string, string>;
  notes: string[];
}

async function post(src: Instance, plural: string, rows: Json[]): Promise<Json[]> {
  const { status, json } = await call(src, `/rest/batch/${plural}`, { method: 'POST', body: rows, accept: [400] });
  if (status === 400) throw new Error(`batch ${plural}: ${JSON.stringify(json).slice(0, 500)}`);
  return Object.values(json.data)[0] as Json[];
}

async function patch(src: Instance, plural: string, id: string, body: Json): Promise<void> {
  await call(src, `/rest/${plural}/${id}`, { method: 'PATCH', body });
}

/**
 * Builds the varied data in the source. `targetMembers` are the target's member e-mails, to pick one source
 * member who has a target account and one who has not.
 */
export async function buildVaried(src: Instance, target: Instance): Promise<Built> {
  const model = await readDataModel(src);
  const { filesFieldId } = await buildModel(src, model);
  const classes: Record<string, string> = {};
  const notes: string[] = [];

  // members: one with a target account (mapped), one without (emptied by --on-unmatched-member empty)
  const srcMembers = await listAll(src, 'workspaceMembers');
  const tgtEmails = new Set((await listAll(target, 'workspaceMembers')).map((m) => String(m.userEmail).toLowerCase()));
  const matched = srcMembers.find((m) => tgtEmails.has(String(m.userEmail).toLowerCase()))!;
  const unmatched = srcMembers.find((m) => !tgtEmails.has(String(m.userEmail).toLowerCase()))!;
  notes.push(`member with a target account: ${matched.userEmail}; without: ${unmatched.userEmail}`);

  // references that will point at nothing: a company and a person moved to the source's trash
  const [trashCo] = await post(src, 'companies', [{ id: randomUUID(), name: 'QA company sent to trash' }]);
  const [trashPe] = await post(src, 'people', [{ id: randomUUID(), name: { firstName: 'QA', lastName: 'Trashed' }, createdBy: { source: 'EMAIL', name: 'QA' } }]);
  const companies = await listAll(src, 'companies', undefined, 200);
  const people = await listAll(src, 'people', undefined, 200);
  const co = companies.find((c) => c.id !== trashCo.id)!;
  const pe = people.find((p) => p.id !== trashPe.id)!;

  const id = () => randomUUID();
  const R: Array<[string, Json]> = [];
  const add = (label: string, body: Json) => {
    const rid = body.id ?? id();
    R.push([label, { id: rid, name: label, ...body }]);
    classes[rid] = label;
    return rid;
  };

  add('empty record (NOT NULL defaults)', {});
  add('text: unicode, emoji, newlines', { txt: 'Ünïcödé ✓ 🚀\nline two\r\n\ttabbed', txtRequired: 'set', code: 'CODE-1' });
  add('text: whitespace only and long', { txt: '   ', txtRequired: 'x'.repeat(5000) });
  add('number: beyond 2^53', { num: 9007199254740993 });
  add('number: big, tiny, negative float', { num: -0.000001, numRequired: 1e15 });
  add('number: pi', { num: 3.14159265358979, numRequired: -42 });
  add('boolean: true/false', { flag: true, flagRequired: true });
  add('boolean: false explicit', { flag: false });
  add('date: leap day', { day: '2024-02-29' });
  add('date: 1900', { day: '1900-01-01' });
  add('date-time: microseconds', { moment: '2024-02-29T23:59:59.123456Z' });
  add('date-time: epoch', { moment: '1970-01-01T00:00:00Z' });
  add('date-time: offset', { moment: '2024-06-01T12:00:00.5+02:00' });
  add('select: values', { choice: 'GAMMA_RAY', choiceRequired: 'BETA' });
  add('multi-select: several', { choices: ['GAMMA_RAY', 'ALPHA'] });
  add('multi-select: empty', { choices: [] });
  add('rating: 1 and 5', { stars: 'RATING_1' });
  add('rating: 5', { stars: 'RATING_5' });
  add('currency: odd micros', { price: { amountMicros: 1234567, currencyCode: 'EUR' } });
  add('currency: one micro', { price: { amountMicros: 1, currencyCode: 'JPY' } });
  add('currency: negative', { price: { amountMicros: -990000, currencyCode: 'USD' } });
  add('currency: huge', { price: { amountMicros: 123456789012345, currencyCode: 'GBP' } });
  add('currency: code without amount', { price: { amountMicros: null, currencyCode: 'USD' } });
  add('links: mixed-case origin, trailing /', {
    sites: { primaryLinkUrl: 'HTTPS://WWW.Example.COM/Path/', primaryLinkLabel: 'Ex', secondaryLinks: [{ url: 'http://Foo.Bar/', label: '' }, { url: 'https://x.io/a/b/', label: 'B' }] },
  });
  add('links: only a secondary', { sites: { primaryLinkUrl: '', primaryLinkLabel: '', secondaryLinks: [{ url: 'https://Only-Secondary.org/', label: 'o' }] } });
  add('links: international domain', { sites: { primaryLinkUrl: 'https://Bücher.de/', primaryLinkLabel: '', secondaryLinks: [] } });
  add('emails: mixed case', { mails: { primaryEmail: 'Mixed.Case@Example.COM', additionalEmails: ['Second@Example.org', 'THIRD@x.io'] } });
  add('phones: FR national + US additional', {
    tel: { primaryPhoneNumber: '6 12 34 56 78', primaryPhoneCountryCode: 'FR', primaryPhoneCallingCode: '+33', additionalPhones: [{ number: '5551234567', countryCode: 'US', callingCode: '+1' }] },
  });
  add('phones: international format, no codes', { tel: { primaryPhoneNumber: '+44 20 7946 0958', primaryPhoneCountryCode: '', primaryPhoneCallingCode: '', additionalPhones: [] } });
  add('full name: partial unicode', { fullName: { firstName: 'Ünïcödé', lastName: '' } });
  add('address: all sub-fields', {
    place: { addressStreet1: '1 Rue de Rivoli', addressStreet2: 'Bât. B', addressCity: 'Paris', addressPostcode: '75001', addressState: 'IDF', addressCountry: 'France', addressLat: 48.8566, addressLng: 2.3522 },
  });
  add('raw json: number scalar', { blob: '42' });
  add('raw json: boolean scalar', { blob: 'true' });
  add('raw json: string scalar', { blob: '"just a string"' });
  add('raw json: array', { blob: [1, 'a', { b: null }, [true]] });
  add('raw json: nested object', { blob: { nested: { deep: [1, 2, { x: 'y' }] }, unicode: 'é✓', n: 1.5 } });
  add('raw json: empty object', { blob: {} });
  add('array: values', { tags: ['a', 'b', 'ç'] });
  add('array: empty', { tags: [] });
  add('array: plain string', { tags: 'plain string' });
  add('rich text: paragraphs', {
    richBody: {
      blocknote: JSON.stringify([{ id: id(), type: 'paragraph', props: { textColor: 'default', backgroundColor: 'default', textAlignment: 'left' }, content: [{ type: 'text', text: 'Hello ', styles: {} }, { type: 'text', text: 'bold', styles: { bold: true } }], children: [] }]),
      markdown: 'Hello **bold**',
    },
  });
  add('rich text: null (left out)', {});
  add('uuid: upper-case, points at nothing', { ref: randomUUID().toUpperCase() });
  add('relation: company and person', { companyId: co.id, contactId: pe.id });
  add('relation: to records sent to the trash', { companyId: trashCo.id, contactId: trashPe.id });
  add('member: with a target account', { ownerId: matched.id });
  add('member: without a target account', { ownerId: unmatched.id });
  add('createdBy: member with a target account', { createdBy: { source: 'MANUAL', name: `${matched.name?.firstName ?? ''} ${matched.name?.lastName ?? ''}`.trim() || 'Matched', workspaceMemberId: matched.id } });
  add('createdBy: member without a target account', { createdBy: { source: 'MANUAL', name: 'Unmatched member', workspaceMemberId: unmatched.id } });
  add('createdBy: IMPORT source', { createdBy: { source: 'IMPORT', name: 'CSV import' } });
  add('morph: subject company', { subjectCompanyId: co.id });
  add('morph: subject person', { subjectPersonId: pe.id });
  add('createdAt: old', { createdAt: '2001-09-09T01:46:40.000Z' });
  const chain = [id(), id(), id()];
  const tree = [id(), id(), id(), id()];
  const cycle = [id(), id(), id()];
  const loop = id();
  chain.forEach((c, i) => add(`self: chain ${i}`, { id: c }));
  tree.forEach((c, i) => add(`self: tree ${i}`, { id: c }));
  cycle.forEach((c, i) => add(`self: cycle ${i}`, { id: c }));
  add('self: loop', { id: loop });
  await post(src, OBJECT.namePlural, R.map(([, b]) => b));

  // self references after the rows exist (a cycle cannot be inserted in one go)
  const parents: Array<[string, string]> = [
    [chain[1], chain[0]], [chain[2], chain[1]],
    [tree[1], tree[0]], [tree[2], tree[0]], [tree[3], tree[1]],
    [cycle[0], cycle[1]], [cycle[1], cycle[2]], [cycle[2], cycle[0]],
    [loop, loop],
  ];
  for (const [child, parent] of parents) await patch(src, OBJECT.namePlural, child, { parentId: parent });

  // files: a FILES field value and an attachment, whose names have spaces and parentheses
  const docsRecord = add('files: custom FILES field', {});
  await post(src, OBJECT.namePlural, [R[R.length - 1][1]]);
  const doc1 = await upload(src, filesFieldId, 'Q3 report (final) v2.pdf', pdf(70_000), 'application/pdf');
  const doc2 = await upload(src, filesFieldId, 'notes [draft] #2.txt', Buffer.from('plain text ✓\n'), 'text/plain');
  await patch(src, OBJECT.namePlural, docsRecord, { docs: [{ fileId: doc1.id, label: 'Q3 report (final) v2.pdf' }, { fileId: doc2.id, label: 'notes [draft] #2.txt' }] });
  const attField = model.bySingular.get('attachment')!.fields.find((f) => f.name === 'file')!;
  const scan = await upload(src, attField.id, 'scan (copy) 1.png', png(12_345), 'image/png');
  const [att] = await post(src, 'attachments', [{ id: id(), name: 'scan (copy) 1.png', file: [{ fileId: scan.id, label: 'scan (copy) 1.png' }], targetQaSpecimenId: docsRecord }]);
  classes[att.id] = 'files: attachment on a specimen';
  // the person first by id is the one preCreateMerges merges at batch position 0: its files must follow the merge
  const first = people.filter((p) => p.id !== trashPe.id).sort((a, b) => String(a.id).localeCompare(String(b.id)))[0];
  const avatarField = model.bySingular.get('person')!.fields.find((f) => f.name === 'avatarFile');
  if (avatarField) {
    const av = await upload(src, avatarField.id, 'avatar 1.png', png(4_321), 'image/png');
    await patch(src, 'people', first.id, { avatarFile: [{ fileId: av.id, label: 'avatar 1.png' }] });
  }
  const contract = await upload(src, attField.id, 'contract 2024.pdf', pdf(2_000), 'application/pdf');
  const [att2] = await post(src, 'attachments', [{ id: id(), name: 'contract 2024.pdf', file: [{ fileId: contract.id, label: 'contract 2024.pdf' }], targetPersonId: first.id }]);
  classes[att2.id] = 'files: attachment on a merged person';
  const diagram = await upload(src, attField.id, 'diagram.png', png(777), 'image/png');
  const [att3] = await post(src, 'attachments', [{ id: id(), name: 'diagram.png', file: [{ fileId: diagram.id, label: 'diagram.png' }], targetQaSpecimenId: docsRecord }]);
  classes[att3.id] = 'files: attachment, plain name';
  // a note whose body shows two attachments' images (the tool says it rewrites body links to the target's copies):
  // one whose name has parentheses, one plain, so a failed upload and a missing rewrite can be told apart
  const [fresh] = (await listAll(src, 'attachments', `id[eq]:${att.id}`)) as Row[];
  const [fresh3] = (await listAll(src, 'attachments', `id[eq]:${att3.id}`)) as Row[];
  const imageUrl = fresh?.file?.[0]?.url;
  const plainUrl = fresh3?.file?.[0]?.url;
  if (imageUrl && plainUrl) {
    const noteId = id();
    await post(src, 'notes', [{
      id: noteId, title: 'QA note with an embedded image',
      bodyV2: {
        blocknote: JSON.stringify([
          { id: id(), type: 'paragraph', props: {}, content: [{ type: 'text', text: 'See the scan:', styles: {} }], children: [] },
          { id: id(), type: 'image', props: { url: imageUrl, name: 'scan (copy) 1.png', caption: '', showPreview: true, previewWidth: 512 }, children: [] },
          { id: id(), type: 'image', props: { url: plainUrl, name: 'diagram.png', caption: '', showPreview: true, previewWidth: 512 }, children: [] },
        ]),
        markdown: `See the scan:\n\n![scan (copy) 1.png](${imageUrl})\n\n![diagram.png](${plainUrl})`,
      },
    }]);
    await post(src, 'noteTargets', [{ id: id(), noteId, targetQaSpecimenId: docsRecord }, { id: id(), noteId, targetPersonId: first.id }]);
    classes[noteId] = 'body: note with an embedded image';
  }

  // finally send the referenced company and person to the trash (soft delete)
  await call(src, `/rest/companies/${trashCo.id}?soft_delete=true`, { method: 'DELETE' });
  await call(src, `/rest/people/${trashPe.id}?soft_delete=true`, { method: 'DELETE' });
  notes.push(`${R.length} ${OBJECT.namePlural} records, 3 attachments, 1 note with 2 images, 1 avatar`);
  return { classes, notes };
}

/**
 * Target records sharing a unique value with source records at positions 0, 100 and 199 of the first import
 * batch (200 rows in export order, by id) and with the last source record: company domains and person e-mails.
 * E-mails are written upper-cased (Twenty lower-cases them on write, so they still match exactly); domains are
 * written exactly as the source holds them, because Twenty does NOT normalise a domain without a scheme
 * (`HOUSECALLPRO.COM/` stays as typed, seen on 2.21) and its unique index compares exactly. One more company at
 * position 50 gets such a case variant: Twenty keeps both, which the report lists as a near-duplicate.
 * Created with `createdBy.source` EMAIL so the target's "Create company when adding a new person" workflow does
 * not fire on them (§13). Returns target and source id → class label, and the expected merges.
 */
export async function preCreateMerges(src: Instance, target: Instance): Promise<{ classes: Record<string, string>; expected: Array<{ object: string; source: string; target: string; label: string }> }> {
  const classes: Record<string, string> = {};
  const expected: Array<{ object: string; source: string; target: string; label: string }> = [];
  const pick = (rows: Row[], has: (r: Row) => boolean) => {
    const sorted = rows.filter(has).sort((a, b) => String(a.id).localeCompare(String(b.id)));
    return [0, 100, 199, sorted.length - 1].map((i) => [i === sorted.length - 1 ? 'last' : String(i), sorted[Math.min(i, sorted.length - 1)]] as const);
  };
  const companies = await listAll(src, 'companies');
  const rowsC: Json[] = [];
  for (const [pos, c] of pick(companies, (c) => !!c.domainName?.primaryLinkUrl)) {
    const tid = randomUUID();
    rowsC.push({ id: tid, name: `Pre-existing ${c.name}`, domainName: { primaryLinkUrl: c.domainName.primaryLinkUrl }, createdBy: { source: 'EMAIL', name: 'QA pre-existing' } });
    const label = `merge: company at batch position ${pos}`;
    classes[tid] = classes[String(c.id)] = label;
    expected.push({ object: 'company', source: String(c.id), target: tid, label });
  }
  const variantOf = companies.filter((c) => c.domainName?.primaryLinkUrl).sort((a, b) => String(a.id).localeCompare(String(b.id)))[50];
  const variantId = randomUUID();
  const url = String(variantOf.domainName.primaryLinkUrl);
  const variant = /^\w+:\/\//.test(url) ? url.replace(/^(\w+:\/\/)([^/]+)/, (_, scheme: string, host: string) => scheme + host.toUpperCase()) : url.toUpperCase();
  rowsC.push({ id: variantId, name: `Pre-existing variant ${variantOf.name}`, domainName: { primaryLinkUrl: `${variant}/` }, createdBy: { source: 'EMAIL', name: 'QA pre-existing' } });
  classes[variantId] = 'near-duplicate: company domain in another case (Twenty keeps both)';
  const people = await listAll(src, 'people');
  const rowsP: Json[] = [];
  for (const [pos, p] of pick(people, (p) => !!p.emails?.primaryEmail)) {
    const tid = randomUUID();
    rowsP.push({ id: tid, name: { firstName: 'Pre-existing', lastName: String(p.name?.lastName ?? '') }, emails: { primaryEmail: String(p.emails.primaryEmail).toUpperCase() }, createdBy: { source: 'EMAIL', name: 'QA pre-existing' } });
    const label = `merge: person at batch position ${pos}`;
    classes[tid] = classes[String(p.id)] = label;
    expected.push({ object: 'person', source: String(p.id), target: tid, label });
  }
  await post(target, 'companies', rowsC);
  await post(target, 'people', rowsP);
  return { classes, expected };
}
