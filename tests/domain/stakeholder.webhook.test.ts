import { describe, expect, it } from 'vitest';
import { checkWebhookSignature, signBody } from '../../src/domain/stakeholder.webhook.js';

const secret = 'webhook-secret-0123456789abcdef';
const now = new Date('2026-11-24T15:00:00Z');
const ts = String(now.getTime() / 1000);
const body = Buffer.from('{"account":"Acme","name":"Priya Shah","title":"CFO"}');

describe('checkWebhookSignature', () => {
  it('accepts the HMAC of "<timestamp>.<body>" over the exact bytes', () => {
    expect(checkWebhookSignature({ secret, timestamp: ts, signature: `sha256=${signBody(secret, ts, body)}`, body, now })).toEqual({ ok: true });
  });

  it('rejects one changed byte, a stale or future timestamp, and missing headers', () => {
    const signature = `sha256=${signBody(secret, ts, body)}`;
    expect(checkWebhookSignature({ secret, timestamp: ts, signature, body: Buffer.from(body.toString().replace('CFO', 'CEO')), now })).toEqual({ ok: false, reason: 'wrong' });
    expect(checkWebhookSignature({ secret, timestamp: ts, signature: signature.toUpperCase(), body, now })).toEqual({ ok: false, reason: 'wrong' });
    expect(checkWebhookSignature({ secret, timestamp: ts, signature, body, now: new Date(now.getTime() + 301_000) })).toEqual({ ok: false, reason: 'stale' });
    expect(checkWebhookSignature({ secret, timestamp: ts, signature, body, now: new Date(now.getTime() - 301_000) })).toEqual({ ok: false, reason: 'stale' });
    expect(checkWebhookSignature({ secret, timestamp: ts, signature, body, now: new Date(now.getTime() + 300_000) })).toEqual({ ok: true });
    expect(checkWebhookSignature({ secret, timestamp: undefined, signature, body, now })).toEqual({ ok: false, reason: 'missing' });
    expect(checkWebhookSignature({ secret, timestamp: '1e9', signature, body, now })).toEqual({ ok: false, reason: 'wrong' });
  });
});
