/** Flags shared by the commands that open a town (run, start). */
import { boolOpt, numberOpt, stringOpt, UsageError, type OptionSpecs, type ParsedArgs } from './args';
import { DEFAULT_START_TIME, parseGameTime } from '../engine/clock';
import type { OpenTownOptions } from './town';
import { ABLATIONS, parseAblation, type Ablation } from '../mind/generative/ablation';

export const townOptionSpecs: OptionSpecs = {
  seed: { type: 'string', value: '<n>', description: 'random seed; the same seed and answers give the same run', default: '1' },
  db: { type: 'string', value: '<path>', description: 'simulation file (SQLite) to write (default: data/run-<date>-<time>.db)' },
  map: { type: 'string', value: '<path>', description: 'Tiled map (default: maps/hamlet.tmj)' },
  personas: { type: 'string', value: '<path>', description: 'persona file (default: next to the map, <map>.personas.json)' },
  resume: { type: 'boolean', description: 'continue the simulation stored in --db from its last snapshot' },
  'from-snapshot': { type: 'string', value: '<step>', description: 'with --resume: continue from the snapshot at this step, not the latest (e.g. the last good one of a damaged file)' },
  overwrite: { type: 'boolean', description: 'replace an existing --db file instead of refusing' },
  start: { type: 'string', value: '<time>', description: `game start time YYYY-MM-DDTHH:MM (default: ${DEFAULT_START_TIME})` },
  'seconds-per-step': { type: 'string', value: '<n>', description: 'game seconds per step (default: 10)' },
  agents: { type: 'string', value: '<n>', description: 'simulate only the first N personas' },
  ablate: { type: 'string', value: '<parts>', description: `switch parts of the generative mind off, as in the paper's ablations: ${ABLATIONS.filter((a) => a !== 'none').join(' | ')} (a new run only)` },
  'switch-mind': { type: 'boolean', description: 'with --resume: continue a stored run with another kind of mind than it was run with (generative ↔ rule-based)' },
};

export function townOpenOptions(args: ParsedArgs): Omit<OpenTownOptions, 'dbPath'> {
  return {
    mapPath: stringOpt(args, 'map'),
    personasPath: stringOpt(args, 'personas'),
    seed: numberOpt(args, 'seed', { integer: true, min: 0 }),
    resume: boolOpt(args, 'resume'),
    overwrite: boolOpt(args, 'overwrite'),
    fromSnapshot: fromSnapshotOpt(args),
    startTime: startOpt(args),
    secondsPerStep: numberOpt(args, 'seconds-per-step', { min: 1, max: 3600 }),
    agentLimit: numberOpt(args, 'agents', { integer: true, min: 1 }),
    ...townConfig(args),
  };
}

/** What the file's meta keeps of the condition: the ablation, and the scenario a town was started for (`start --scenario`). */
function townConfig(args: ParsedArgs): { config?: Record<string, unknown> } {
  const config: Record<string, unknown> = {};
  if (ablateOpt(args) !== 'none') config.ablation = ablateOpt(args);
  if (typeof args.values.scenario === 'string') config.scenario = args.values.scenario;
  return Object.keys(config).length ? { config } : {};
}

/** --ablate, checked here (a usage error); a resumed run keeps the condition stored in its file. */
export function ablateOpt(args: ParsedArgs): Ablation {
  const raw = stringOpt(args, 'ablate');
  if (raw === undefined) return 'none';
  if (boolOpt(args, 'resume')) throw new UsageError('--ablate applies to a new run: a resumed run keeps the ablation it was run with');
  try {
    return parseAblation(raw, '--ablate');
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** --start, checked here so an impossible date is a usage error (exit 2), not a shifted start. */
function startOpt(args: ParsedArgs): string | undefined {
  const raw = stringOpt(args, 'start');
  if (raw === undefined) return undefined;
  try {
    parseGameTime(raw);
  } catch (err) {
    throw new UsageError(`--start: ${(err as Error).message}`);
  }
  return raw;
}

function fromSnapshotOpt(args: ParsedArgs): number | undefined {
  const step = numberOpt(args, 'from-snapshot', { integer: true, min: 0 });
  if (step !== undefined && !boolOpt(args, 'resume')) throw new UsageError('--from-snapshot needs --resume');
  return step;
}
