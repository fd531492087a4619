/**
 * `hamlet fork <db> --at <step | YYYY-MM-DDTHH:MM> --db new.db`: a new run that starts at any
 * step of a stored one (see ../fork.ts for how the mind's state at that step is rebuilt). With
 * --inject / --whisper the what-if is applied right at the fork step; with --start the fork
 * opens live at once, as `hamlet start --db new.db --resume` would.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { SimInput } from '../../engine/types';
import { injectInput, whisperInput, type TownView } from '../../net/requests/inputs';
import { injectSchema, whisperSchema } from '../../net/requests/schemas';
import { boolOpt, numberOpt, stringOpt, UsageError, type CommandSpec, type OptionSpecs, type ParsedArgs } from '../args';
import { forkRun, ForkError } from '../fork';
import { mindConfigFor } from '../minds';
import { modelOptionSpecs } from '../models';
import { zodProblem } from './inputs';
import { carriedFlags, shellWord } from './run';
import { startCommand } from './start';

/** The flags of `hamlet start` that --start passes on (the town's own flags come from the file). */
const START_FLAGS = ['port', 'host', 'token', 'allow-origin', 'speed', 'paused', 'open-interviews'] as const;
const startOptionSpecs: OptionSpecs = Object.fromEntries(START_FLAGS.map((name) => [name, { ...startCommand.options[name], description: `with --start: ${startCommand.options[name].description}` }]));

export const forkCommand: CommandSpec = {
  name: 'fork',
  summary: 'start a new run from any step of a stored run (what-if: --inject / --whisper at that step)',
  usage: 'hamlet fork <parent.db> --at <step | YYYY-MM-DDTHH:MM> --db <new.db> [--inject TEXT [--place P] [--radius N] [--minutes N]] [--whisper NAME TEXT] [--start] [--json]',
  details: [
    'Writes a new simulation file that holds the parent\'s run up to the fork step — world state, memories,',
    'embeddings, model-call record — and the mind\'s state at that step, then continues on its own. The mind is',
    'snapshotted every game hour: to fork between two snapshots, the parent is re-run from the one before with',
    'its recorded model answers (no model needed), and must reproduce its own steps. The parent is only read.',
    'The fork records its parent (file, step-log SHA-256, fork step) in its lineage. --inject / --whisper apply',
    'at the fork step; continue with `hamlet start --db NEW --resume` (printed), or at once with --start.',
  ].join('\n'),
  options: {
    at: { type: 'string', value: '<step|time>', description: 'the fork\'s first step, or a game time YYYY-MM-DDTHH:MM (the first step starting then)' },
    db: { type: 'string', value: '<path>', description: 'the new simulation file' },
    overwrite: { type: 'boolean', description: 'replace an existing --db file instead of refusing' },
    inject: { type: 'string', value: '<text>', description: 'an event at the fork step: at --place, or (without it) an announcement everyone hears' },
    place: { type: 'string', value: '<place>', description: 'with --inject: where it happens (a sector, arena or object)' },
    radius: { type: 'string', value: '<tiles>', description: 'with --inject --place: perceived within this many tiles' },
    minutes: { type: 'string', value: '<n>', description: 'with --inject: how long it lasts in game minutes (default 30; announcements 720)' },
    whisper: { type: 'string', value: '<name>', description: 'an inner-voice line for this person at the fork step; the text follows as the next argument' },
    config: { type: 'string', value: '<path>', description: 'config file whose "mind" section the parent ran with, for a parent made before runs stored their mind settings (default ./hamlet.config.json); a parent that stores them keeps them' },
    start: { type: 'boolean', description: 'open the fork live at once (as hamlet start --db NEW --resume), with the model flags below' },
    ...startOptionSpecs,
    ...modelOptionSpecs,
    json: { type: 'boolean', description: 'print what was made as JSON' },
    help: { type: 'boolean', short: 'h', description: 'show this help' },
  },
  examples: [
    'hamlet fork data/day.db --at 2026-02-13T12:00 --db data/noon.db',
    'hamlet fork data/day.db --at 2160 --db data/fire.db --inject "the bakery is on fire" --place "Sunrise Bakery" --radius 8',
    'hamlet fork data/day.db --at 2026-02-13T12:00 --db data/party.db --whisper "Rosa Delgado" "You want to throw a party tonight" --start',
  ],
  run: forkMain,
};

