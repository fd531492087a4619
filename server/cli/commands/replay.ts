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
import { join } from 'node:path';
import { formatGameTime } from '../../engine/clock';
import { ensureClientBuilt } from '../../net/clientBuild';
import { MAX_STEPS_PER_SECOND, MIN_STEPS_PER_SECOND } from '../../net/protocol';
import { ReplaySource } from '../../net/replay';
import { createHamletServer } from '../../net/server';
import type { LlmConfig } from '../../llm/config';
import { modelConfig, modelOptionSpecs } from '../models';
import { pastInterviewsFor } from '../pastRun';
import { LiveExperimentSource } from '../../experiments/live';
import { SimulationStore } from '../../store/simulationStore';
import { boolOpt, numberOpt, stringOpt, UsageError, type CommandSpec, type ParsedArgs } from '../args';
import { LiveForks } from '../liveForks';
import { PROJECT_ROOT } from '../version';
import { SIGNAL_EXIT_CODES, type StopSignal } from './run';
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

// Interviews of the past in a replay: pastRun.ts (shared with the runs hamlet start's page opens).
export { pastInterviewsFor };

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
  // The experiment panel reads the file up to the step shown (a second read-only connection).
  const figures = SimulationStore.open(dbPath, { readonly: true });
  const server = createHamletServer({
    replay,
    experiment: new LiveExperimentSource(figures, () => replay.state.step),
    token: token?.trim(),
    clientDir,
    runner: { stepsPerSecond: speed, paused: boolOpt(args, 'paused'), file: dbPath },
    assets,
    // The token is the server's own (a random one when none was given): the forks share it.
    fork: (step) => forks.forkAt(dbPath, step),
    pastInterviews: past.options,
    openInterviews: boolOpt(args, 'open-interviews'),
  });
  const forks = new LiveForks({ args, host, token: server.token, clientDir, assets });
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
  await forks.close();
  figures.close();
  return SIGNAL_EXIT_CODES[signal];
}

/** The model interviews will use, in a few words (no secrets). */
function describeModel(config: LlmConfig): string {
  if (config.backend === 'openai') return `${config.openai.model ?? "the server's first model"} at ${config.openai.baseUrls.join(', ')}`;
  return `local ${config.local.chatModel}`;
}
