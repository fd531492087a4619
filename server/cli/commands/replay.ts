/**
 * `hamlet replay <db>`: play a stored run back in the browser. The same page and protocol as
 * `hamlet start`, but the steps come from the file (ReplaySource) and a controller can `seek`
 * anywhere on the page's timeline. The file is opened read-only: nothing is simulated or written.
 *
 * "Fork from here" (the controller's `fork` request): the fork is made next to the replayed file
 * (`<name>-fork-<step>.db`, as `hamlet fork` makes it), and this process serves it live, in
 * process, on another port with the same controller token; the page navigates there. Ctrl-C
 * stops the replay and every fork (each fork snapshotted, its continue command printed).
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { formatGameTime } from '../../engine/clock';
import { ensureClientBuilt } from '../../net/clientBuild';
import { MAX_STEPS_PER_SECOND, MIN_STEPS_PER_SECOND } from '../../net/protocol';
import { ReplaySource } from '../../net/replay';
import { createHamletServer, PAST_INTERVIEWS_NEED_A_MODEL } from '../../net/server';
import type { ForkMade } from '../../net/protocol';
import { DEFAULT_STEPS_PER_SECOND } from '../../net/runner';
import { InputError } from '../../net/requests/inputs';
import { intervieweeOf, type Interviewee } from '../../net/requests/interviewDesk';
import type { LlmConfig } from '../../llm/config';
import { mindFactoryFor } from '../minds';
import { chooseModels, modelConfig, modelOptionSpecs } from '../models';
import { openPastRun, type PastRun } from '../pastRun';
import type { MindFactory } from '../town';
import { LiveExperimentSource } from '../../experiments/live';
import { SimulationStore } from '../../store/simulationStore';
import { boolOpt, numberOpt, stringOpt, UsageError, type CommandSpec, type ParsedArgs } from '../args';
import { forkRun } from '../fork';
import { launchTown } from '../launch';
import type { Town } from '../town';
import { PROJECT_ROOT } from '../version';
import { carriedFlags, shellWord, SIGNAL_EXIT_CODES, type StopSignal } from './run';
import { listenOnFreePort, MIN_TOKEN_LENGTH } from './start';

/** Replays run faster than live by default: a game hour (360 steps) in about 22 s. */
export const DEFAULT_REPLAY_SPEED = 16;

export const replayCommand: CommandSpec = {
  name: 'replay',
  summary: 'play a stored run back in the browser, with a timeline to seek, step back and forth',
  usage: 'hamlet replay <db> [--port N] [--host H] [--token T] [--speed N] [--paused] [--at STEP] [model flags]',
  details: [
    'Serves the same page as "hamlet start", but the town is the stored run played back from its file',
    '(read-only: nothing is simulated or written). The page shows a timeline over the whole run; the',
    'controller link can play, pause, change speed, seek and step back and forth. The inspector shows each',
    'person as of the step shown; with a language model (the model flags of "hamlet start") the controller',
    'can interview them as they were then. The model is loaded at the first question. "Fork from here"',
    '(controller) makes <file>-fork-<step>.db and runs it live on another port; a generative run\'s fork',
    'needs the same model flags (and --config) as "hamlet start".',
  ].join('\n'),
  options: {
    port: { type: 'string', value: '<n>', description: 'port to listen on (default: 8080, or the next free one)' },
    host: { type: 'string', value: '<host>', description: 'interface to listen on; 0.0.0.0 opens it to the network', default: '127.0.0.1' },
    token: { type: 'string', value: '<token>', description: `controller token, at least ${MIN_TOKEN_LENGTH} characters (default: $HAMLET_TOKEN, else a random one)` },
    speed: { type: 'string', value: '<n>', description: `steps per second (${MIN_STEPS_PER_SECOND}–${MAX_STEPS_PER_SECOND})`, default: String(DEFAULT_REPLAY_SPEED) },
    paused: { type: 'boolean', description: 'start paused' },
    at: { type: 'string', value: '<step>', description: 'start at this step (default: the first)' },
    'open-interviews': { type: 'boolean', description: 'viewers may interview too (default: only the controller)' },
    ...modelOptionSpecs,
    help: { type: 'boolean', short: 'h', description: 'show this help' },
  },
  examples: ['hamlet replay data/day.db', 'hamlet replay data/day.db --speed 64 --at 4320'],
  run: replayMain,
};