async function forkMain(args: ParsedArgs): Promise<number> {
  const at = stringOpt(args, 'at');
  const dbPath = stringOpt(args, 'db');
  const whisperName = stringOpt(args, 'whisper');
  const [parentPath, whisperText, ...extra] = args.positionals;
  if (!parentPath) throw new UsageError('give the stored run to fork: hamlet fork <db> --at <step|time> --db <new.db>');
  if (whisperName !== undefined ? whisperText === undefined || extra.length > 0 : whisperText !== undefined) {
    throw new UsageError(whisperName !== undefined ? 'usage: --whisper "<name>" "<text>" (quote the name and the text)' : `unexpected argument "${whisperText}"`);
  }
  if (at === undefined) throw new UsageError('--at <step | YYYY-MM-DDTHH:MM> is needed: the step the fork starts at');
  if (dbPath === undefined) throw new UsageError('--db <new.db> is needed: the fork\'s own simulation file');
  for (const name of ['place', 'radius', 'minutes'] as const) if (stringOpt(args, name) !== undefined && stringOpt(args, 'inject') === undefined) throw new UsageError(`--${name} goes with --inject`);
  if (!boolOpt(args, 'start')) for (const name of START_FLAGS) if (args.values[name] !== undefined && !(name === 'host' || name === 'speed')) throw new UsageError(`--${name} goes with --start`);
  if (!existsSync(parentPath)) throw new Error(`${parentPath}: no such simulation file`);

  const makeInputs = whatIf(args, whisperName, whisperText);
  const mindConfig = mindConfigFor({ configPath: stringOpt(args, 'config') });
  const json = boolOpt(args, 'json');
  let result;
  try {
    result = await forkRun({ parentPath, at, dbPath, overwrite: boolOpt(args, 'overwrite'), inputs: makeInputs, mindConfig, log: json ? undefined : (line) => process.stderr.write(`${line}\n`) });
  } catch (err) {
    if (err instanceof ForkError) throw new Error(err.message);
    throw err;
  }
  const continueWith = ['hamlet start --db', shellWord(dbPath), '--resume', ...carriedFlags(args).filter((f) => f !== '--json')].join(' ');
  if (json) process.stdout.write(`${JSON.stringify({ ...result, continueWith }, null, 2)}\n`);
  else {
    const lines = [
      `Forked ${parentPath} at step ${result.step} (${result.gameTime}) → ${dbPath}`,
      result.rerunSteps > 0
        ? `  the mind's state re-run from the snapshot at step ${result.snapshotStep} (${result.rerunSteps} steps, from the recorded answers)`
        : `  from the snapshot at step ${result.snapshotStep}`,
      ...result.inputs.map((input) => `  at step ${result.step}: ${describe(input)}`),
      `  ${parentPath} is unchanged; the fork records it as its parent.`,
      boolOpt(args, 'start') ? '  Opening it live…' : `  Continue with: ${continueWith}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  if (!boolOpt(args, 'start')) return 0;
  const values: ParsedArgs['values'] = { db: dbPath, resume: true };
  for (const name of [...START_FLAGS, ...Object.keys(modelOptionSpecs), 'config']) if (args.values[name] !== undefined) values[name] = args.values[name];
  return startCommand.run({ values, positionals: [] });
}

/** The inputs of --inject / --whisper, checked now (a usage error before anything is made) and built against the town at the fork step. */
function whatIf(args: ParsedArgs, whisperName: string | undefined, whisperText: string | undefined): ((town: TownView) => SimInput[]) | undefined {
  const builders: ((town: TownView) => SimInput)[] = [];
  const text = stringOpt(args, 'inject');
  if (text !== undefined) {
    const place = stringOpt(args, 'place');
    const durationMinutes = numberOpt(args, 'minutes', { integer: true, min: 1 });
    const raw: Record<string, unknown> =
      place !== undefined
        ? { kind: 'event', place, description: text, radius: numberOpt(args, 'radius', { integer: true, min: 1 }), durationMinutes }
        : { kind: 'announcement', text, durationMinutes };
    if (place === undefined && stringOpt(args, 'radius') !== undefined) throw new UsageError('--radius goes with --place');
    for (const key of Object.keys(raw)) if (raw[key] === undefined) delete raw[key];
    const parsed = injectSchema.safeParse(raw);
    if (!parsed.success) throw new UsageError(`inject: ${zodProblem(parsed.error)}`);
    builders.push((town) => injectInput(parsed.data, town, `ev-${randomBytes(4).toString('hex')}`));
  }
  if (whisperName !== undefined) {
    const parsed = whisperSchema.safeParse({ agent: whisperName, text: whisperText });
    if (!parsed.success) throw new UsageError(`whisper: ${zodProblem(parsed.error)}`);
    builders.push((town) => whisperInput(parsed.data, town));
  }
  return builders.length ? (town) => builders.map((build) => build(town)) : undefined;
}

function describe(input: SimInput): string {
  switch (input.kind) {
    case 'event':
      return `event "${input.description}" at ${input.address}`;
    case 'announcement':
      return `announcement "${input.text}"`;
    case 'objectState':
      return `${input.address} becomes "${input.state}"`;
    case 'whisper':
      return `whisper to ${input.agentId}: "${input.text}"`;
    default:
      return input.kind;
  }
}
