import { describe, expect, it } from 'vitest';
import { createSealer, SealError } from '../../src/crypto.js';

const KEY = 'k'.repeat(16) + '0123456789abcdef';
const sealer = createSealer(KEY);
const TOKEN = 'xoxb-1234-5678-secret';

describe('sealing secrets at rest', () => {
  it('round-trips a string, with a versioned base64url form that does not contain it', () => {
    const sealed = sealer.seal(TOKEN);
    expect(sealed).toMatch(/^v1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain(TOKEN);
    expect(sealer.open(sealed)).toBe(TOKEN);
  });

  it('uses a fresh IV each time', () => {
    expect(sealer.seal(TOKEN)).not.toBe(sealer.seal(TOKEN));
  });

  it('opens with the same secret in another sealer (another instance)', () => {
    expect(createSealer(KEY).open(sealer.seal('é 🙂 unicode'))).toBe('é 🙂 unicode');
  });

  it('refuses a wrong key with a clear error', () => {
    const sealed = sealer.seal(TOKEN);
    expect(() => createSealer('another-secret-of-at-least-32-characters').open(sealed)).toThrow(
      new SealError('cannot open sealed value: wrong HALLWAY_ENCRYPTION_KEY, or the value was altered'),
    );
  });

  it('refuses a tampered ciphertext, tag or IV', () => {
    const [v, iv, tag, ct] = sealer.seal(TOKEN).split(':') as [string, string, string, string];
    const flip = (s: string) => {
      const b = Buffer.from(s, 'base64url');
      b[0] = b[0]! ^ 1;
      return b.toString('base64url');
    };
    for (const bad of [[v, iv, tag, flip(ct)], [v, iv, flip(tag), ct], [v, flip(iv), tag, ct]]) {
      expect(() => sealer.open(bad.join(':'))).toThrow(SealError);
    }
  });

  it('binds the context: a value sealed for one workspace does not open for another', () => {
    const sealed = sealer.seal(TOKEN, 'slack:T1');
    expect(sealer.open(sealed, 'slack:T1')).toBe(TOKEN);
    expect(() => sealer.open(sealed, 'slack:T2')).toThrow(SealError);
    expect(() => sealer.open(sealed)).toThrow(SealError);
  });

  it('names an unknown version or a malformed value', () => {
    expect(() => sealer.open('v2:a:b:c')).toThrow('cannot open sealed value: unknown format or version (expected v1:…)');
    // A plaintext token stored by mistake is refused without being echoed into logs.
    expect(() => sealer.open('xoxb-plaintext')).toThrow(expect.objectContaining({ message: expect.not.stringContaining('xoxb') }));
    expect(() => sealer.open('xoxb-plaintext')).toThrow(SealError);
    expect(() => sealer.open('v1:abc:def')).toThrow('malformed sealed value');
    expect(() => sealer.open('v1:AAAA:AAAA:AAAA')).toThrow('bad IV or tag length');
  });
});
