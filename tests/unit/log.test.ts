import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../src/db/client.js';
import { accounts } from '../../src/db/schema.js';
import { createLogger, createScrubber } from '../../src/log.js';
import { openTestDb } from '../support/test-db.js';

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDb();
});
afterAll(() => handle?.close());

function capture() {
  const lines: string[] = [];
  return { lines, destination: { write: (line: string) => void lines.push(line) } };
}

describe('logs', () => {
  it('log a failed query by its SQL and codes, never its parameters (customers\' words)', async () => {
    const { lines, destination } = capture();
    const log = createLogger('debug', { destination });
    const words = 'Dana said the invoices are a nightmare';
    // No such organisation: a foreign-key violation whose parameters hold the customer's words.
    const err = await handle.db
      .insert(accounts)
      .values({ orgId: randomUUID(), name: words, nameKey: words.toLowerCase() })
      .then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(String((err as Error).message) + JSON.stringify(err)).toContain(words);
    log.error({ err }, 'saving failed');
    const line = lines.join('');
    expect(line).not.toContain(words);
    expect(line.toLowerCase()).not.toContain(words.toLowerCase());
    const logged = JSON.parse(line) as { err: { message: string; cause?: { code?: string; constraint?: string } } };
    expect(logged.err.message).toMatch(/^Failed query: insert into "accounts"/);
    expect(logged.err.cause).toMatchObject({ code: '23503' });
  });

  it('scrub secret values and secret-shaped tokens from pre-formatted strings (Bolt, the Web API client)', () => {
    const scrub = createScrubber(['c9f0f895fb98ab9159f51fd0297e236d']);
    expect(scrub('http request body: client_id=1.2&client_secret=c9f0f895fb98ab9159f51fd0297e236d&code=x')).not.toContain('c9f0f895');
    expect(scrub('{"client_secret":"anything-else-12345","ok":true}')).toBe('{"client_secret":"[redacted]","ok":true}');
    expect(scrub('token xoxb-1234-5678-abcdefabcdef and Bearer sk-abc123456789')).toBe('token [redacted] and [redacted]');
    expect(scrub('postgres://hallway:hunter2secret@db:5432/h')).toBe('postgres://hallway:[redacted]@db:5432/h');
  });
});
