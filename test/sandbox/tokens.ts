/**
 * Signed tokens shaped like Twenty's (JWT, HS256): API keys and file tokens. A tampered signature is
 * rejected like a real server does (auth-401-tampered-jwt). Keys are made at run time and never stored in files.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const b64 = (v: object | Buffer) => (Buffer.isBuffer(v) ? v : Buffer.from(JSON.stringify(v))).toString('base64url');

export class TokenSigner {
  private readonly secret = randomBytes(32);

  sign(payload: Record<string, unknown>, expiresInSeconds?: number): string {
    const now = Math.floor(Date.now() / 1000);
    const body = { ...payload, iat: now, ...(expiresInSeconds ? { exp: now + expiresInSeconds } : {}) };
    const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(body)}`;
    return `${head}.${this.mac(head)}`;
  }

  /** The payload of a valid, unexpired token, or null. */
  verify(token: string): Record<string, unknown> | null {
    const parts = token.split('.');
    if (parts.length !== 3) return null;
    const expected = Buffer.from(this.mac(`${parts[0]}.${parts[1]}`));
    const given = Buffer.from(parts[2]);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    try {
      const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
      if (typeof payload.exp === 'number' && payload.exp * 1000 < Date.now()) return null;
      return payload;
    } catch {
      return null;
    }
  }

  private mac(text: string): string {
    return createHmac('sha256', this.secret).update(text).digest('base64url');
  }
}
