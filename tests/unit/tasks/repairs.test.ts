import { describe, expect, it } from 'vitest';
import {
  cleanText,
  dropCutOffTail,
  fitDurations,
  integersIn,
  lastFullSentence,
  listFrom,
  looksCut,
  parseBool,
  parseDuration,
  parseScore,
  parseTimeOfDay,
  pick,
} from '../../../server/mind/tasks/answerRepairs';
import { defaultEmoji, repairEmoji } from '../../../server/mind/tasks/activityHints';
import { bestPlaceForActivity, renderKnownPlaces, resolvePlace, splitPlaceHint } from '../../../server/mind/tasks/placeChoice';
import { KNOWN_PLACES } from './fixtures';

describe('parseTimeOfDay', () => {
  it.each([
    ['07:30', 450],
    ['7:30', 450],
    ['7:30 am', 450],
    ['7:30 PM', 1170],
    ['7:30 p.m.', 1170],
    ['7am', 420],
    ['12 am', 0],
    ['12:15 pm', 735],
    ['19:00', 1140],
    ['7.30', 450],
    ['7.5', 450],
    ['0730', 450],
    ['1930', 1170],
    ['07:30:00', 450],
    ['noon', 720],
    ['midnight', 0],
    ['seven', 420],
    ['from 8:15 to 9:00', 495],
    ['at 6 pm', 1080],
  ])('reads %j as minute %d', (text, minute) => {
    expect(parseTimeOfDay(text)).toBe(minute);
  });

  it('reads numbers as hours below 24 and as minutes above', () => {
    expect(parseTimeOfDay(7.5)).toBe(450);
    expect(parseTimeOfDay(6)).toBe(360);
    expect(parseTimeOfDay(450)).toBe(450);
    expect(parseTimeOfDay(20, true)).toBe(20);
  });

  it('rejects what is no time', () => {
    for (const bad of ['', 'soon', '25:00', '7:75', '13 pm', -3, 5000, null, {}]) expect(parseTimeOfDay(bad)).toBeUndefined();
  });
});

describe('other readers', () => {
  it('reads durations', () => {
    expect(parseDuration(10)).toBe(10);
    expect(parseDuration('10')).toBe(10);
    expect(parseDuration('10 min')).toBe(10);
    expect(parseDuration('15 minutes')).toBe(15);
    expect(parseDuration('ten minutes')).toBe(10);
    expect(parseDuration('1h30')).toBe(90);
    expect(parseDuration('1.5 hours')).toBe(90);
    expect(parseDuration('half an hour')).toBe(30);
    expect(parseDuration('0')).toBeUndefined();
    expect(parseDuration('a while')).toBeUndefined();
  });

  it('reads scores 1-10, rounding and clamping', () => {
    expect(parseScore('7/10', 4)).toBe(7);
    expect(parseScore('seven', 4)).toBe(7);
    expect(parseScore('8 (high)', 4)).toBe(8);
    expect(parseScore(7.6, 4)).toBe(8);
    expect(parseScore(12, 4)).toBe(10);
    expect(parseScore(-2, 4)).toBe(1);
    expect(parseScore({ score: 6 }, 4)).toBe(6);
    expect(parseScore('very', 4)).toBe(4);
  });

  it('reads booleans and cited numbers', () => {
    expect(parseBool('yes')).toBe(true);
    expect(parseBool('No')).toBe(false);
    expect(parseBool('maybe')).toBeUndefined();
    expect(integersIn(['1', 3, 'memories 4 and 7'])).toEqual([1, 3, 4, 7]);
  });

  it('finds keys however they are spelled and lists however they are given', () => {
    expect(pick({ Wake_Up: '06:00' }, ['wakeUp'])).toBe('06:00');
    expect(listFrom({ scores: { '2': 5, '1': 3 } }, ['scores'])).toEqual([3, 5]);
    expect(listFrom([1, 2], ['x'])).toEqual([1, 2]);
    expect(listFrom({ goals: 'a\nb' }, ['goals'])).toEqual(['a', 'b']);
  });

  it('cleans text: numbering, speaker names, quotes', () => {
    expect(cleanText('Ana: "Hi Klaus!"', ['Ana Lopez', 'Ana'])).toBe('Hi Klaus!');
    expect(cleanText('**Ana Lopez:** Hello', ['Ana Lopez', 'Ana'])).toBe('Hello');
    expect(cleanText('1. open the cafe')).toBe('open the cafe');
    expect(cleanText('“It’s fine”')).toBe('It’s fine');
    expect(cleanText('Klaus said: "I will come."')).toBe('Klaus said: "I will come."');
    expect(cleanText(42)).toBe('42');
    expect(cleanText({})).toBe('');
  });

  it('spots answers cut off at the token limit', () => {
    expect(looksCut('See you later!')).toBe(false);
    expect(looksCut('See you at the caf')).toBe(true);
    expect(lastFullSentence('Sure. I will see you at the caf')).toBe('Sure.');
    expect(lastFullSentence('no sentence here')).toBeUndefined();
    expect(dropCutOffTail([{ a: 1, b: 2 }, { a: 1, b: 2 }, { a: 1 }])).toHaveLength(2);
    expect(dropCutOffTail([{ a: 1 }])).toHaveLength(1);
  });
});

