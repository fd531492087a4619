/**
 * `hamlet inject <db> …` and `hamlet whisper <db> "<name>" "<text>"`: add inputs to a stored run
 * that is not running. They wait in the file until the run continues (`hamlet run|start --db
 * FILE --resume`), whose first step applies and records them. Checked like the page's requests:
 * the same schemas, limits and nearest-name errors.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { formatGameTime, GameClock } from '../../engine/clock';
import type { SimInput } from '../../engine/types';
import { parsePersonas } from '../../mind/persona';
import { injectInput, whisperInput, type TownView } from '../../net/requests/inputs';
import { injectSchema, whisperSchema } from '../../net/requests/schemas';
import { addPendingInput, pendingInputs } from '../../store/pendingInputs';
import { SimulationStore } from '../../store/simulationStore';
import { parseTownMap } from '../../world/loadMap';
import { boolOpt, numberOpt, stringOpt, UsageError, type CommandSpec, type ParsedArgs } from '../args';
import type { z } from 'zod';

/** The first problem of a refused request, as one line (shared with `hamlet fork --inject/--whisper`). */
export function zodProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue?.path.length ? `${issue.path.join('.')}: ` : ''}${issue?.message ?? 'invalid'}`;
}

/** The run's town as of the step its resume starts from (its last snapshot). */
function townOf(store: SimulationStore, path: string): TownView {
  const meta = store.meta;
  const snapshot = store.snapshotAtOrBefore();
  if (!snapshot) throw new Error(`${path} has no snapshot to resume from`);
  const personas = parsePersonas(meta.personas, `${path} (personas)`, { relationsOutside: true });
  const agents = snapshot.state.agents.length ? snapshot.state.agents : personas;
  return { map: parseTownMap(meta.map, meta.mapPath), clock: new GameClock(meta.startTime, meta.secondsPerStep), step: snapshot.step, agents };
}

/** Opens the run, builds the input with `make`, stores it as pending and reports. */
function addInput(args: ParsedArgs, make: (town: TownView) => SimInput, describe: (input: SimInput) => string): number {
  const dbPath = args.positionals[0];
  if (!existsSync(dbPath)) throw new Error(`${dbPath}: no such simulation file`);
  const store = SimulationStore.open(dbPath);
  try {
    const town = townOf(store, dbPath);
    const input = make(town);
    addPendingInput(store.db, input);
    const waiting = pendingInputs(store.db).length;
    if (boolOpt(args, 'json')) process.stdout.write(`${JSON.stringify({ db: dbPath, input, appliesAtStep: town.step, waiting }, null, 2)}\n`);
    else {
      process.stdout.write(
        `${describe(input)}\n  waits in ${dbPath} (${waiting} input${waiting === 1 ? '' : 's'} waiting); applied at step ${town.step} (${formatGameTime(town.clock.timeAt(town.step))}) ` +
          `when the run continues: hamlet run --db ${dbPath} --resume\n`,
      );
    }
    return 0;
  } finally {
    store.close();
  }
}

export const injectCommand: CommandSpec = {
  name: 'inject',
  summary: 'add an event, an object state or an announcement to a stored run (applied on --resume)',
  usage: 'hamlet inject <db> (--place P --text T [--radius N] | --object O --state S | --announce T) [--minutes N] [--at TIME] [--json]',
  details: [
    'Places an event in a stored run: free text at a place ("Willow Cafe", "Willow Cafe:kitchen"), an object',
    "state (\"Willow Cafe:kitchen:stove\" \"on fire\"), or a town-wide announcement everyone hears. People learn of",
    'a local event only by seeing it (in range, in the same room; with --radius, within N tiles across the',
    'place). It waits in the file and happens when the run continues with --resume (or at --at, a game time).',
  ].join('\n'),
  options: {
    place: { type: 'string', value: '<place>', description: 'where the event happens: a sector, arena or object' },
    text: { type: 'string', value: '<text>', description: 'what happens, e.g. "a band starts playing"' },
    radius: { type: 'string', value: '<tiles>', description: 'perceived within this many tiles, across the place' },
    object: { type: 'string', value: '<object>', description: 'an object whose state changes, e.g. "Willow Cafe:kitchen:stove"' },
    state: { type: 'string', value: '<state>', description: 'the state it takes, e.g. "on fire"' },
    announce: { type: 'string', value: '<text>', description: 'a town-wide announcement' },
    minutes: { type: 'string', value: '<n>', description: 'how long it lasts in game minutes (default 30; announcements 720)' },
    at: { type: 'string', value: '<time>', description: 'game time YYYY-MM-DDTHH:MM at which it happens (default: at once)' },
    json: { type: 'boolean', description: 'print the stored input as JSON' },
    help: { type: 'boolean', short: 'h', description: 'show this help' },
  },
  examples: [
    'hamlet inject data/day.db --place "Willow Cafe" --text "a band starts playing" --radius 6',
    'hamlet inject data/day.db --object "Willow Cafe:kitchen:stove" --state "on fire" --minutes 20',
    'hamlet inject data/day.db --announce "The mayor declares Saturday a holiday" --at 2026-02-13T18:00',
  ],
  run: async (args) => {
    if (args.positionals.length !== 1) throw new UsageError('give the simulation file: hamlet inject <db> …');
    const kinds = [stringOpt(args, 'place') !== undefined, stringOpt(args, 'object') !== undefined, stringOpt(args, 'announce') !== undefined].filter(Boolean).length;
    if (kinds !== 1) throw new UsageError('give exactly one of --place (with --text), --object (with --state) or --announce');
    const common = { durationMinutes: numberOpt(args, 'minutes', { integer: true, min: 1 }), at: stringOpt(args, 'at') };
    let raw: Record<string, unknown>;
    if (stringOpt(args, 'place') !== undefined) {
      if (stringOpt(args, 'text') === undefined) throw new UsageError('--place needs --text "<what happens>"');
      raw = { kind: 'event', place: stringOpt(args, 'place'), description: stringOpt(args, 'text'), radius: numberOpt(args, 'radius', { integer: true, min: 1 }), ...common };
    } else if (stringOpt(args, 'object') !== undefined) {
      if (stringOpt(args, 'state') === undefined) throw new UsageError('--object needs --state "<state>"');
      raw = { kind: 'objectState', object: stringOpt(args, 'object'), state: stringOpt(args, 'state'), ...common };
    } else raw = { kind: 'announcement', text: stringOpt(args, 'announce'), ...common };
    for (const key of Object.keys(raw)) if (raw[key] === undefined) delete raw[key];
    const parsed = injectSchema.safeParse(raw);
    if (!parsed.success) throw new UsageError(`inject: ${zodProblem(parsed.error)}`);
    return addInput(
      args,
      (town) => injectInput(parsed.data, town, `ev-${randomBytes(4).toString('hex')}`),
      (input) => `Queued ${input.kind === 'announcement' ? 'announcement' : input.kind === 'objectState' ? 'object state' : 'event'} ${'id' in input ? input.id : ''}`,
    );
  },
};

export const whisperCommand: CommandSpec = {
  name: 'whisper',
  summary: "add an inner-voice line to one person of a stored run (applied on --resume)",
  usage: 'hamlet whisper <db> "<name>" "<text>" [--json]',
  details: [
    'The line becomes the person\'s own thought, with an importance the model rates; an important one',
    '("You want to throw a party on Saturday at 5pm") reaches their next day plan. Needs a language model',
    'when the run continues.',
  ].join('\n'),
  options: {
    json: { type: 'boolean', description: 'print the stored input as JSON' },
    help: { type: 'boolean', short: 'h', description: 'show this help' },
  },
  examples: ['hamlet whisper data/day.db "Rosa Delgado" "You want to throw a party on Saturday at 5pm"'],
  run: async (args) => {
    const [, agent, text, ...extra] = args.positionals;
    if (args.positionals.length < 3 || extra.length) throw new UsageError('usage: hamlet whisper <db> "<name>" "<text>" (quote the name and the text)');
    const parsed = whisperSchema.safeParse({ agent, text });
    if (!parsed.success) throw new UsageError(`whisper: ${zodProblem(parsed.error)}`);
    return addInput(
      args,
      (town) => whisperInput(parsed.data, town),
      (input) => `Queued whisper to ${input.kind === 'whisper' ? input.agentId : '?'}`,
    );
  },
};
