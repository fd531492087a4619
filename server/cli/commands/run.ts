/** `hamlet run`: simulate headless for a number of game hours or steps, storing every step. */
import { statSync } from 'node:fs';
import { formatGameTime } from '../../engine/clock';
import { boolOpt, numberOpt, stringOpt, UsageError, type CommandSpec, type ParsedArgs } from '../args';
import { ProgressBar } from '../progress';
import { DEFAULT_MAP, type Town } from '../town';
import { defaultDbPath } from '../paths';
import { townOptionSpecs } from '../townOptions';
import { modelOptionSpecs } from '../models';
import { launchTown } from '../launch';
import { formatRunHealth, healthWarner, runHealth, type RunHealth } from '../health';

export interface RunSummary {
  steps: number;
  fromStep: number;
  toStep: number;
  gameTime: { start: string; end: string; hours: number };
  agents: number;
  mind: string;
  db: string;
  dbBytes: number;
  wallSeconds: number;
  stepsPerSecond: number;
  agentStepsPerSecond: number;
  conversations: number;
  chatLines: number;
  stepLogSha256: string;
  resumed: boolean;
  interrupted: boolean;
  /** How usable the model's answers were, per task (null for the rule-based mind). */
  health: RunHealth | null;
  /** Why no language model runs, in full (the run printed one line), when there is none. */
  modelMessage?: string;
  /** The signal that stopped the run early (SIGINT, SIGTERM), if one did. */
  signal?: StopSignal;
  /** When interrupted: the command that continues the run where it stopped. */
  resumeCommand?: string;
}

export type StopSignal = 'SIGINT' | 'SIGTERM';

/** Exit codes of a run stopped by a signal: 128 + the signal's number, as shells report them. */
export const SIGNAL_EXIT_CODES: Record<StopSignal, number> = { SIGINT: 130, SIGTERM: 143 };

/**
 * The step loop yields to the event loop at least this often (wall ms). A mind that does no I/O
 * (the rule-based one) resolves every step in microtasks only, so without a yield Node never
 * runs the signal handlers and Ctrl-C waits for the last step.
 */
const YIELD_EVERY_MS = 25;

export const runCommand: CommandSpec = {
  name: 'run',
  summary: 'run the town headless and store every step in a SQLite file',
  usage: 'hamlet run [--hours N | --steps N] [--seed N] [--db PATH] [--map PATH] [--personas PATH] [--resume] [--json]',
  details: [
    'Advances game time as fast as the machine allows (10 game seconds per step), writing each step to',
    'the simulation file. With --resume it continues a stored run from its last snapshot. The same seed,',
    'inputs and model answers always give the same step log (the summary prints its SHA-256).',
  ].join('\n'),
  options: {
    hours: { type: 'string', value: '<n>', description: 'game hours to simulate (default 24 when --steps is not given)' },
    steps: { type: 'string', value: '<n>', description: 'steps to simulate (10 game seconds each)' },
    ...townOptionSpecs,
    ...modelOptionSpecs,
    json: { type: 'boolean', description: 'print a machine-readable summary (JSON) on stdout' },
    quiet: { type: 'boolean', short: 'q', description: 'no progress bar' },
    verbose: { type: 'boolean', description: 'print the model configuration and, without a model, the full explanation' },
    help: { type: 'boolean', short: 'h', description: 'show this help' },
  },
  examples: [
    'hamlet run --hours 24 --seed 1 --db data/day.db',
    'hamlet run --hours 2 --db data/day.db --resume',
    `hamlet run --steps 360 --map ${DEFAULT_MAP.replace(/.*\/maps\//, 'maps/')} --json`,
  ],
  run: runMain,
};

