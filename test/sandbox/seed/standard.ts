/**
 * Values for standard fields that mean something (a company's name and its unique domain, a person's email
 * at their company, an attachment's file and category…). Keyed by `object.field`; any field not here, custom
 * ones included, gets a generic value for its type (values.ts).
 */
import type { ModelField } from '../model/types.js';
import type { RecordContext } from './context.js';
import { FILE_CATEGORIES, type Extension } from './file-bytes.js';
import { richText, sentence } from './rich-text.js';
import { address, currency, emptyValue, genericValue, leaveEmpty, links, phones } from './values.js';
import { EDGE_DATE_TIMES, FREE_MAIL, JOB_TITLES, NOTE_TITLES, PRODUCTS, TASK_TITLES, WORDS } from './vocab.js';

type Generator = (field: ModelField, ctx: RecordContext) => unknown;

const DAY = 86_400_000;
const orEmpty = (gen: Generator): Generator => (field, ctx) => (leaveEmpty(field, ctx) ? emptyValue(field) : gen(field, ctx));
const target = (ctx: RecordContext, column: string) => ctx.joins.get(column) ?? null;
const edgeOr = (ctx: RecordContext, value: string, edge: string) => (ctx.edge && ctx.rng.chance(0.5) ? edge : value);

/** The company a record points at through `column`, if any. */
const companyOf = (ctx: RecordContext, column: string) => {
  const t = target(ctx, column);
  return t && t.target === 'company' ? ctx.g.identities.company(t.index) : null;
};

