/**
 * `hamlet start` (= `npm start`): run the town in real time and serve the page and socket.io on
 * one port. Each start writes a fresh simulation file under data/ unless --db/--resume say otherwise.
 */
import { join } from 'node:path';
import { createServer as createHttpServer } from 'node:http';
import { formatGameTime } from '../../engine/clock';
import { charactersBeside } from '../../net/assets';
import { ensureClientBuilt } from '../../net/clientBuild';
import { createDevClient, type DevClient } from '../../net/devServer';
import { normalizeOrigin } from '../../net/origins';
import { MAX_STEPS_PER_SECOND, MIN_STEPS_PER_SECOND } from '../../net/protocol';
import { DEFAULT_STEPS_PER_SECOND } from '../../net/runner';
import { generateToken } from '../../net/roles';
import { createHamletServer } from '../../net/server';
import { checkScenarioTown, seedInputs } from '../../experiments/experiment';
import { LiveExperimentSource } from '../../experiments/live';
import { loadScenario, type Scenario } from '../../experiments/scenario';
import { boolOpt, numberOpt, stringOpt, UsageError, type CommandSpec, type ParsedArgs } from '../args';
import { DATA_DIR, defaultDbPath } from '../paths';
import { RunShelf } from '../runShelf';
import { LiveForks } from '../liveForks';
import { pastInterviewsFor } from '../pastRun';
import { launchTown } from '../launch';
import { townOptionSpecs } from '../townOptions';
import { modelConfig, modelOptionSpecs } from '../models';
import { healthWarner } from '../health';
import { carriedFlags, shellWord, SIGNAL_EXIT_CODES, type StopSignal } from './run';
import { PROJECT_ROOT } from '../version';

export const DEFAULT_PORT = 8080;
/** A guessable token is no lock: at least this many characters (the random ones have 24). */
export const MIN_TOKEN_LENGTH = 16;
/** Without --port, the next free port among this many from 8080 is used. */
const PORT_TRIES = 20;
/** A second Ctrl-C this long after the first stops without waiting. */
const FORCE_QUIT_AFTER_MS = 1_000;

export const startCommand: CommandSpec = {
  name: 'start',
  summary: 'run the town live and serve it to the browser (watch, inspect, pause)',
  usage: 'hamlet start [--port N] [--host H] [--token T] [--allow-origin URL] [--speed N] [--paused] [--dev] [--map PATH] [--db PATH] [--resume]',
  details: [
    'Serves the web page and the live simulation on one port and prints the address. Anyone with the',
    'address watches; the controller link (with the token) can also pause, step and change speed.',
    'Every step is stored in a SQLite file (a fresh one under data/ unless --db is given), so a run can',
    'be resumed with --db FILE --resume. The web client is built on first start (and after it changes).',
  ].join('\n'),
  options: {
    port: { type: 'string', value: '<n>', description: `port to listen on (default: ${DEFAULT_PORT}, or the next free one)` },
    host: { type: 'string', value: '<host>', description: 'interface to listen on; 0.0.0.0 opens it to the network', default: '127.0.0.1' },
    token: { type: 'string', value: '<token>', description: `controller token, at least ${MIN_TOKEN_LENGTH} characters (default: $HAMLET_TOKEN, else a random one printed at start)` },
    'allow-origin': {
      type: 'string',
      value: '<url>',
      multiple: true,
      description: 'another web origin whose pages may connect, e.g. https://town.example behind a proxy (repeatable; the listen address is always allowed)',
    },
    speed: { type: 'string', value: '<n>', description: `steps per second (${MIN_STEPS_PER_SECOND}–${MAX_STEPS_PER_SECOND})`, default: String(DEFAULT_STEPS_PER_SECOND) },
    paused: { type: 'boolean', description: 'start paused (a controller resumes it from the page)' },
    dev: { type: 'boolean', description: 'serve the client from its sources with hot reload (Vite), for working on the page' },
    scenario: { type: 'string', value: '<name>', description: 'start a scenario (maps/scenarios/<name>.scenario.json): its map, people, seed, start, condition and seeds; the page\'s experiment panel follows its facts' },
    'open-interviews': { type: 'boolean', description: 'let viewers interview agents too (default: only the controller; viewers wait in a queue, one question per 15 s)' },
    ...townOptionSpecs,
    ...modelOptionSpecs,
    help: { type: 'boolean', short: 'h', description: 'show this help' },
  },
  examples: ['hamlet start', 'hamlet start --port 3000 --speed 10', 'hamlet start --db data/day.db --resume', 'HAMLET_TOKEN=a-long-s3cret-phrase hamlet start --host 0.0.0.0'],
  run: startMain,
};

