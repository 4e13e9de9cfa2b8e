/**
 * A custom object holding one field of every type Twenty 2.21's metadata API can create, and every kind of relation:
 * many-to-one to standard objects (company, person), to workspace members and to itself, a one-to-many side, and a
 * morph relation. The same calls build it in the sandbox and on a real server (scripts/probe-every-type.ts), so what
 * the sandbox accepts is what the real server was seen to accept.
 */
import { createHash } from 'node:crypto';
import { request, type TwentyClient } from '../../sdk/client/index.js';
import { parseMetadataItem, parseMetadataPage } from '../../sdk/metadata/index.js';

export const GADGET = { nameSingular: 'gadget', namePlural: 'gadgets', labelSingular: 'Gadget', labelPlural: 'Gadgets', icon: 'IconDevices' };

type Body = Record<string, unknown>;

/** Scalar and composite fields: every creatable type (2.21 names the rich text of `bodyV2` RICH_TEXT). */
export const SCALAR_FIELDS: Body[] = [
  { type: 'TEXT', name: 'summary', label: 'Summary', icon: 'IconAbc' },
  { type: 'NUMBER', name: 'weight', label: 'Weight', settings: { dataType: 'float', decimals: 2, type: 'number' } },
  { type: 'BOOLEAN', name: 'isPortable', label: 'Portable', defaultValue: false, isNullable: false },
  { type: 'DATE', name: 'releaseDate', label: 'Release date' },
  { type: 'DATE_TIME', name: 'launchedAt', label: 'Launched at' },
  {
    type: 'SELECT', name: 'category', label: 'Category', defaultValue: "'TOOL'",
    options: [{ value: 'TOOL', label: 'Tool', color: 'blue', position: 0 }, { value: 'TOY', label: 'Toy', color: 'red', position: 1 }],
  },
  {
    type: 'MULTI_SELECT', name: 'features', label: 'Features',
    options: [{ value: 'WIFI', label: 'Wi-Fi', color: 'green', position: 0 }, { value: 'SOLAR', label: 'Solar', color: 'yellow', position: 1 }],
  },
  { type: 'RATING', name: 'quality', label: 'Quality' },
  { type: 'CURRENCY', name: 'price', label: 'Price' },
  { type: 'LINKS', name: 'website', label: 'Website' },
  { type: 'EMAILS', name: 'supportEmails', label: 'Support e-mails' },
  { type: 'PHONES', name: 'hotline', label: 'Hotline' },
  { type: 'FULL_NAME', name: 'inventor', label: 'Inventor' },
  { type: 'ADDRESS', name: 'factory', label: 'Factory' },
  { type: 'RAW_JSON', name: 'specs', label: 'Specs' },
  { type: 'ARRAY', name: 'aliases', label: 'Aliases' },
  { type: 'RICH_TEXT', name: 'manual', label: 'Manual' },
  { type: 'UUID', name: 'serialId', label: 'Serial id' },
  { type: 'ACTOR', name: 'approvedBy', label: 'Approved by' },
  { type: 'FILES', name: 'photos', label: 'Photos', settings: { maxNumberOfValues: 5 } },
];

/** Relations, created from the gadget side (`target` names the object; `@self` the gadget itself). */
export const RELATION_FIELDS: Array<Body & { target: string; inverseLabel: string; inverseIcon: string; kind: 'MANY_TO_ONE' | 'ONE_TO_MANY' }> = [
  { type: 'RELATION', name: 'company', label: 'Company', icon: 'IconBuildingSkyscraper', target: 'company', kind: 'MANY_TO_ONE', inverseLabel: 'Gadgets', inverseIcon: 'IconDevices' },
  { type: 'RELATION', name: 'owner', label: 'Owner', icon: 'IconUser', target: 'person', kind: 'MANY_TO_ONE', inverseLabel: 'Owned gadgets', inverseIcon: 'IconDevices' },
  { type: 'RELATION', name: 'keeper', label: 'Keeper', icon: 'IconUserCircle', target: 'workspaceMember', kind: 'MANY_TO_ONE', inverseLabel: 'Kept gadgets', inverseIcon: 'IconDevices' },
  { type: 'RELATION', name: 'parentGadget', label: 'Parent gadget', icon: 'IconHierarchy', target: '@self', kind: 'MANY_TO_ONE', inverseLabel: 'Child gadgets', inverseIcon: 'IconHierarchy2' },
  { type: 'RELATION', name: 'testers', label: 'Testers', icon: 'IconUsers', target: 'person', kind: 'ONE_TO_MANY', inverseLabel: 'Tested gadget', inverseIcon: 'IconDevices' },
];