/**
 * Interviews in a replay: each question goes to a throwaway copy of the run rewound to the step
 * shown (openPastRun); the copy is kept while the step stays the same. The model is loaded at the
 * first question, so a replay opens at once; one is used only when configured explicitly (flags,
 * environment or config file), never the local default's download behind the user's back.
 */
export function pastInterviewsFor(dbPath: string, replay: ReplaySource, config: LlmConfig, configPath: string | undefined): { options: { interviewee: Interviewee } | { unavailable: string }; close(): void } {
  if (replay.mind.kind !== 'generative') {
    return { options: { unavailable: 'interviews need a language model, and this run used the rule-based mind: its people keep no memories to ask about' }, close: () => undefined };
  }
  if (config.backend === 'none' || !config.sources.backend) return { options: { unavailable: PAST_INTERVIEWS_NEED_A_MODEL }, close: () => undefined };
  let models: Promise<MindFactory> | null = null;
  let open: PastRun | null = null;
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const interviewee: Interviewee = {
    async interview(agentId, question, history, _at, interviewer, progress) {
      models ??= chooseModels(config, log, { brief: true }).then((choice) => {
        if (choice.kind === 'none') throw new InputError(PAST_INTERVIEWS_NEED_A_MODEL);
        return mindFactoryFor(choice, { configPath });
      });
      let factory: MindFactory;
      try {
        factory = await models;
      } catch (err) {
        models = null; // try again at the next question
        throw err instanceof InputError ? err : new InputError(`no language model for interviews: ${(err as Error).message}`);
      }
      // The desk asks one question at a time, so one rewound copy is enough: it follows the step shown.
      const step = replay.state.step;
      if (open?.step !== step) {
        open?.close();
        open = null;
        open = await openPastRun(dbPath, step, factory);
      }
      const mind = intervieweeOf(open.town.sim.mind);
      if (!mind) throw new InputError(PAST_INTERVIEWS_NEED_A_MODEL);
      return mind.interview(agentId, question, history, undefined, interviewer, progress);
    },
  };
  return { options: { interviewee }, close: () => open?.close() };
}

