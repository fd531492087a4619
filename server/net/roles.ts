/** Roles: anyone with the URL watches; the controller token unlocks pause, resume and speed. */
import { randomBytes, timingSafeEqual, createHash } from 'node:crypto';
import type { Role } from './protocol';

/** A fresh random controller token (URL-safe). */
export function generateToken(): string {
  return randomBytes(18).toString('base64url');
}

/** Constant-time comparison (hashing first makes the lengths equal). */
export function tokenMatches(expected: string, given: unknown): boolean {
  if (typeof given !== 'string' || given.length === 0) return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}

/** The role a connection gets for the token it presents. */
export function roleFor(expected: string, given: unknown): Role {
  return tokenMatches(expected, given) ? 'controller' : 'viewer';
}
