import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { normaliseInput } from '../chat/input.normaliser.js';
import { cleanName, MAX_NAME_LENGTH, nameProblem } from './names.js';

/** How far a webhook's timestamp may be from our clock, either way. */
export const WEBHOOK_WINDOW_SECONDS = 5 * 60;
export const MAX_WEBHOOK_ITEMS = 500;

export type SignatureCheck = { ok: true } | { ok: false; reason: 'missing' | 'stale' | 'wrong' };

/**
 * CONTRACT.md: `X-Hallway-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`
 * over the exact bytes received, `X-Hallway-Timestamp` in unix seconds, at
 * most five minutes from now. The comparison takes the same time whatever
 * the signature holds.
 */
export function checkWebhookSignature(opts: {
  secret: string;
  timestamp: string | undefined;
  signature: string | undefined;
  body: Buffer;
  now: Date;
}): SignatureCheck {
  const { timestamp, signature } = opts;
  if (!timestamp || !signature) return { ok: false, reason: 'missing' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'wrong' };
  if (Math.abs(opts.now.getTime() / 1000 - Number(timestamp)) > WEBHOOK_WINDOW_SECONDS) return { ok: false, reason: 'stale' };
  const expected = Buffer.from(`sha256=${signBody(opts.secret, timestamp, opts.body)}`, 'utf8');
  const given = Buffer.from(signature.trim(), 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'wrong' };
  return { ok: true };
}

export function signBody(secret: string, timestamp: string, body: Buffer | string): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

const name = (what: string) =>
  z
    .string({ error: `${what} must be a string` })
    .transform(cleanName)
    .superRefine((v, ctx) => {
      const problem = nameProblem(v);
      if (problem) ctx.addIssue({ code: 'custom', message: `${what} ${problem}` });
    });

export const webhookItemSchema = z.object({
  account: name('account'),
  name: name('name'),
  title: z.string().transform(cleanName).pipe(z.string().max(MAX_NAME_LENGTH, `title is longer than ${MAX_NAME_LENGTH} characters`)).optional(),
  email: z.union([z.email('email is not an e-mail address'), z.literal('')]).optional(),
  division: z.string().trim().max(MAX_NAME_LENGTH).optional(),
  status: z.enum(['active', 'left'], { error: 'status must be "active" or "left"' }).default('active'),
});

export type WebhookItem = z.infer<typeof webhookItemSchema>;

const arraySchema = z
  .array(webhookItemSchema, { error: 'expected a person object or an array of them' })
  .min(1, 'the array is empty')
  .max(MAX_WEBHOOK_ITEMS, `at most ${MAX_WEBHOOK_ITEMS} people per call`);
const itemSchema = z.object(webhookItemSchema.shape, { error: 'expected a person object or an array of them' });

export type ParsedWebhook = { ok: true; items: WebhookItem[] } | { ok: false; message: string };

/** The body as JSON and as CONTRACT.md's shape, or a message saying what does not fit. */
export function parseWebhookBody(body: Buffer): ParsedWebhook {
  let json: unknown;
  try {
    // Cleaned as every input is: a NUL in a name would otherwise reach the database.
    json = normaliseInput(JSON.parse(body.toString('utf8')) as unknown);
  } catch {
    return { ok: false, message: 'the body is not JSON' };
  }
  const parsed = Array.isArray(json) ? arraySchema.safeParse(json) : itemSchema.safeParse(json);
  if (!parsed.success) {
    const message = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`)
      .join('; ');
    return { ok: false, message };
  }
  const items = Array.isArray(parsed.data) ? parsed.data : [parsed.data];
  const untitled = items.findIndex((i) => i.status === 'active' && !i.title);
  if (untitled >= 0) return { ok: false, message: `${where(untitled, items.length)}title: required for an active person` };
  return { ok: true, items };
}

function where(i: number, n: number): string {
  return n > 1 ? `${i}: ` : '';
}
