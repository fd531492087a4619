import { describe, expect, it } from 'vitest';
import { clientKey, DEFAULT_TOKEN_GUARD, TokenGuard } from '../../../server/net/tokenGuard';

const TOKEN = 'the-right-token-16';

describe('clientKey', () => {
  it('counts IPv4 by address and IPv6 by /64 network', () => {
    expect(clientKey('192.168.1.7')).toBe('192.168.1.7');
    expect(clientKey('::ffff:192.168.1.7')).toBe('192.168.1.7');
    expect(clientKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:0db8:0001:0002::9')).toBe('2001:db8:1:2::/64');
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
  });
});

describe('TokenGuard', () => {
  it('locks an address out after the free attempts, doubling on each further wrong token, up to the cap', () => {
    let now = 0;
    const log: string[] = [];
    const guard = new TokenGuard(TOKEN, { ...DEFAULT_TOKEN_GUARD, freeAttempts: 2, firstLockoutMs: 1_000, maxLockoutMs: 4_000 }, () => now, (l) => log.push(l));
    const locked = () => (guard.check('10.0.0.1', TOKEN) as { error?: string }).error ?? 'open';
    expect(guard.check('10.0.0.1', 'a')).toEqual({ ok: false, error: 'wrong controller token' });
    expect(guard.check('10.0.0.1', 'b')).toEqual({ ok: false, error: 'wrong controller token' });
    expect(locked()).toBe('too many wrong controller tokens from your address: try again in 1 s');
    expect(guard.check('10.0.0.2', TOKEN)).toEqual({ ok: true }); // another address is not affected
    expect(log).toEqual(['2 wrong controller tokens from 10.0.0.1; its token checks are refused for 1 s']);
    // Each later wrong token doubles the lockout: 2 s, 4 s, then 4 s (the cap).
    let at = 1_000;
    for (const lockout of [2_000, 4_000, 4_000]) {
      now = at;
      expect(guard.check('10.0.0.1', 'wrong')).toEqual({ ok: false, error: 'wrong controller token' });
      now = at + lockout - 1;
      expect(locked()).toBe('too many wrong controller tokens from your address: try again in 1 s');
      at += lockout;
    }
    now = at;
    expect(locked()).toBe('open'); // the right token, once the lockout is over
  });

  it('holds a determined guesser to a handful of checked guesses an hour (defaults)', () => {
    let now = 0;
    const guard = new TokenGuard(TOKEN, DEFAULT_TOKEN_GUARD, () => now);
    let checked = 0;
    // A guesser from one address retrying every 100 ms, over many connections (the guard sees only the address).
    for (; now < 3_600_000; now += 100) {
      const answer = guard.check('203.0.113.9', `guess-${now}`);
      if (!answer.ok && answer.error === 'wrong controller token') checked++;
    }
    // 5 free (the 5th locks for 1 s), then 2, 4 … 512 s (17 min in all), then 15 min each: 17 in the first hour
    // (the per-connection rate limit alone let 100 connections check about 1,580 a second).
    expect(checked).toBe(17);
  });

  it('clears an address on the right token and forgets quiet ones; memory stays bounded', () => {
    let now = 0;
    const guard = new TokenGuard(TOKEN, { ...DEFAULT_TOKEN_GUARD, freeAttempts: 2, maxAddresses: 3, forgetAfterMs: 10_000 }, () => now);
    guard.check('10.0.0.1', 'a');
    expect(guard.check('10.0.0.1', TOKEN)).toEqual({ ok: true });
    expect(guard.size).toBe(0);
    guard.check('10.0.0.1', 'a');
    now += 10_001;
    guard.check('10.0.0.1', 'b'); // the earlier failure was forgotten: still one free attempt left
    expect(guard.check('10.0.0.1', TOKEN)).toEqual({ ok: true });
    for (let i = 0; i < 100; i++) guard.check(`10.0.1.${i}`, 'x');
    expect(guard.size).toBe(3);
  });
});
