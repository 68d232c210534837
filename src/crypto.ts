import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';

/**
 * Secrets at rest (bot tokens): AES-256-GCM under a key derived from
 * HALLWAY_ENCRYPTION_KEY.
 *
 * Key derivation: scrypt (N=2^15, r=8, p=1) over the operator's secret with a
 * fixed, public salt naming this purpose. The secret may be a passphrase, so a
 * memory-hard KDF rather than HKDF; the salt is fixed because the same secret
 * must open tokens sealed by any instance, and it names the purpose so a key
 * derived here is never reused elsewhere. Derive once per process (~100 ms).
 *
 * Sealed form: `v1:<iv>:<tag>:<ciphertext>`, each part base64url; a 12-byte
 * random IV per seal. An optional context (e.g. "slack:T123") is bound as
 * associated data, so a sealed value copied onto another row fails to open.
 */
const VERSION = 'v1';
const SALT = 'hallway/secrets-at-rest/v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class SealError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SealError';
  }
}

export interface Sealer {
  seal(plaintext: string, context?: string): string;
  /** Throws SealError for a wrong key, a tampered value, another context or an unknown format. */
  open(sealed: string, context?: string): string;
}

export function deriveKey(secret: string): Buffer {
  if (secret.length === 0) throw new SealError('HALLWAY_ENCRYPTION_KEY is empty');
  return scryptSync(secret, SALT, 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
}

export function createSealer(secret: string): Sealer {
  const key = deriveKey(secret);
  return {
    seal(plaintext, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      if (context !== undefined) cipher.setAAD(Buffer.from(context, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [VERSION, iv, cipher.getAuthTag(), ciphertext].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join(':');
    },
    open(sealed, context) {
      const parts = sealed.split(':');
      // Never echo the value: it may be a plaintext token stored by mistake.
      if (parts[0] !== VERSION) throw new SealError(`cannot open sealed value: unknown format or version (expected ${VERSION}:…)`);
      if (parts.length !== 4) throw new SealError('malformed sealed value: expected v1:<iv>:<tag>:<ciphertext>');
      const [iv, tag, ciphertext] = parts.slice(1).map((p) => Buffer.from(p, 'base64url')) as [Buffer, Buffer, Buffer];
      if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new SealError('malformed sealed value: bad IV or tag length');
      const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      if (context !== undefined) decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(tag);
      try {
        return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
      } catch {
        // GCM cannot tell these apart, and must not: say what to check.
        throw new SealError('cannot open sealed value: wrong HALLWAY_ENCRYPTION_KEY, or the value was altered');
      }
    },
  };
}
