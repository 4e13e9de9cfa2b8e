/**
 * A PHONES value as Twenty 2.x stores it. On every write 2.21 re-parses each number with libphonenumber-js
 * (record-transformer/utils/transform-phones-value.util.ts): the number becomes its national significant number
 * (`'0711 4567890'` with +49 → `'7114567890'`), a missing country or calling code is inferred from the other, and a
 * number it cannot parse fails the whole record. Older servers (1.2) stored numbers as typed. Doing the same parse
 * here, with the same library version the server ships (1.11.5), means what the import sends is what the target
 * keeps, so verify compares like with like, and a number the target would refuse is reported per field instead of
 * failing a batch.
 */
import { getCountries, getCountryCallingCode, parsePhoneNumberWithError, type CountryCode } from 'libphonenumber-js';

export interface PhoneParts {
  number?: string | null;
  callingCode?: string | null;
  countryCode?: string | null;
}

export type PhoneProblem = 'INVALID_COUNTRY_CODE' | 'INVALID_CALLING_CODE' | 'CONFLICTING_CODES' | 'INVALID_NUMBER';

// A string discriminant: tslab's non-strict TypeScript 5.0 does not narrow a union on a boolean literal.
export type PhoneResult = { status: 'ok'; phone: PhoneParts } | { status: 'refused'; problem: PhoneProblem; reason: string };

const COUNTRIES = new Set<string>(getCountries());
const COUNTRIES_OF_CALLING_CODE = new Map<string, string[]>();
for (const country of getCountries()) {
  const code = getCountryCallingCode(country);
  COUNTRIES_OF_CALLING_CODE.set(code, [...(COUNTRIES_OF_CALLING_CODE.get(code) ?? []), country]);
}

const filled = (v: unknown): v is string => typeof v === 'string' && v !== '';
const withoutPlus = (s: string) => s.replace(/\+/g, '');
const nullIfEmpty = (v: string | null | undefined) => (v === undefined || v === null ? v : v === '' ? null : v);
const fail = (problem: PhoneProblem, reason: string): PhoneResult => ({ status: 'refused', problem, reason });

/**
 * One number with its codes, as 2.21's validateAndInferPhoneInput: the same checks, in the same order, with the
 * server's wording in `reason`.
 *
 * @example
 * normalisePhone({ number: '(555) 012-3456', countryCode: 'US', callingCode: '+1' });
 * // { status: 'ok', phone: { countryCode: 'US', callingCode: '+1', number: '5550123456' } }
 */
export function normalisePhone({ number, callingCode, countryCode }: PhoneParts): PhoneResult {
  if (filled(countryCode) && !COUNTRIES.has(countryCode)) return fail('INVALID_COUNTRY_CODE', `Invalid country code ${countryCode}`);
  if (filled(callingCode)) {
    const expected = COUNTRIES_OF_CALLING_CODE.get(withoutPlus(callingCode)) ?? [];
    if (!expected.length) return fail('INVALID_CALLING_CODE', `Invalid calling code ${callingCode}`);
    if (filled(countryCode) && !expected.includes(countryCode)) {
      return fail('CONFLICTING_CODES', `Provided country code and calling code are conflicting`);
    }
  }
  if (!filled(number)) return { status: 'ok', phone: { callingCode: nullIfEmpty(callingCode), countryCode: nullIfEmpty(countryCode), number: nullIfEmpty(number) } };

  const calling = filled(callingCode) ? callingCode : undefined;
  const country = filled(countryCode) ? (countryCode as CountryCode) : undefined;
  let parsed;
  try {
    parsed = parsePhoneNumberWithError(number, { defaultCallingCode: calling ? withoutPlus(calling) : calling, defaultCountry: country });
  } catch {
    return fail('INVALID_NUMBER', `Provided phone number is invalid ${number}`);
  }
  if (parsed.country && country && parsed.country !== country) return fail('CONFLICTING_CODES', 'Provided and inferred country code are conflicting');
  if (parsed.countryCallingCode && calling && parsed.countryCallingCode !== withoutPlus(calling)) {
    return fail('CONFLICTING_CODES', 'Provided and inferred calling code are conflicting');
  }
  return { status: 'ok', phone: { countryCode: country ?? parsed.country, callingCode: calling ?? `+${parsed.countryCallingCode}`, number: parsed.nationalNumber } };
}

export interface PhonesNormalised {
  value: Record<string, unknown>;
  /** Numbers the target would refuse: left out of the value, each with where it was and why. */
  refused: Array<{ path: string; number: unknown; problem: PhoneProblem; reason: string }>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === 'string' ? v : v === null ? null : undefined);

/**
 * A whole PHONES value, primary and additional phones, as the target will store it. A number the target would
 * refuse is left out (the primary one emptied with its codes, an additional one removed), so the record still
 * migrates, and it is listed in `refused` for the error report.
 *
 * @example
 * normalisePhones({ primaryPhoneNumber: '0711 4567890', primaryPhoneCallingCode: '+49', primaryPhoneCountryCode: '', additionalPhones: [] });
 * // { value: { primaryPhoneNumber: '7114567890', primaryPhoneCallingCode: '+49', primaryPhoneCountryCode: 'DE', additionalPhones: [] }, refused: [] }
 */
export function normalisePhones(value: Record<string, unknown>): PhonesNormalised {
  const refused: PhonesNormalised['refused'] = [];
  const out: Record<string, unknown> = { ...value };
  if ('primaryPhoneNumber' in value || 'primaryPhoneCallingCode' in value || 'primaryPhoneCountryCode' in value) {
    const r = normalisePhone({ number: str(value.primaryPhoneNumber), callingCode: str(value.primaryPhoneCallingCode), countryCode: str(value.primaryPhoneCountryCode) });
    if (r.status === 'ok') {
      // The target answers '' for a sub-field it stored as null; undefined means the key was not sent.
      const set = (key: string, v: string | null | undefined) => {
        if (v !== undefined) out[key] = v ?? '';
      };
      set('primaryPhoneNumber', r.phone.number);
      set('primaryPhoneCountryCode', r.phone.countryCode);
      set('primaryPhoneCallingCode', r.phone.callingCode);
    } else {
      refused.push({ path: 'primaryPhoneNumber', number: value.primaryPhoneNumber, problem: r.problem, reason: r.reason });
      Object.assign(out, { primaryPhoneNumber: '', primaryPhoneCountryCode: '', primaryPhoneCallingCode: '' });
    }
  }
  if (Array.isArray(value.additionalPhones)) {
    const kept: unknown[] = [];
    value.additionalPhones.forEach((a, i) => {
      const parts = isObject(a) ? a : {};
      const r = normalisePhone({ number: str(parts.number), callingCode: str(parts.callingCode), countryCode: str(parts.countryCode) });
      if (r.status === 'refused') refused.push({ path: `additionalPhones[${i}]`, number: parts.number, problem: r.problem, reason: r.reason });
      // Stored as JSON text: undefined keys vanish; the key order is the server's (countryCode, callingCode, number).
      else kept.push(Object.fromEntries(Object.entries(r.phone).filter(([, v]) => v !== undefined)));
    });
    out.additionalPhones = kept;
  }
  return { value: out, refused };
}
