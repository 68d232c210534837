import { describe, expect, it } from 'vitest';
import { contactDetailsIn, redact } from '../../src/domain/redact.js';

describe('redact', () => {
  it.each([
    ['Mail dana.lee+ops@acme-corp.example.com any time', 'Mail [email removed] any time'],
    ['Call me on +1 415 555 0100 tomorrow', 'Call me on [phone removed] tomorrow'],
    ['Her desk is (415) 555-0100.', 'Her desk is [phone removed].'],
    ['Berlin office: +49 30 1234567', 'Berlin office: [phone removed]'],
    ['London 020 7946 0958, ask for Sam', 'London [phone removed], ask for Sam'],
  ])('removes contact details from "%s"', (input, output) => {
    expect(redact(input)).toBe(output);
  });

  it.each([
    'We lose two days every month-end',
    'The audit is on 2027-01-04 and costs $120,000',
    'Version 4.2.1 fixed it for 300 users in 2026',
  ])('leaves ordinary text alone: "%s"', (text) => {
    expect(redact(text)).toBe(text);
  });

  it('names each kind of contact detail found', () => {
    expect(contactDetailsIn('see https://acme.example/x or dana@acme.com, +1 415 555 0100')).toEqual(['email', 'phone', 'url']);
    expect(contactDetailsIn('visit acme.io for more')).toEqual(['url']);
    expect(contactDetailsIn('Dana loses two days every month-end.')).toEqual([]);
  });
});