/** A morph many-to-one to company and person: `sponsorCompany`, `sponsorPerson`, inverses `sponsoredGadgets`. */
export const MORPH_FIELD = { type: 'MORPH_RELATION', name: 'sponsor', label: 'Sponsor', icon: 'IconCoin', targets: ['company', 'person'], inverseLabel: 'Sponsored gadgets', inverseIcon: 'IconCoin' };

export interface CreationOutcome {
  name: string;
  type: string;
  status: number;
  /** the error's messages, or the created field's id */
  result: string;
  request: Body;
  response: unknown;
}

const objectId = async (metadata: TwentyClient, nameSingular: string): Promise<string> => {
  const res = await request(metadata, 'GET', '/objects', { query: { limit: 200 } });
  if (res.error) throw res.error;
  const item = parseMetadataPage(res.data, 'objects')!.items.find((o) => o.nameSingular === nameSingular);
  if (!item) throw new Error(`no object ${nameSingular}`);
  return String(item.id);
};

/** The bodies that build the gadget's fields, given the workspace's object ids. */
export function gadgetFieldBodies(ids: Record<string, string>): Body[] {
  const relations = RELATION_FIELDS.map(({ target, inverseLabel, inverseIcon, kind, ...f }) => ({
    ...f, objectMetadataId: ids.gadget,
    relationCreationPayload: { type: kind, targetObjectMetadataId: ids[target === '@self' ? 'gadget' : target], targetFieldLabel: inverseLabel, targetFieldIcon: inverseIcon },
  }));
  const { targets, inverseLabel, inverseIcon, ...morph } = MORPH_FIELD;
  return [
    ...SCALAR_FIELDS.map((f) => ({ ...f, objectMetadataId: ids.gadget })),
    ...relations,
    {
      ...morph, objectMetadataId: ids.gadget,
      morphRelationsCreationPayload: targets.map((t) => ({ type: 'MANY_TO_ONE', targetObjectMetadataId: ids[t], targetFieldLabel: inverseLabel, targetFieldIcon: inverseIcon })),
    },
  ];
}

/**
 * Creates the gadget object and all its fields through the metadata API; every answer comes back, refusals included.
 *
 * @example
 * const outcomes = await createEveryTypeObject(createTwentyClient({ baseUrl, apiKey, api: 'metadata' }));
 * outcomes.filter((o) => o.status >= 400); // []
 */
export async function createEveryTypeObject(metadata: TwentyClient): Promise<CreationOutcome[]> {
  const created = await request(metadata, 'POST', '/objects', { body: GADGET });
  if (created.error) throw created.error;
  const ids: Record<string, string> = { gadget: String(parseMetadataItem(created.data, 'objects')!.id) };
  for (const name of ['company', 'person', 'workspaceMember']) ids[name] = await objectId(metadata, name);
  const outcomes: CreationOutcome[] = [];
  for (const body of gadgetFieldBodies(ids)) {
    const res = await request(metadata, 'POST', '/fields', { body });
    const item = res.error ? null : parseMetadataItem(res.data, 'fields');
    outcomes.push({
      name: String(body.name), type: String(body.type), status: res.response?.status ?? 0,
      result: res.error ? res.error.messages.join(' | ') : String(item?.id), request: body, response: res.error ? res.error.body : res.data,
    });
  }
  return outcomes;
}

/** The ids of the gadget records, fixed so a replay on another server holds the same ones. */
export const GADGET_IDS = {
  a: '6ad9e0f1-3c1e-4b52-9a0e-5f0a1d2b3c01', b: '6ad9e0f1-3c1e-4b52-9a0e-5f0a1d2b3c02', c: '6ad9e0f1-3c1e-4b52-9a0e-5f0a1d2b3c03',
  serial: '0f4d7c2a-8e31-4f6b-b7d9-2c5e8a1f9b00',
};

/**
 * Three gadgets: one with a value in every field (many-to-ones to a company, a person and a member), one pointing at
 * the first (its parent) and at a person through the morph relation, one empty; and `testedGadgetId`, set on a person.
 */
