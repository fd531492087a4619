import { describe, expect, it } from 'vitest';
import { formatClock, formatGameTime, GameClock, minuteOfDay, parseClock, parseGameTime } from '../../../server/engine/clock';
import { Rng, RngSource } from '../../../server/engine/rng';

describe('GameClock', () => {
  it('maps steps to game time at 10 s per step', () => {
    const clock = new GameClock('2026-02-13T06:00');
    expect(formatGameTime(clock.timeAt(0))).toBe('Friday, February 13, 2026, 06:00');
    expect(clock.stepsPerHour).toBe(360);
    expect(clock.stepsPerDay).toBe(8640);
    expect(formatClock(clock.timeAt(360 * 18))).toBe('00:00');
    expect(clock.dayIndex(clock.timeAt(360 * 18))).toBe(1);
    expect(clock.stepAt(clock.timeAt(123))).toBe(123);
  });

  it('rejects malformed times with a message saying what to use', () => {
    expect(() => parseGameTime('13/02/2026')).toThrow(/YYYY-MM-DDTHH:MM/);
    expect(() => parseClock('25:00')).toThrow(/HH:MM/);
    expect(minuteOfDay(parseGameTime('2026-02-13T07:30'))).toBe(450);
  });
});

describe('Rng', () => {
  it('is reproducible per (seed, step, stream) and independent across streams', () => {
    const a = new RngSource(1).stream('agent:ada', 5);
    const b = new RngSource(1).stream('agent:ada', 5);
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    const other = new RngSource(2).stream('agent:ada', 5);
    expect(Array.from({ length: 5 }, () => other.next())).not.toEqual(seqA);
    const nextStep = new RngSource(1).stream('agent:ada', 6);
    expect(nextStep.next()).not.toBe(seqA[0]);
  });

  it('draws within bounds', () => {
    const rng = new Rng('bounds');
    for (let i = 0; i < 1000; i++) {
      const v = rng.range(-3, 3);
      expect(v).toBeGreaterThanOrEqual(-3);
      expect(v).toBeLessThanOrEqual(3);
      expect(Number.isInteger(v)).toBe(true);
    }
    expect(() => rng.pick([])).toThrow();
  });
});