/**
 * --scenario: loads it and fills in the town flags the user left out (map, personas, seed, start,
 * agents, ablation) from it, so `hamlet start --scenario party` starts the scenario's town.
 */
function scenarioOpt(args: ParsedArgs): Scenario | null {
  const name = stringOpt(args, 'scenario');
  if (name === undefined) return null;
  let scenario: Scenario;
  try {
    scenario = loadScenario(name);
  } catch (err) {
    throw new Error((err as Error).message);
  }
  if (boolOpt(args, 'resume')) return scenario;
  const fill = (flag: string, value: string | undefined) => {
    if (value !== undefined && args.values[flag] === undefined) args.values[flag] = value;
  };
  fill('map', scenario.mapPath);
  fill('personas', scenario.personasPath);
  fill('seed', String(scenario.seed));
  fill('start', scenario.start);
  fill('agents', scenario.agents === undefined ? undefined : String(scenario.agents));
  fill('ablate', scenario.ablation === 'none' ? undefined : scenario.ablation);
  return scenario;
}

async function startMain(args: ParsedArgs): Promise<number> {
  const explicitPort = numberOpt(args, 'port', { integer: true, min: 0, max: 65535 });
  const host = stringOpt(args, 'host') ?? '127.0.0.1';
  const speed = numberOpt(args, 'speed', { min: MIN_STEPS_PER_SECOND, max: MAX_STEPS_PER_SECOND }) ?? DEFAULT_STEPS_PER_SECOND;
  const token = stringOpt(args, 'token') ?? process.env.HAMLET_TOKEN ?? undefined;
  if (token !== undefined && token.trim().length < MIN_TOKEN_LENGTH) {
    throw new UsageError(`--token (or HAMLET_TOKEN) must be at least ${MIN_TOKEN_LENGTH} characters; leave it out for a random one`);
  }
  const allowedOrigins = allowOriginOpt(args);
  const dev = boolOpt(args, 'dev');
  const dbPath = stringOpt(args, 'db') ?? defaultDbPath();

  const scenario = scenarioOpt(args);
  // The town first: a bad map or persona file fails fast, before any model loads or the client builds.
  const { town } = await launchTown(args, dbPath, { log: (line) => process.stderr.write(`${line}\n`) });
  const { sim, store } = town;
  if (scenario && !town.resumed) {
    checkScenarioTown(town, scenario);
    for (const { step, input } of seedInputs(town, scenario)) sim.enqueueAt(step, input);
  }
  // Said once in the log, when fail-safes first dominate a game hour (the page says it too).
  const checkHealth = healthWarner(sim.mind, (line) => process.stderr.write(`${line}\n`));
  const offHealth = sim.onStep(() => checkHealth());
  let clientDir: string | null = null;
  try {
    clientDir = dev ? null : await ensureClientBuilt({ notice: (line) => process.stderr.write(`${line}\n`) });
  } catch (err) {
    store.close();
    throw new Error(`could not build the web client: ${(err as Error).message}`);
  }

  const httpServer = createHttpServer();
  let devClient: DevClient | null = null;
  if (dev) devClient = await createDevClient(httpServer);
  const characters = [join(PROJECT_ROOT, 'maps', 'sprites', 'characters.png')];
  // The page lists the runs of the data folder and opens any in replay (each on a port of its own).
  const resolvedToken = token?.trim() ?? generateToken();
  // A run opened there works as in "hamlet replay" with start's model flags: interviews of the past, and "Fork from here" served by this process.
  const llmConfig = modelConfig(args);
  // With --dev this page comes from Vite; the replays and forks the page opens on other ports get
  // the built page, built when the first is opened.
  let building: Promise<string> | null = null;
  const shelfPage = dev
    ? () =>
        (building ??= ensureClientBuilt({ notice: (line) => process.stderr.write(`${line}\n`) }).catch((err: Error) => {
          building = null; // try again at the next open
          throw new Error(`could not build the web client: ${err.message}`);
        }))
    : clientDir;
  const shelfForks = new LiveForks({ args, host, token: resolvedToken, clientDir: shelfPage, assets: { charactersPaths: characters } });
  const shelf = new RunShelf({
    dataDir: DATA_DIR,
    host,
    token: resolvedToken,
    clientDir: shelfPage,
    charactersPaths: characters,
    pastInterviews: (file, replay) => pastInterviewsFor(file, replay, llmConfig, stringOpt(args, 'config')),
    forks: shelfForks,
    openInterviews: boolOpt(args, 'open-interviews'),
  });
  const server = createHamletServer({
    runs: shelf,
    sim,
    token: resolvedToken,
    clientDir,
    httpServer,
    devMiddleware: devClient?.middleware,
    allowedOrigins,
    runner: { stepsPerSecond: speed, paused: boolOpt(args, 'paused'), file: dbPath },
    openInterviews: boolOpt(args, 'open-interviews'),
    experiment: new LiveExperimentSource(store, () => sim.state.step, scenario),
    assets: { charactersPaths: charactersBeside(sim.map.source, characters) },
  });

  let address: { port: number; url: string };
  try {
    address = await listenOnFreePort(server.listen, host, explicitPort);
  } catch (err) {
    await devClient?.close();
    store.close();
    throw err;
  }

  const local = host === '0.0.0.0' || host === '::' ? `http://127.0.0.1:${address.port}/` : address.url;
  const lines = [
    '',
    `Hamlet — ${sim.map.world}: ${town.personas.length} people · mind: ${sim.mind.label} · seed ${sim.seed}`,
    `  ${town.resumed ? 'resumed' : 'starting'} at ${formatGameTime(sim.time)} (step ${sim.state.step}) · ${speed} steps/s${boolOpt(args, 'paused') ? ' · paused' : ''}${dev ? ' · dev mode (hot reload)' : ''}`,
    '',
    `  Watch:    ${local}`,
    `  Control:  ${local}#token=${server.token}`,
    '            (the controller link can pause, step and change speed: keep it to yourself)',
    host === '0.0.0.0' || host === '::' ? `  Listening on all interfaces (${host}): others reach it at http://<this machine>:${address.port}/` : null,
    '',
    `  Saving every step to ${dbPath} · Ctrl-C to stop`,
    '',
  ].filter((l): l is string => l !== null);
  process.stdout.write(`${lines.join('\n')}\n`);

  const signal = await new Promise<StopSignal>((resolve) => {
    let first = 0;
    const onSignal = (name: StopSignal) => {
      // One Ctrl-C can arrive twice (via npm and directly); a later one forces the exit.
      if (first === 0) {
        first = performance.now();
        resolve(name);
      } else if (performance.now() - first > FORCE_QUIT_AFTER_MS) {
        process.stderr.write('Forced exit; the last steps may need --resume to be re-run.\n');
        process.exit(SIGNAL_EXIT_CODES[name]);
      }
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  process.stderr.write('\nStopping…\n');
  await server.close();
  await shelf.close();
  await shelfForks.close();
  await devClient?.close();
  offHealth();
  sim.snapshot();
  sim.mind.close?.(); // model work in flight for later steps: the snapshot holds it for a resume
  const stepsDone = sim.state.step;
  store.close();
  process.stdout.write(`Stopped at step ${stepsDone} (${formatGameTime(sim.time)}). Continue with: ${['hamlet start --db', shellWord(dbPath), '--resume', ...carriedFlags(args)].join(' ')}\n`);
  // 128 + the signal's number, as a shell reports a process stopped by it.
  return SIGNAL_EXIT_CODES[signal];
}

/** The --allow-origin values as origins ("https://town.example"); a malformed one is a usage error. */
function allowOriginOpt(args: ParsedArgs): string[] {
  const raw = args.values['allow-origin'];
  const values = Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : [];
  return values.map((value) => {
    try {
      return normalizeOrigin(value);
    } catch (err) {
      throw new UsageError(`--allow-origin: ${(err as Error).message}`);
    }
  });
}

/** Listens on the given port; without one, on 8080 or the next free port. */
export async function listenOnFreePort(
  listen: (port: number, host?: string) => Promise<{ port: number; url: string }>,
  host: string,
  port: number | undefined,
): Promise<{ port: number; url: string }> {
  if (port !== undefined) {
    try {
      return await listen(port, host);
    } catch (err) {
      throw new Error(describeListenError(err, port, host));
    }
  }
  for (let p = DEFAULT_PORT; p < DEFAULT_PORT + PORT_TRIES; p++) {
    try {
      return await listen(p, host);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw new Error(describeListenError(err, p, host));
    }
  }
  throw new Error(`ports ${DEFAULT_PORT}–${DEFAULT_PORT + PORT_TRIES - 1} are all in use; choose one with --port`);
}

function describeListenError(err: unknown, port: number, host: string): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return `port ${port} is already in use; choose another with --port (or leave --port out to pick a free one)`;
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') return `cannot listen on host ${host}: no such interface`;
  if (code === 'EACCES') return `not allowed to listen on port ${port}; use a port above 1023`;
  return `cannot listen on ${host}:${port}: ${(err as Error).message}`;
}
