import { describe, expect, it } from 'vitest';
import { DEFAULT_RATE_LIMIT, TokenBucket } from '../../../server/net/rateLimit';

describe('TokenBucket', () => {
  it('allows a burst, then refills continuously at the sustained rate', () => {
    let now = 0;
    const bucket = new TokenBucket({ perSecond: 4, burst: 3 }, () => now);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
    now += 249; // not quite one token (4 per second)
    expect(bucket.take()).toBe(false);
    now += 1;
    expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
  });

  it('never holds more than the burst, however long it rests', () => {
    let now = 0;
    const bucket = new TokenBucket({ perSecond: 10, burst: 5 }, () => now);
    now += 3_600_000;
    let allowed = 0;
    while (bucket.take()) allowed++;
    expect(allowed).toBe(5);
  });

  it('refused requests cost nothing: a steady client at the sustained rate is never refused', () => {
    let now = 0;
    const bucket = new TokenBucket(DEFAULT_RATE_LIMIT, () => now);
    for (let i = 0; i < 1_000; i++) {
      now += 1000 / DEFAULT_RATE_LIMIT.perSecond;
      expect(bucket.take()).toBe(true);
    }
  });

  it('by default lets a burst of 30 through on the real clock, then refuses', () => {
    const bucket = new TokenBucket(DEFAULT_RATE_LIMIT);
    expect(Array.from({ length: 30 }, () => bucket.take()).every(Boolean)).toBe(true);
    expect(bucket.take()).toBe(false);
    expect(DEFAULT_RATE_LIMIT).toEqual({ perSecond: 10, burst: 30 });
  });
});