const STANDARD: Record<string, Generator> = {
  'company.name': (_f, ctx) => ctx.g.identities.company(ctx.index).name,
  // Unique in Twenty: always set, from the unique identity.
  'company.domainName': (_f, ctx) => ({ primaryLinkLabel: '', primaryLinkUrl: ctx.g.identities.company(ctx.index).domainUrl, secondaryLinks: [] }),
  'company.linkedinLink': orEmpty((_f, ctx) => links(ctx, `https://www.linkedin.com/company/${ctx.g.identities.company(ctx.index).slug}`)),
  'company.address': orEmpty((_f, ctx) => address(ctx)),
  'company.annualRevenue': orEmpty((_f, ctx) => currency(ctx, 5_000_000_000)),
  'company.employees': orEmpty((_f, ctx) => (ctx.edge && ctx.rng.chance(0.3) ? 0 : Math.round(Math.exp(ctx.rng.next() * Math.log(100_000))))),
  'company.tagline': orEmpty((_f, ctx) => sentence(ctx.rng, 3, 8)),
  'company.introVideo': (f, ctx) => (ctx.rng.chance(0.1) ? links(ctx, `https://www.youtube.com/watch?v=${ctx.newUuid().slice(0, 11)}`, 'Intro') : emptyValue(f)),

  'person.name': (_f, ctx) => {
    const p = ctx.g.identities.person(ctx.index);
    return { firstName: p.firstName, lastName: p.lastName };
  },
  // Unique in Twenty: the local part is unique; the domain is the person's company's when they have one.
  'person.emails': (_f, ctx) => {
    const local = ctx.g.identities.person(ctx.index).local;
    const host = companyOf(ctx, 'companyId')?.host ?? ctx.rng.pick(FREE_MAIL);
    const additional = ctx.rng.chance(0.1) ? [`${local}@${ctx.rng.pick(FREE_MAIL)}`] : [];
    return { primaryEmail: `${local}@${host}`, additionalEmails: additional };
  },
  'person.linkedinLink': orEmpty((_f, ctx) => links(ctx, `https://www.linkedin.com/in/${ctx.g.identities.person(ctx.index).local.replace(/\./g, '-')}`)),
  'person.jobTitle': orEmpty((_f, ctx) => ctx.rng.pick(JOB_TITLES)),
  'person.phones': orEmpty((_f, ctx) => phones(ctx, false)),
  'person.avatarUrl': (_f, ctx) => (ctx.rng.chance(0.3) ? `https://twentyhq.github.io/placeholder-images/people/image-${ctx.rng.between(1, 99)}.png` : ''),
  'person.intro': orEmpty((_f, ctx) => edgeOr(ctx, sentence(ctx.rng, 5, 15), '')),

  'opportunity.name': (_f, ctx) => {
    const company = companyOf(ctx, 'companyId');
    const product = ctx.rng.pick(PRODUCTS);
    return company ? `${company.name} – ${product}` : product;
  },
  'opportunity.amount': orEmpty((_f, ctx) => currency(ctx, 2_000_000)),
  'opportunity.closeDate': orEmpty((_f, ctx) => edgeOr(ctx, new Date(ctx.createdAt + ctx.rng.between(7, 240) * DAY).toISOString(), ctx.rng.pick(EDGE_DATE_TIMES))),

  'note.title': (_f, ctx) => edgeOr(ctx, ctx.rng.pick(NOTE_TITLES), ''),
  'note.bodyV2': orEmpty((_f, ctx) => richText(ctx.rng, ctx.newUuid, ctx.edge)),
  'task.title': (_f, ctx) => edgeOr(ctx, ctx.rng.pick(TASK_TITLES), ''),
  'task.bodyV2': orEmpty((_f, ctx) => richText(ctx.rng, ctx.newUuid, ctx.edge)),
  'task.dueAt': orEmpty((_f, ctx) => edgeOr(ctx, new Date(ctx.createdAt + ctx.rng.between(1, 30) * DAY).toISOString(), ctx.rng.pick(EDGE_DATE_TIMES))),

  // An attachment is its file: name = label, category from the extension (when the option exists).
  'attachment.name': (f, ctx) => attachmentFile(ctx)?.label ?? emptyValue(f),
  'attachment.file': (f, ctx) => genericValue(f, ctx),
  'attachment.fullPath': () => '',
  'attachment.fileCategory': (f, ctx) => {
    const ext = attachmentFile(ctx)?.extension as Extension | undefined;
    const category = ext ? FILE_CATEGORIES[ext] : undefined;
    return category && f.options?.some((o) => o.value === category) ? category : emptyValue(f);
  },

  'dashboard.title': (_f, ctx) => `${ctx.rng.pick(['Sales', 'Pipeline', 'Support', 'Marketing', 'Team'])} ${ctx.rng.pick(WORDS)} dashboard`,
  // Points at page-layout metadata, which the seed does not create.
  'dashboard.pageLayoutId': () => null,

  'workspaceMember.name': (_f, ctx) => {
    const m = ctx.g.identities.member(ctx.index);
    return { firstName: m.firstName, lastName: m.lastName };
  },
  'workspaceMember.userEmail': (_f, ctx) => `${ctx.g.identities.member(ctx.index).local}@${memberHost(ctx)}`,
  'workspaceMember.userId': (_f, ctx) => ctx.newUuid(),
  'workspaceMember.colorScheme': (_f, ctx) => ctx.rng.pick(['System', 'System', 'Light', 'Dark']),
  'workspaceMember.locale': (_f, ctx) => ctx.rng.pick(['en', 'en', 'en', 'fr-FR', 'de-DE', 'es-ES', 'pt-BR', 'ja-JP']),
  'workspaceMember.avatarUrl': () => '',
  'workspaceMember.jobTitle': (_f, ctx) => (ctx.rng.chance(0.5) ? ctx.rng.pick(JOB_TITLES) : ''),
  'workspaceMember.calendarStartDay': (_f, ctx) => ctx.rng.pick([7, 7, 1, 6]),
  'workspaceMember.timeZone': (_f, ctx) => ctx.rng.pick(['system', 'system', 'Europe/Paris', 'America/New_York', 'Asia/Tokyo', 'Australia/Sydney']),
};

/** The workspace's own email domain (of company #0, the team running the CRM, with an `hq` twist). */
const memberHost = (ctx: RecordContext) => `${ctx.g.identities.company(0).slug}hq.com`;

function attachmentFile(ctx: RecordContext) {
  const field = ctx.object.fields.find((f) => f.name === 'file' && f.type === 'FILES');
  return field ? ctx.g.files.filesOf(ctx.object, field, ctx.index)[0] : undefined;
}

/** The value of a data field: the standard meaning if known, else a generic one for its type. */
export function fieldValue(field: ModelField, ctx: RecordContext): unknown {
  const special = STANDARD[`${ctx.object.nameSingular}.${field.name}`];
  const value = special ? special(field, ctx) : genericValue(field, ctx);
  // An empty text or list is NULL in Twenty's database (transform-text-field.util.ts, transform-array-field.util.ts
  // store a written '' or [] as null, and an omitted one takes the column default, NULL unless the metadata names
  // one); it reads back as '' or [] either way.
  const hasDefault = field.defaultValue !== null && field.defaultValue !== undefined;
  if (hasDefault) return value;
  if (field.type === 'TEXT' && value === '') return null;
  if ((field.type === 'ARRAY' || field.type === 'MULTI_SELECT') && Array.isArray(value) && value.length === 0) return null;
  return value;
}

