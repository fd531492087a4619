/**
 * Slows down controller-token guessing per client address, across all its connections: the
 * per-connection rate limit alone let 100 connections check about 1,580 guesses a second. After
 * `freeAttempts` wrong tokens an address is locked out for `firstLockoutMs`, and every further
 * wrong token doubles the lockout (up to `maxLockoutMs`); while locked out its tokens are not
 * even compared. A right token clears the address's record. Both ways of presenting a token —
 * the handshake's `auth.token` and `claimControl` — go through here.
 */
import { tokenMatches } from './roles';

export interface TokenGuardOptions {
  /** Wrong tokens an address may send before the first lockout. */
  freeAttempts: number;
  firstLockoutMs: number;
  maxLockoutMs: number;
  /** An address with no wrong token for this long starts afresh. */
  forgetAfterMs: number;
  /** Addresses remembered at most (the oldest are forgotten first), so a flood cannot grow memory. */
  maxAddresses: number;
}

export const DEFAULT_TOKEN_GUARD: TokenGuardOptions = {
  freeAttempts: 5,
  firstLockoutMs: 1_000,
  maxLockoutMs: 15 * 60_000,
  forgetAfterMs: 60 * 60_000,
  maxAddresses: 10_000,
};

export type TokenCheck = { ok: true } | { ok: false; error: string };

interface AddressRecord {
  failures: number;
  lockedUntil: number;
  lastFailure: number;
}

/**
 * The key an address is counted under: IPv4 as is (IPv4-mapped IPv6 unwrapped), IPv6 by its /64
 * network, since one machine usually holds a whole /64.
 */
export function clientKey(address: string): string {
  const plain = address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  if (!plain.includes(':')) return plain;
  const [head, tail = ''] = plain.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = plain.includes('::') && tail ? tail.split(':') : [];
  const groups = plain.includes('::') ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

export class TokenGuard {
  private readonly records = new Map<string, AddressRecord>();

  constructor(
    private readonly expected: string,
    private readonly options: TokenGuardOptions = DEFAULT_TOKEN_GUARD,
    private readonly now: () => number = () => performance.now(),
    private readonly log: (message: string) => void = () => {},
  ) {}

  /** Checks a token presented from `address`; a refusal says why (wrong, or locked out and for how long). */
  check(address: string, given: unknown): TokenCheck {
    const key = clientKey(address);
    const t = this.now();
    const record = this.records.get(key);
    if (record && t - record.lastFailure > this.options.forgetAfterMs && t >= record.lockedUntil) this.records.delete(key);
    const current = this.records.get(key);
    if (current && t < current.lockedUntil) {
      const seconds = Math.ceil((current.lockedUntil - t) / 1000);
      return { ok: false, error: `too many wrong controller tokens from your address: try again in ${seconds} s` };
    }
    if (tokenMatches(this.expected, given)) {
      this.records.delete(key);
      return { ok: true };
    }
    const next = current ?? { failures: 0, lockedUntil: 0, lastFailure: t };
    next.failures++;
    next.lastFailure = t;
    // Re-insert so the map's order is least recently failing first.
    this.records.delete(key);
    this.records.set(key, next);
    this.forgetOldest();
    const over = next.failures - this.options.freeAttempts;
    if (over >= 0) {
      const lockout = Math.min(this.options.maxLockoutMs, this.options.firstLockoutMs * 2 ** Math.min(over, 40));
      next.lockedUntil = t + lockout;
      this.log(`${next.failures} wrong controller tokens from ${key}; its token checks are refused for ${Math.ceil(lockout / 1000)} s`);
    }
    return { ok: false, error: 'wrong controller token' };
  }

  /** Addresses currently remembered (for tests). */
  get size(): number {
    return this.records.size;
  }

  private forgetOldest(): void {
    while (this.records.size > this.options.maxAddresses) {
      const oldest = this.records.keys().next().value as string;
      this.records.delete(oldest);
    }
  }
}
