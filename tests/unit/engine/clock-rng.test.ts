import { describe, expect, it } from 'vitest';
import { DEFAULT_START_TIME, formatClock, formatDate, formatGameTime, GameClock, minuteOfDay, parseClock, parseGameTime, startOfDay, weekday } from '../../../server/engine/clock';
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

describe('parseGameTime, strictly', () => {
  it('reads seconds and surrounding blanks, and nothing else around the time', () => {
    expect(parseGameTime(' 2026-02-13T06:00:30 ')).toBe(Date.UTC(2026, 1, 13, 6, 0, 30));
    expect(parseGameTime('2026-02-13 06:00')).toBe(Date.UTC(2026, 1, 13, 6, 0));
    for (const bad of ['x2026-02-13T06:00', '2026-02-13T06:00x', '2026-02-13T06:00:5', '2026-02-13T06:00:ab']) {
      expect(() => parseGameTime(bad), bad).toThrow(`Invalid start time "${bad}": use YYYY-MM-DDTHH:MM, e.g. 2026-02-13T06:00`);
    }
  });

  it('names an impossible date as such', () => {
    expect(() => parseGameTime('2026-02-30T06:00')).toThrow('Invalid start time "2026-02-30T06:00": no such date or time (use YYYY-MM-DDTHH:MM, e.g. 2026-02-13T06:00)');
    expect(() => parseGameTime('2026-02-13T06:00:60')).toThrow(/no such date or time/);
    // Date.UTC reads years 0-99 as 1900-1999: such a year does not read back either.
    expect(() => parseGameTime('0050-02-13T06:00')).toThrow(/no such date or time/);
  });
});

describe('GameClock, edges', () => {
  it('starts by default on Friday 13 February 2026 at 06:00, and accepts a start in milliseconds', () => {
    expect(formatGameTime(new GameClock().timeAt(0))).toBe('Friday, February 13, 2026, 06:00');
    const clock = new GameClock(Date.UTC(2026, 0, 1, 23, 0), 60);
    expect(clock.timeAt(2)).toBe(Date.UTC(2026, 0, 1, 23, 2));
    expect(clock.stepsPerHour).toBe(60);
  });

  it('refuses a step length that is not positive', () => {
    for (const seconds of [0, -10, Number.NaN]) expect(() => new GameClock(DEFAULT_START_TIME, seconds)).toThrow('secondsPerStep must be positive');
  });

  it('counts days from the start date, midnight to midnight', () => {
    const clock = new GameClock('2026-02-13T06:00');
    expect(clock.dayIndex(parseGameTime('2026-02-13T23:59'))).toBe(0);
    expect(clock.dayIndex(parseGameTime('2026-02-14T00:00'))).toBe(1);
    expect(clock.dayIndex(parseGameTime('2026-02-16T12:00'))).toBe(3);
    expect(startOfDay(parseGameTime('2026-02-16T12:34'))).toBe(parseGameTime('2026-02-16T00:00'));
    expect(clock.stepAt(clock.timeAt(5) + 1)).toBe(6);
  });

  it('names every weekday and month in English', () => {
    for (let day = 0; day < 7; day++) {
      const t = Date.UTC(2026, 1, 1 + day, 12);
      const name = new Date(t).toLocaleDateString('en-US', { weekday: 'long', timeZone: 'UTC' });
      expect(formatDate(t).startsWith(`${name}, `)).toBe(true);
      expect(weekday(t)).toBe(new Date(t).getUTCDay());
    }
    for (let month = 0; month < 12; month++) {
      const t = Date.UTC(2026, month, 15, 12);
      const name = new Date(t).toLocaleDateString('en-US', { month: 'long', timeZone: 'UTC' });
      expect(formatDate(t)).toContain(`, ${name} 15, 2026`);
    }
  });
});

describe('parseClock', () => {
  it('reads H:MM and HH:MM up to 23:59', () => {
    expect(parseClock('7:05')).toBe(425);
    expect(parseClock(' 23:59 ')).toBe(1439);
    expect(parseClock('00:00')).toBe(0);
  });

  it('refuses anything else with the input named', () => {
    for (const bad of ['24:00', '12:60', '7:5', 'x7:05', '7:05x', '123:00', 'a7:05', '07:ab']) {
      expect(() => parseClock(bad), bad).toThrow(`Invalid time of day "${bad}": use HH:MM`);
    }
  });
});

describe('Rng, exactly', () => {
  it('draws the same numbers as ever for a seed (step logs and resumes depend on it)', () => {
    const rng = new Rng('hamlet');
    expect(Array.from({ length: 4 }, () => rng.next())).toEqual([0.6784468300174922, 0.2193985462654382, 0.4314906776417047, 0.6359104237053543]);
    const empty = new Rng('');
    expect(Array.from({ length: 2 }, () => empty.next())).toEqual([0.6171283863950521, 0.6603138379286975]);
  });

  it('covers every integer of a range', () => {
    const rng = new Rng('cover');
    const ints = new Set(Array.from({ length: 500 }, () => rng.int(10)));
    expect([...ints].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const ranged = new Set(Array.from({ length: 500 }, () => rng.range(-3, 3)));
    expect([...ranged].sort((a, b) => a - b)).toEqual([-3, -2, -1, 0, 1, 2, 3]);
  });

  it('chance(p) is never for 0, always for 1, and about p in between', () => {
    const rng = new Rng('chance');
    const draws = (p: number) => Array.from({ length: 1000 }, () => rng.chance(p)).filter(Boolean).length;
    expect(draws(0)).toBe(0);
    expect(draws(1)).toBe(1000);
    const half = draws(0.5);
    expect(half).toBeGreaterThan(400);
    expect(half).toBeLessThan(600);
  });

  it('picks from a list, and names the mistake for an empty one', () => {
    const rng = new Rng('pick');
    expect(new Set(Array.from({ length: 100 }, () => rng.pick(['a', 'b', 'c'])))).toEqual(new Set(['a', 'b', 'c']));
    expect(() => rng.pick([])).toThrow('Rng.pick from an empty list');
  });

  it('shuffles into a permutation that can put any item anywhere', () => {
    const seen = new Set<string>();
    for (let seed = 0; seed < 200; seed++) {
      const items = ['a', 'b', 'c'];
      const out = new Rng(`shuffle${seed}`).shuffle(items);
      expect(out).toBe(items);
      expect([...out].sort()).toEqual(['a', 'b', 'c']);
      seen.add(out.join(''));
    }
    expect([...seen].sort()).toEqual(['abc', 'acb', 'bac', 'bca', 'cab', 'cba']);
  });
});
