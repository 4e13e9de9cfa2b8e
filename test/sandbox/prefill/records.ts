/**
 * The example records a Twenty 2.21 sign-up writes (standard-objects-prefill-data/utils/prefill-*.util.ts): five
 * companies, their five founders, six opportunities owned by the creator, and "My First Dashboard". Ids are the
 * constants Twenty hard-codes, so they are the same in every signed-up workspace; Notion is exactly as the TARGET
 * recordings show it (rate-limit-recovered, update-partial-composite).
 */
import type { Row } from '../records/table.js';

const AIRBNB = 'c776ee49-f608-4a77-8cc8-6fe96ae1e43f';
const ANTHROPIC = 'f45ee421-8a3e-4aa5-a1cf-7207cc6754e1';
const STRIPE = '1f70157c-4ea5-4d81-bc49-e1401abfbb94';
const FIGMA = '9d5bcf43-7d38-4e88-82cb-d6d4ce638bf0';
export const NOTION_ID = '06290608-8bf0-4806-99ae-a715a6a93fad';

const address = (addressStreet1: string, addressStreet2: string, addressCity: string, addressState: string, addressPostcode: string, addressCountry: string) =>
  ({ addressStreet1, addressStreet2, addressCity, addressState, addressPostcode, addressCountry });

/** `[id, name, domain, address, position]`; NULL address parts read back as '' (Notion's addressStreet2). */
export const COMPANIES: Row[] = ([
  [AIRBNB, 'Airbnb', 'https://airbnb.com', address('888 Brannan St', '', 'San Francisco', 'CA', '94103', 'United States'), 1],
  [ANTHROPIC, 'Anthropic', 'https://anthropic.com', address('548 Market Street', '', 'San Francisco', 'CA', '94104', 'United States'), 2],
  [STRIPE, 'Stripe', 'https://stripe.com', address('Eutaw Street', '', 'Dublin', '', '', 'Ireland'), 3],
  [FIGMA, 'Figma', 'https://figma.com', address('760 Market St', 'Floor 10', 'San Francisco', '', '94102', 'United States'), 4],
  [NOTION_ID, 'Notion', 'https://notion.com', address('2300 Harrison St', '', 'San Francisco', 'CA', '94110', 'United States'), 5],
] as const).map(([id, name, url, addr, position]) => ({
  id, name, domainName: { primaryLinkUrl: url }, address: addr, position,
}));

const BRIAN = 'a2e78a5e-338b-46df-8811-fa08c7d19d35';
const DARIO = '93c72d2e-e65c-44c4-99ad-f87f50349dcf';
const PATRICK = 'edf6d445-13a7-4373-9a47-8f89e8c0a877';
const DYLAN = 'b1e26fa6-c757-4c88-abfa-4b11f5cf3acf';
const IVAN = '7a93d1e5-3f74-4945-8a65-d7f996083f72';

const avatar = (slug: string) => `https://twentyhq.github.io/placeholder-images/founders/${slug}.jpg`;

/** `[id, first, last, email, phone, company, position]` */
export const PEOPLE: Row[] = ([
  [BRIAN, 'Brian', 'Chesky', 'chesky@airbnb.com', '123456789', AIRBNB, 1],
  [DARIO, 'Dario', 'Amodei', 'amodei@anthropic.com', '555123456', ANTHROPIC, 2],
  [PATRICK, 'Patrick', 'Collison', 'collison@stripe.com', '987625341', STRIPE, 3],
  [DYLAN, 'Dylan', 'Field', 'field@figma.com', '098822619', FIGMA, 4],
  [IVAN, 'Ivan', 'Zhao', 'zhao@notion.com', '882261739', NOTION_ID, 5],
] as const).map(([id, firstName, lastName, email, phone, companyId, position]) => ({
  id,
  name: { firstName, lastName },
  emails: { primaryEmail: email },
  phones: { primaryPhoneNumber: phone, primaryPhoneCallingCode: '+1' },
  avatarUrl: avatar(`${firstName}-${lastName}`.toLowerCase()),
  companyId,
  position,
}));

/** `[id, name, amount in USD, closeDate, stage, company, point of contact, position]`; the owner is the creator. */
export const OPPORTUNITIES: Row[] = ([
  ['822639e5-9bf7-40f1-8882-a11140362339', 'Platform Migration', 60_000, '2026-01-31T16:25:00.000Z', 'PROPOSAL', STRIPE, PATRICK, 1],
  ['fc747edc-cb00-4078-8d6b-1fab2611dae4', 'AI Model Training', 100_000, '2026-02-15T16:25:00.000Z', 'CUSTOMER', ANTHROPIC, DARIO, 2],
  ['75de302f-1044-4957-8da4-1f67ebefd52b', 'Workspace Expansion', 45_000, '2026-01-20T16:26:00.000Z', 'MEETING', NOTION_ID, IVAN, 3],
  ['2beb07b0-340c-41d7-be33-5aa91757f329', 'API Integration Deal', 75_000, '2026-01-25T16:26:00.000Z', 'SCREENING', STRIPE, PATRICK, 4],
  ['9543adcf-ec03-44e2-9233-3c2d3ebae98a', 'Enterprise Plan Upgrade', 50_000, '2026-03-10T16:26:00.000Z', 'NEW', AIRBNB, BRIAN, 5],
  ['9457f8e9-16ae-43b9-92ee-cbd21f3dded5', 'Design Partnership', 30_000, '2026-01-15T16:27:00.000Z', 'NEW', FIGMA, DYLAN, 6],
] as const).map(([id, name, usd, closeDate, stage, companyId, pointOfContactId, position]) => ({
  id, name, amount: { amountMicros: usd * 1_000_000, currencyCode: 'USD' }, closeDate, stage, companyId, pointOfContactId, position,
}));

/** Its page layout is metadata (not exposed by REST): the id stands for it, as a dangling uuid a migration must not follow. */
export const DASHBOARD: Row = {
  id: 'f31ecf3b-87d3-4e8a-a84b-b6f0f3f8c7e2',
  title: 'My First Dashboard',
  position: 0,
  createdBy: { source: 'SYSTEM', workspaceMemberId: null, name: 'System', context: {} },
  updatedBy: { source: 'SYSTEM', workspaceMemberId: null, name: 'System', context: {} },
};
