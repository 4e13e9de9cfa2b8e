/**
 * The headers of Twenty 2.21's CSV files, as its front-end writes them ("⋮ → Export view") and reads them ("Import
 * records"): `COMPOSITE_FIELD_SUB_FIELD_LABELS` (twenty-front settings/data-model/constants/CompositeFieldSubFieldLabel.ts),
 * one table for both, the sub-fields in the order the export's query selects them (mapFieldMetadataToGraphQLQuery.ts).
 */
import type { FieldType } from '../metadata/types.js';

export const SUB_FIELDS: Record<string, ReadonlyArray<readonly [key: string, label: string]>> = {
  CURRENCY: [['amountMicros', 'Amount'], ['currencyCode', 'Currency']],
  EMAILS: [['primaryEmail', 'Primary Email'], ['additionalEmails', 'Additional Emails']],
  LINKS: [['primaryLinkUrl', 'Link URL'], ['primaryLinkLabel', 'Link Label'], ['secondaryLinks', 'Secondary Links']],
  PHONES: [['primaryPhoneNumber', 'Primary Phone Number'], ['primaryPhoneCountryCode', 'Primary Phone Country Code'], ['primaryPhoneCallingCode', 'Primary Phone Calling Code'], ['additionalPhones', 'Additional Phones']],
  FULL_NAME: [['firstName', 'First Name'], ['lastName', 'Last Name']],
  ADDRESS: [['addressStreet1', 'Address 1'], ['addressStreet2', 'Address 2'], ['addressCity', 'City'], ['addressState', 'State'], ['addressCountry', 'Country'], ['addressPostcode', 'Post Code'], ['addressLat', 'Latitude'], ['addressLng', 'Longitude']],
  ACTOR: [['source', 'Source'], ['workspaceMemberId', 'Workspace Member'], ['name', 'Name'], ['context', 'Context']],
  RICH_TEXT: [['blocknote', 'BlockNote'], ['markdown', 'Markdown']],
  RICH_TEXT_V2: [['blocknote', 'BlockNote'], ['markdown', 'Markdown']],
};

/** Types the export writes as JSON text in one cell (useExportProcessRecordsForCSV.ts). */
export const JSON_CELL_TYPES = new Set<FieldType>(['MULTI_SELECT', 'ARRAY', 'RAW_JSON', 'FILES']);

/** The relation column's header: the field's label and ` Id` (useRecordIndexExportRecords.ts generateCsv). */
export const relationHeader = (label: string) => `${label} Id`;
/** A composite sub-field's header: `<Label> / <Sub-field label>`. */
export const subFieldHeader = (label: string, sub: string) => `${label} / ${sub}`;
/** The column `csv export` adds next to each member id column: the member's e-mail (the guide's step 5). */
export const memberEmailHeader = (idHeader: string) => `${idHeader.replace(/ Id$/, '')} Email`;