describe('fitDurations', () => {
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

  it('keeps durations that already fill the block', () => {
    expect(fitDurations([7, 13, 40], 60)).toEqual([7, 13, 40]);
  });

  it('scales to the block exactly, in 5-minute units when possible', () => {
    const out = fitDurations([10, 10, 10], 60);
    expect(out).toEqual([20, 20, 20]);
    const odd = fitDurations([10, 20, 15, 5], 60);
    expect(sum(odd)).toBe(60);
    expect(odd.every((m) => m % 5 === 0 && m >= 5)).toBe(true);
    expect(fitDurations([100, 200], 60)).toEqual([20, 40]);
  });

  it('uses 1-minute units when the block is not a multiple of 5', () => {
    const out = fitDurations([10, 10, 10], 47);
    expect(sum(out)).toBe(47);
    expect(out.every((m) => Number.isInteger(m) && m >= 1)).toBe(true);
  });

  it('treats missing or invalid durations as the average', () => {
    const out = fitDurations([10, undefined, NaN, -5], 40);
    expect(out).toEqual([10, 10, 10, 10]);
  });

  it('keeps only as many items as fit (one per 5 minutes)', () => {
    const out = fitDurations(new Array(20).fill(5), 60);
    expect(out).toHaveLength(12);
    expect(sum(out)).toBe(60);
    expect(fitDurations([1, 1, 1, 1], 3)).toEqual([1, 1, 1]);
  });

  it('always gives integers >= 1 that sum to the total', () => {
    for (let total = 1; total <= 200; total += 7) {
      for (const input of [[1], [3, 97], [5, 5, 5, 5, 5, 5, 5], [0.4, 100, 2.5]]) {
        const out = fitDurations(input, total);
        expect(sum(out)).toBe(total);
        expect(out.every((m) => Number.isInteger(m) && m >= 1)).toBe(true);
      }
    }
  });
});

describe('places', () => {
  it('splits a usual place off an activity', () => {
    expect(splitPlaceHint('opening the cafe @ Corner Cafe:cafe floor:counter')).toEqual({ activity: 'opening the cafe', place: 'Corner Cafe:cafe floor:counter' });
    expect(splitPlaceHint('reading')).toEqual({ activity: 'reading' });
  });

  it('maps model place names to known places', () => {
    expect(resolvePlace('corner cafe:cafe floor:counter', KNOWN_PLACES)).toBe('Corner Cafe:cafe floor:counter');
    expect(resolvePlace('Corner Cafe: cafe floor (coffee machine)', KNOWN_PLACES)).toBe('Corner Cafe:cafe floor:coffee machine');
    expect(resolvePlace('Corner Caffe > kitchen > ovn', KNOWN_PLACES)).toBe('Corner Cafe:kitchen:oven');
    expect(resolvePlace('the old lighthouse', KNOWN_PLACES)).toBeUndefined();
  });

  it('breaks ties towards preferred sectors', () => {
    expect(resolvePlace('bed', KNOWN_PLACES)).toBe('Ash House:bedroom:bed');
    expect(resolvePlace('bed', KNOWN_PLACES, ['Birch House:living room:sofa'])).toBe('Birch House:bedroom:bed');
  });

  it('chooses a place for an activity without a model', () => {
    expect(bestPlaceForActivity('sleeping', KNOWN_PLACES)).toBe('Ash House:bedroom:bed');
    expect(bestPlaceForActivity('brewing coffee', KNOWN_PLACES)).toBe('Corner Cafe:cafe floor:coffee machine');
    expect(bestPlaceForActivity('baking pastries in the oven', KNOWN_PLACES)).toBe('Corner Cafe:kitchen:oven');
    expect(bestPlaceForActivity('taking a walk in the park', KNOWN_PLACES)).toMatch(/^Willow Park/);
    expect(bestPlaceForActivity('opening the cafe @ Corner Cafe:cafe floor:counter', KNOWN_PLACES)).toBe('Corner Cafe:cafe floor:counter');
    expect(bestPlaceForActivity('pondering existence', KNOWN_PLACES)).toBeUndefined();
  });

  it('lists known places compactly, nearby sectors first, within a cap', () => {
    const text = renderKnownPlaces(KNOWN_PLACES, ['Willow Park:lawn:bench'], 'walking', 30);
    expect(text.split('\n')[0]).toBe('Willow Park: lawn (bench); garden (flower bed)');
    expect(text).toContain('Corner Cafe: cafe floor (counter, coffee machine, table, table 2); kitchen (oven, sink); storage (shelf)');
    const capped = renderKnownPlaces(KNOWN_PLACES, ['Ash House:bedroom:bed'], 'sleeping', 8);
    expect(capped.split('\n')[0]).toMatch(/^Ash House/);
    expect(capped.split('\n').length).toBeLessThan(5);
  });

  it('gives a default emoji per activity, and keeps a model emoji', () => {
    expect(defaultEmoji('sleeping')).toBe('😴');
    expect(defaultEmoji('brewing coffee')).toBe('☕');
    expect(defaultEmoji('staring at clouds')).toBe('🙂');
    expect(repairEmoji('☕ coffee', 'x')).toBe('☕');
    expect(repairEmoji('coffee', 'brewing coffee')).toBe('☕');
    expect(repairEmoji(undefined, 'reading a book')).toBe('📖');
  });

  it('gives common activities their own emoji rather than the generic 🙂', () => {
    // Seen on the page: several people showed 🙂 for everyday activities.
    const cases: [string, string][] = [
      ['opening up Willow Cafe', '🔑'],
      ['waking up', '🌅'],
      ['heading to the pharmacy', '🚶'],
      ['working at the town hall', '💼'],
      ['playing chess', '🎲'],
      ['fixing the fence', '🔧'],
      ['praying at church', '🙏'],
      ['feeding the cat', '🐾'],
    ];
    for (const [activity, emoji] of cases) expect(defaultEmoji(activity), activity).toBe(emoji);
    // Earlier hints keep their emoji (and place words): the new ones only fill the gaps.
    expect(defaultEmoji('serving customers at the counter')).toBe('🛎️');
    expect(defaultEmoji('walking to work')).toBe('🚶');
  });
});
