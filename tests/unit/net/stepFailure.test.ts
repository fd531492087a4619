import { describe, expect, it } from 'vitest';
import { describeStepFailure } from '../../../server/net/stepFailure';

const coded = (code: string, message = 'database or disk is full') => Object.assign(new Error(message), { code });

describe('describeStepFailure', () => {
  it('says plainly what to do when the disk is full, naming the step and the file', () => {
    expect(describeStepFailure(coded('SQLITE_FULL'), 812, 'data/day.db')).toEqual({ reason: 'disk full while saving step 812 to data/day.db: free space and press Resume', expected: true });
    expect(describeStepFailure(coded('ENOSPC'), 3).reason).toBe('disk full while saving step 3: free space and press Resume');
    expect(describeStepFailure(coded('SQLITE_FULL'), 3, ':memory:').reason).toBe('disk full while saving step 3: free space and press Resume');
  });

  it('treats other storage conditions as expected too', () => {
    expect(describeStepFailure(coded('SQLITE_READONLY_DBMOVED'), 5, 'a.db')).toMatchObject({ expected: true, reason: expect.stringMatching(/read-only.*Resume/) });
    expect(describeStepFailure(coded('SQLITE_IOERR_WRITE'), 5, 'a.db')).toMatchObject({ expected: true, reason: expect.stringMatching(/disk error.*SQLITE_IOERR_WRITE/) });
  });

  it('reports anything else as a failed step with the first line of its message (a bug: the log keeps the stack)', () => {
    expect(describeStepFailure(new TypeError('x is undefined\n    at foo'), 7)).toEqual({ reason: 'step 7 failed: x is undefined', expected: false });
    expect(describeStepFailure('a string', 7)).toEqual({ reason: 'step 7 failed: a string', expected: false });
    expect(describeStepFailure(null, 7).expected).toBe(false);
  });
});
