import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { FtdojoError } from '../core/index.js';

/**
 * The HTTP door's bearer token: made on first start (32 random bytes, hex), kept in a file only
 * its owner can read (0600), and reused after. `created` tells the caller to print it, once.
 */
export function loadOrCreateToken(path: string): { token: string; created: boolean } {
  let text: string | null = null;
  try {
    text = readFileSync(path, 'utf8').trim();
  } catch {
    text = null;
  }
  if (text !== null) {
    if (text.length < 16)
      throw new FtdojoError('INVALID_INPUT', `the token file ${path} holds no usable token (fewer than 16 characters)`, {
        hint: 'delete it to have a new token made, or write a long random one into it',
      });
    // A token others can read is no secret: tighten it rather than refuse to start.
    if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
    return { token: text, created: false };
  }
  const token = randomBytes(32).toString('hex');
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, `${token}\n`, { mode: 0o600, flag: 'wx' });
  return { token, created: true };
}

/** `Authorization: Bearer <token>` compared in constant time. */
export function bearerMatches(header: string | undefined | null, token: string): boolean {
  const given = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