async function replayMain(args: ParsedArgs): Promise<number> {
  const [dbPath, ...extra] = args.positionals;
  if (!dbPath || extra.length) throw new UsageError('give one simulation file: hamlet replay <db>');
  const explicitPort = numberOpt(args, 'port', { integer: true, min: 0, max: 65535 });
  const host = stringOpt(args, 'host') ?? '127.0.0.1';
  const speed = numberOpt(args, 'speed', { min: MIN_STEPS_PER_SECOND, max: MAX_STEPS_PER_SECOND }) ?? DEFAULT_REPLAY_SPEED;
  const at = numberOpt(args, 'at', { integer: true, min: 0 });
  const token = stringOpt(args, 'token') ?? process.env.HAMLET_TOKEN ?? undefined;
  if (token !== undefined && token.trim().length < MIN_TOKEN_LENGTH) {
    throw new UsageError(`--token (or HAMLET_TOKEN) must be at least ${MIN_TOKEN_LENGTH} characters; leave it out for a random one`);
  }
  if (!existsSync(dbPath)) throw new Error(`No simulation file at ${dbPath}`);
  const llmConfig = modelConfig(args);

  const replay = ReplaySource.open(dbPath);
  const past = pastInterviewsFor(dbPath, replay, llmConfig, stringOpt(args, 'config'));
  let clientDir: string;
  try {
    if (at !== undefined) replay.seek(at);
    clientDir = await ensureClientBuilt({ notice: (line) => process.stderr.write(`${line}\n`) });
  } catch (err) {
    replay.close();
    throw err;
  }
  const characters = [join(PROJECT_ROOT, 'maps', 'sprites', 'characters.png')];
  const assets = { charactersPaths: replay.map.source ? [join(replay.map.source, '..', 'sprites', 'characters.png'), ...characters] : characters };
  const forks: { server: ReturnType<typeof createHamletServer>; town: Town; db: string }[] = [];
  /** "Fork from here": make the fork next to the file, serve it live on another port, say where. */
  const forkHere = async (step: number): Promise<ForkMade> => {
    const forkPath = freeForkPath(dbPath, step);
    const log = (line: string) => process.stderr.write(`${line}\n`);
    await forkRun({ parentPath: dbPath, at: step, dbPath: forkPath, log });
    const forkArgs: ParsedArgs = { values: { db: forkPath, resume: true }, positionals: [] };
    for (const name of [...Object.keys(modelOptionSpecs), 'config']) if (args.values[name] !== undefined) forkArgs.values[name] = args.values[name];
    let town: Town;
    try {
      ({ town } = await launchTown(forkArgs, forkPath, { log }));
    } catch (err) {
      // The fork itself is made and sound: say so, and how to run it elsewhere.
      throw new Error(`${forkPath} is made, but cannot run live here: ${(err as Error).message.split('\n')[0]} Continue it with: hamlet start --db ${shellWord(forkPath)} --resume (and the model flags)`);
    }
    const forkServer = createHamletServer({ sim: town.sim, token: server.token, clientDir, runner: { stepsPerSecond: DEFAULT_STEPS_PER_SECOND, file: forkPath }, assets });
    let url: string;
    try {
      url = (await forkServer.listen(0, host)).url;
    } catch (err) {
      town.store.close();
      throw err;
    }
    forks.push({ server: forkServer, town, db: forkPath });
    const shown = host === '0.0.0.0' || host === '::' ? url.replace(/\/\/[^/:]+:/, '//127.0.0.1:') : url;
    process.stdout.write(`Forked at step ${step} → ${forkPath}, live at ${shown} (Control: ${shown}#token=${server.token})\n`);
    return { db: forkPath, step, url: `${shown}#token=${server.token}` };
  };
  // The experiment panel reads the file up to the step shown (a second read-only connection).
  const figures = SimulationStore.open(dbPath, { readonly: true });
  const server = createHamletServer({
    replay,
    experiment: new LiveExperimentSource(figures, () => replay.state.step),
    token: token?.trim(),
    clientDir,
    runner: { stepsPerSecond: speed, paused: boolOpt(args, 'paused'), file: dbPath },
    assets,
    fork: forkHere,
    pastInterviews: past.options,
    openInterviews: boolOpt(args, 'open-interviews'),
  });
  let address: { port: number; url: string };
  try {
    address = await listenOnFreePort(server.listen, host, explicitPort);
  } catch (err) {
    replay.close();
    figures.close();
    throw err;
  }
  const local = host === '0.0.0.0' || host === '::' ? `http://127.0.0.1:${address.port}/` : address.url;
  const span = `steps ${replay.firstStep}–${replay.lastStep}, ${formatGameTime(replay.clock.timeAt(replay.firstStep))} to ${formatGameTime(replay.clock.timeAt(replay.lastStep))}`;
  const lines = [
    '',
    `Hamlet replay — ${replay.map.world}: ${replay.state.agents.length} people · mind: ${replay.mind.label} · seed ${replay.seed}`,
    `  ${dbPath}: ${span}`,
    `  at step ${replay.state.step} · ${speed} steps/s${boolOpt(args, 'paused') ? ' · paused' : ''}`,
    `  interviews of the past: ${'interviewee' in past.options ? `${describeModel(llmConfig)} (loaded at the first question)` : past.options.unavailable}`,
    '',
    `  Watch:    ${local}`,
    `  Control:  ${local}#token=${server.token}`,
    '            (the controller link can play, pause, seek and change speed: keep it to yourself)',
    '',
    '  Read-only: nothing is written to the file · Ctrl-C to stop',
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);

  const signal = await new Promise<StopSignal>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  await server.close();
  past.close();
  replay.close();
  for (const fork of forks) {
    await fork.server.close();
    fork.town.sim.snapshot();
    fork.town.store.close();
    process.stdout.write(`Stopped the fork ${fork.db} at step ${fork.town.sim.state.step}. Continue with: ${['hamlet start --db', shellWord(fork.db), '--resume', ...carriedFlags(args)].join(' ')}\n`);
  }
  figures.close();
  return SIGNAL_EXIT_CODES[signal];
}

/** `<dir>/<name>-fork-<step>.db`, or with -2, -3… when taken. */
function freeForkPath(parent: string, step: number): string {
  const base = join(dirname(parent), `${basename(parent).replace(/\.db$/i, '')}-fork-${step}`);
  for (let n = 1; ; n++) {
    const path = n === 1 ? `${base}.db` : `${base}-${n}.db`;
    if (!existsSync(path)) return path;
  }
}

/** The model interviews will use, in a few words (no secrets). */
function describeModel(config: LlmConfig): string {
  if (config.backend === 'openai') return `${config.openai.model ?? "the server's first model"} at ${config.openai.baseUrls.join(', ')}`;
  return `local ${config.local.chatModel}`;
}
