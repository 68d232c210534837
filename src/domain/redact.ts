/*
 * Contact details never reach an engineering channel: a story quotes what a
 * customer said, not how to reach them. Redaction is deliberately greedy: a
 * number that merely looks like a phone number loses less than a leaked one.
 */

export const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

/** A run of digits with phone-style separators; kept only if it holds 7+ digits and is not an ISO date. */
const PHONE_CANDIDATE = /(?:\+\s?)?(?:\(\d{1,5}\)[\s.-]?)?\d[\d\s.()-]{5,}\d/g;

const URL = /\b(?:https?:\/\/|www\.)\S+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|io|dev|co|ai|app|info|biz)(?:\/\S*)?\b/gi;

export const EMAIL_REDACTED = '[email removed]';
export const PHONE_REDACTED = '[phone removed]';

function isPhone(candidate: string): boolean {
  const digits = candidate.replace(/\D/g, '');
  if (digits.length < 7 || digits.length > 15) return false;
  // 2027-01-04, 2027 01 04: dates are not phone numbers.
  return !/^\d{4}[-./ ]\d{1,2}[-./ ]\d{1,2}$/.test(candidate.trim());
}

export function redact(text: string): string {
  return text
    .replace(EMAIL, EMAIL_REDACTED)
    .replace(PHONE_CANDIDATE, (m) => (isPhone(m) ? PHONE_REDACTED : m));
}

/** What contact details or links a text holds, for rejecting a model's draft that adds them. */
export function contactDetailsIn(text: string): Array<'email' | 'phone' | 'url'> {
  const found: Array<'email' | 'phone' | 'url'> = [];
  if (new RegExp(EMAIL.source).test(text)) found.push('email');
  if ((text.match(PHONE_CANDIDATE) ?? []).some(isPhone)) found.push('phone');
  if (new RegExp(URL.source, 'i').test(text.replace(EMAIL, ''))) found.push('url');
  return found;
}