export function gadgetRecords(refs: { company: string; person: string; member: string }) {
  return [
    {
      id: GADGET_IDS.a, name: 'Alpha', summary: 'The first', weight: 1.25, isPortable: true, releaseDate: '2024-02-29', launchedAt: '2024-03-01T10:00:00.000Z',
      category: 'TOY', features: ['WIFI', 'SOLAR'], quality: 'RATING_4', price: { amountMicros: 12_500_000, currencyCode: 'EUR' },
      website: { primaryLinkUrl: 'https://alpha.example', primaryLinkLabel: 'Alpha', secondaryLinks: [] },
      supportEmails: { primaryEmail: 'help@alpha.example', additionalEmails: ['more@alpha.example'] },
      hotline: { primaryPhoneNumber: '5551234567', primaryPhoneCountryCode: 'US', primaryPhoneCallingCode: '+1', additionalPhones: [] },
      inventor: { firstName: 'Ada', lastName: 'Lovelace' },
      factory: { addressStreet1: '1 Main St', addressStreet2: '', addressCity: 'Lyon', addressPostcode: '69001', addressState: '', addressCountry: 'France', addressLat: 45.76, addressLng: 4.83 },
      specs: { volts: 12, parts: ['a', 'b'] }, aliases: ['A1', 'Alfa'],
      manual: { blocknote: JSON.stringify([{ id: 'b1', type: 'paragraph', props: {}, content: [{ type: 'text', text: 'Read me', styles: {} }], children: [] }]), markdown: 'Read me' },
      serialId: GADGET_IDS.serial, approvedBy: { source: 'MANUAL', workspaceMemberId: refs.member, name: 'Approver' },
      companyId: refs.company, ownerId: refs.person, keeperId: refs.member, sponsorCompanyId: refs.company,
    },
    { id: GADGET_IDS.b, name: 'Beta', parentGadgetId: GADGET_IDS.a, sponsorPersonId: refs.person, approvedBy: { source: 'API', workspaceMemberId: null, name: 'A key' } },
    { id: GADGET_IDS.c, name: 'Gamma' },
  ];
}

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * A real 1×1 PNG: a real server checks an upload's content against its extension ("File content does not match
 * its extension").
 */
export const PHOTO = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

export interface Workspace {
  url: string;
  apiKey: string;
}

const read = async (w: Workspace, path: string) =>
  (await (await fetch(`${w.url}/rest/${path}`, { headers: { Authorization: `Bearer ${w.apiKey}` } })).json()) as { data: Record<string, any[]> };

/**
 * Every gadget as a client reads it (`GET /rest/gadgets`), in a form two workspaces compare by: member ids as
 * e-mails (members differ per workspace), files as label and checksum (file ids do too), actors without `context`, the
 * values the writing key sets itself (`updatedBy`, `searchVector`) left out; and who points at gadget B through
 * `testedGadgetId`.
 */
export async function readGadgets(w: Workspace) {
  // Members are matched by e-mail, whatever its case (the members stage does so).
  const email = new Map((await read(w, 'workspaceMembers?limit=200')).data.workspaceMembers.map((m) => [m.id, String(m.userEmail).toLowerCase()]));
  const member = (id: unknown) => (typeof id === 'string' ? (email.get(id) ?? id) : id);
  // An actor's `context` is not migrated: Twenty does not keep one sent through the API.
  const actor = (a: any) => a && { source: a.source, workspaceMemberId: member(a.workspaceMemberId), name: a.name };
  const files = (list: any[] | null) =>
    Promise.all((list ?? []).map(async (f) => ({ label: f.label, sha256: sha256(Buffer.from(await (await fetch(f.url)).arrayBuffer())) })));
  const gadgets: Record<string, Record<string, unknown>> = {};
  for (const { updatedBy: _u, searchVector: _s, ...g } of (await read(w, 'gadgets?limit=50')).data.gadgets) {
    gadgets[g.id] = { ...g, keeperId: member(g.keeperId), createdBy: actor(g.createdBy), approvedBy: actor(g.approvedBy), photos: await files(g.photos) };
  }
  const filter = encodeURIComponent(`testedGadgetId[eq]:"${GADGET_IDS.b}"`);
  const testedBy = (await read(w, `people?filter=${filter}`)).data.people.map((p) => p.id as string);
  return { gadgets, testedBy };
}

/** Every value of every source gadget the target reads differently, as lines (empty when the migration kept all). */
export async function gadgetDifferences(source: Workspace, target: Workspace): Promise<{ compared: number; differences: string[] }> {
  const [s, t] = [await readGadgets(source), await readGadgets(target)];
  const differences: string[] = [];
  let compared = 0;
  for (const [id, record] of Object.entries(s.gadgets)) {
    for (const [key, value] of Object.entries(record)) {
      compared++;
      const got = t.gadgets[id]?.[key];
      if (JSON.stringify(value) !== JSON.stringify(got)) differences.push(`${id} ${key}: ${JSON.stringify(value)} ≠ ${JSON.stringify(got)}`);
    }
  }
  if (JSON.stringify(s.testedBy) !== JSON.stringify(t.testedBy)) differences.push(`people.testedGadgetId: ${s.testedBy} ≠ ${t.testedBy}`);
  return { compared, differences };
}

