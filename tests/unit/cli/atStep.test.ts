import { describe, expect, it } from 'vitest';
import { GameClock } from '../../../server/engine/clock';
import { stepOfAt } from '../../../server/cli/atStep';

// 10-second steps from 06:00: step 360 starts at 07:00.
const clock = new GameClock('2026-02-13T06:00', 10);
const run = { firstStep: 0, lastStep: 720, clock };

class CallerError extends Error {}

describe('--at <step | YYYY-MM-DDTHH:MM>', () => {
  it('takes a step number, as text (spaces around it too) or as a number', () => {
    expect(stepOfAt('150', run, { file: 'run.db' })).toBe(150);
    expect(stepOfAt(' 0 ', run, { file: 'run.db' })).toBe(0);
    expect(stepOfAt('720', run, { file: 'run.db' })).toBe(720);
    expect(stepOfAt(42, run, { file: 'run.db' })).toBe(42);
  });

  it('takes a game time of the run: the first step starting at or after it', () => {
    expect(stepOfAt('2026-02-13T07:00', run, { file: 'run.db' })).toBe(360);
    expect(stepOfAt('2026-02-13 06:00', run, { file: 'run.db' })).toBe(0);
    expect(stepOfAt('2026-02-13T06:00:05', run, { file: 'run.db' })).toBe(1);
  });

  it('refuses a step or time outside the run, naming the file and its range, in the caller\'s wording', () => {
    expect(() => stepOfAt('721', run, { file: 'run.db' })).toThrow('--at 721: run.db holds steps 0–720 (Friday, February 13, 2026, 06:00 to Friday, February 13, 2026, 08:00)');
    const forkWording = { file: 'parent.db', outOfRangeHint: '; fork at one of them', error: (m: string) => new CallerError(m) };
    expect(() => stepOfAt('2026-02-13T05:00', run, forkWording)).toThrow(CallerError);
    expect(() => stepOfAt('2026-02-13T05:00', run, forkWording)).toThrow('--at 2026-02-13T05:00: parent.db holds steps 0–720 (Friday, February 13, 2026, 06:00 to Friday, February 13, 2026, 08:00); fork at one of them');
    expect(() => stepOfAt('5', { ...run, firstStep: 10 }, { file: 'run.db' })).toThrow(/--at 5: run\.db holds steps 10–720/);
    expect(() => stepOfAt('99999999999999999999', run, { file: 'run.db' })).toThrow(/holds steps 0–720/);
    expect(() => stepOfAt(2.5, run, { file: 'run.db' })).toThrow(/holds steps 0–720/);
  });

  it('refuses garbage, a bare HH:MM (no day) and impossible dates with the grammar', () => {
    for (const at of ['noon', '', '-5', '1e3', '07:00', '2026-02-30T07:00', '2026-02-13T25:00']) {
      expect(() => stepOfAt(at, run, { file: 'run.db', error: (m) => new CallerError(m) }), at).toThrow(CallerError);
      expect(() => stepOfAt(at, run, { file: 'run.db' }), at).toThrow(`--at "${at}": give a step number or a game time YYYY-MM-DDTHH:MM`);
    }
  });
});