async function runMain(args: ParsedArgs): Promise<number> {
  const hours = numberOpt(args, 'hours', { min: 0 });
  const steps = numberOpt(args, 'steps', { min: 0, integer: true });
  if (hours !== undefined && steps !== undefined) throw new UsageError('give either --hours or --steps, not both');
  const json = boolOpt(args, 'json');
  const dbPath = stringOpt(args, 'db') ?? defaultDbPath();
  const quiet = boolOpt(args, 'quiet');
  const log = (line: string) => {
    if (!quiet) process.stderr.write(`${line}\n`);
  };
  const { town, models } = await launchTown(args, dbPath, { log, progress: !quiet, brief: !boolOpt(args, 'verbose') });
  const total = steps ?? Math.round((hours ?? 24) * town.sim.clock.stepsPerHour);
  // On stderr, so it also tells a --json caller (a script, a test) that the steps have begun.
  if (!(json && quiet)) {
    process.stderr.write(
      `${town.resumed ? 'Resuming' : 'Starting'} ${town.map.world}: ${town.personas.length} agents · mind: ${town.sim.mind.label} · seed ${town.sim.seed}\n` +
        `  from ${formatGameTime(town.sim.time)} (step ${town.startStep}) for ${total} steps → ${dbPath}\n`,
    );
  }
  const summary = await runSteps(town, total, { progress: !json && !quiet, warn: (line) => process.stderr.write(`${line}\n`), resumeFlags: carriedFlags(args) });
  if (models.kind === 'none' && models.config.backend !== 'none') summary.modelMessage = models.message;
  if (json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  else process.stdout.write(formatSummary(summary));
  // With --json the summary carries the command; a person also reads it on stderr.
  if (json && summary.resumeCommand) process.stderr.write(`Interrupted at step ${summary.toStep}. Continue with: ${summary.resumeCommand}\n`);
  return summary.signal ? SIGNAL_EXIT_CODES[summary.signal] : 0;
}

/** A path as one shell word (quoted only when it needs to be). */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The flags a resumed run must repeat: the model flags (the same mind must continue; API keys
 * are left out, they belong in the environment) and the output flags. Town flags are not needed:
 * the file holds the map, personas, seed and clock.
 */
export function carriedFlags(args: ParsedArgs): string[] {
  const names = [...Object.keys(modelOptionSpecs), 'json', 'quiet'].filter((name) => !/api-key/.test(name));
  const flags: string[] = [];
  for (const name of names) {
    const value = args.values[name];
    if (value === true) flags.push(`--${name}`);
    else if (typeof value === 'string') flags.push(`--${name}`, shellWord(value));
  }
  return flags;
}

/** The command that continues an interrupted run for the steps it had left. */
export function resumeCommandFor(dbPath: string, stepsLeft: number, flags: readonly string[] = []): string {
  return ['hamlet run --db', shellWord(dbPath), '--resume', '--steps', String(stepsLeft), ...flags].join(' ');
}

/** Runs `total` steps with a progress bar; Ctrl-C stops cleanly after the current step. */
export async function runSteps(
  town: Town,
  total: number,
  options: { progress: boolean; warn?: (line: string) => void; resumeFlags?: readonly string[] },
): Promise<RunSummary> {
  const { sim, store } = town;
  const fromStep = sim.state.step;
  const startTime = sim.time;
  const bar = options.progress ? new ProgressBar({ total }) : null;
  let signal: StopSignal | undefined;
  // Installed with `once`: a second signal while the snapshot is written gets Node's default (exit at once).
  const onSigint = () => {
    signal ??= 'SIGINT';
  };
  const onSigterm = () => {
    signal ??= 'SIGTERM';
  };
  process.once('SIGINT', onSigint);
  process.once('SIGTERM', onSigterm);
  let conversations = 0;
  let chatLines = 0;
  // Said once, when fail-safes first dominate a game hour (a warning, so even with --quiet or --json).
  const checkHealth = healthWarner(sim.mind, (line) => (bar ? bar.note(line) : options.warn?.(line)));
  const started = performance.now();
  let lastYield = started;
  try {
    for (let i = 0; i < total && !signal; i++) {
      const delta = await sim.step();
      conversations += delta.conversationsStarted?.length ?? 0;
      chatLines += delta.chats?.length ?? 0;
      checkHealth();
      bar?.update(i + 1, delta.time);
      if (performance.now() - lastYield >= YIELD_EVERY_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        lastYield = performance.now();
      }
    }
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigterm);
    bar?.finish();
    // A snapshot at the end makes --resume continue exactly here.
    sim.snapshot();
  }
  const wallSeconds = (performance.now() - started) / 1000;
  const done = sim.state.step - fromStep;
  const summary: RunSummary = {
    steps: done,
    fromStep,
    toStep: sim.state.step,
    gameTime: { start: new Date(startTime).toISOString(), end: new Date(sim.time).toISOString(), hours: (sim.time - startTime) / 3_600_000 },
    agents: sim.state.agents.length,
    mind: sim.mind.label,
    db: store.path,
    dbBytes: 0,
    wallSeconds: Math.round(wallSeconds * 1000) / 1000,
    stepsPerSecond: Math.round((done / Math.max(wallSeconds, 1e-9)) * 10) / 10,
    agentStepsPerSecond: Math.round((done * sim.state.agents.length) / Math.max(wallSeconds, 1e-9)),
    conversations,
    chatLines,
    stepLogSha256: store.stepLogHash(),
    resumed: town.resumed,
    interrupted: signal !== undefined,
    health: runHealth(sim.mind),
  };
  if (signal) {
    summary.signal = signal;
    // A signal that came with the last step leaves nothing to continue.
    if (total > done) summary.resumeCommand = resumeCommandFor(store.path, total - done, options.resumeFlags);
  }
  sim.mind.close?.(); // model work in flight for later steps would keep the process alive for nothing
  store.close();
  summary.dbBytes = fileSize(store.path);
  return summary;
}

function fileSize(path: string): number {
  if (path === ':memory:') return 0;
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function formatSummary(s: RunSummary): string {
  const rows: [string, string][] = [
    ['mind', s.mind],
    ['agents', String(s.agents)],
    ['steps', `${s.steps} (step ${s.fromStep} → ${s.toStep})${s.interrupted ? ' — interrupted' : ''}`],
    ['game time', `${formatGameTime(Date.parse(s.gameTime.start))} → ${formatGameTime(Date.parse(s.gameTime.end))} (${s.gameTime.hours.toFixed(2)} h)`],
    ['wall time', `${s.wallSeconds.toFixed(1)} s · ${s.stepsPerSecond} steps/s · ${s.agentStepsPerSecond} agent-steps/s`],
    ['talk', `${s.conversations} conversations, ${s.chatLines} lines`],
    ['database', `${s.db} (${formatBytes(s.dbBytes)})`],
    ['step log', `sha256 ${s.stepLogSha256}`],
  ];
  const health = s.health ? formatRunHealth(s.health) : null;
  if (health) rows.push(['answers', health.headline]);
  const width = Math.max(...rows.map(([k]) => k.length));
  const details = health?.details.length ? `${health.details.join('\n')}\n` : '';
  const head = s.interrupted ? `Run interrupted${s.signal ? ` (${s.signal})` : ''}` : 'Run finished';
  const tail = s.resumeCommand ? `\nContinue with: ${s.resumeCommand}\n` : '';
  return `\n${head}\n${rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`).join('\n')}\n${details}${tail}`;
}
