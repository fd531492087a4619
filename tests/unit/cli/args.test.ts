import { describe, expect, it } from 'vitest';
import { numberOpt, parseCommandArgs, UsageError, type CommandSpec } from '../../../server/cli/args';
import { townOpenOptions, townOptionSpecs } from '../../../server/cli/townOptions';
import { parseGameTime } from '../../../server/engine/clock';

const command: CommandSpec = {
  name: 'run',
  summary: 'test',
  usage: 'hamlet run',
  options: { hours: { type: 'string', description: 'hours' }, n: { type: 'string', short: 'n', description: 'n' }, quiet: { type: 'boolean', description: 'q' }, ...townOptionSpecs },
  run: async () => 0,
};

function usageMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('flag parsing', () => {
  it('lets a negative value reach the flag\'s own check: one line naming the flag', () => {
    const args = parseCommandArgs(command, ['--hours', '-3']);
    expect(args.values.hours).toBe('-3');
    const message = usageMessage(() => numberOpt(args, 'hours', { min: 0 }));
    expect(message).toBe('--hours must be at least 0, got -3');
    expect(parseCommandArgs(command, ['-n', '-2.5']).values.n).toBe('-2.5');
    expect(parseCommandArgs(command, ['--hours=-1']).values.hours).toBe('-1');
  });

  it('keeps node\'s error to its first line', () => {
    const message = usageMessage(() => parseCommandArgs(command, ['--hours']));
    expect(message).not.toContain('\n');
    expect(message).toMatch(/--hours.*Run "hamlet run --help" for the options\.$/);
    expect(usageMessage(() => parseCommandArgs(command, ['--quiet=yes']))).not.toContain('\n');
  });

  it('refuses impossible and malformed --start times as usage errors', () => {
    for (const bad of ['2026-13-45T99:00', '2026-02-30T06:00', '2026-02-13T24:00', '2026-02-13T06:60', 'banana']) {
      const message = usageMessage(() => townOpenOptions(parseCommandArgs(command, ['--start', bad])));
      expect(message).toMatch(new RegExp(`^--start: Invalid start time "${bad}"`));
      expect(message).not.toContain('\n');
    }
    expect(townOpenOptions(parseCommandArgs(command, ['--start', '2028-02-29T23:59'])).startTime).toBe('2028-02-29T23:59');
  });

  it('parseGameTime accepts only real dates and times', () => {
    expect(parseGameTime('2026-02-13T06:00')).toBe(Date.UTC(2026, 1, 13, 6, 0));
    expect(parseGameTime('2028-02-29T00:00:59')).toBe(Date.UTC(2028, 1, 29, 0, 0, 59));
    expect(() => parseGameTime('2026-02-29T06:00')).toThrow(/no such date or time/);
    expect(() => parseGameTime('2026-04-31T06:00')).toThrow(/no such date or time/);
    expect(() => parseGameTime('2026-00-10T06:00')).toThrow(/no such date or time/);
  });
});
