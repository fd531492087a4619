/**
 * The stored runs of the data folder, for the page of `hamlet start`: it lists them (name, map,
 * people, steps, game time span, size, last modified) and opens any of them in replay.
 *
 * Design: each opened run is served read-only by its own replay server (the same one `hamlet
 * replay` runs) in this process, on the next free port, with the live town's controller token; the
 * page opens it in a new tab. Opening the same run again reuses its server. A run still being
 * written (the live town's own file, say) grows in its replay (see ReplaySource.refresh). As in
 * `hamlet replay`: the inspector as of the step shown, interviews of the past with the model
 * `hamlet start` was given (pastInterviews), and "Fork from here" served live by this process
 * (forks; liveForks.ts).
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { GameClock } from '../engine/clock';
import type { RunSummary } from '../net/protocol';
import { charactersBeside } from '../net/assets';
import { ReplaySource } from '../net/replay';
import { createHamletServer, type HamletServer, type HamletServerOptions } from '../net/server';
import { builtClient, type ClientDir, type LiveForks } from './liveForks';
import { SimulationStore } from '../store/simulationStore';
import { parseTownMap } from '../world/loadMap';

/** One line per run file of `dir` (newest first); a file that is not a readable run says why. */
export function listRuns(dir: string): RunSummary[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.db') && !n.startsWith('.'));
  } catch {
    return [];
  }
  const runs = names.map((file): RunSummary => {
    const path = join(dir, file);
    const stat = statSync(path);
    const wal = statSync(`${path}-wal`, { throwIfNoEntry: false });
    const base = { name: basename(file, '.db'), file: path, bytes: stat.size + (wal?.size ?? 0), modified: Math.max(stat.mtimeMs, wal?.mtimeMs ?? 0) };
    try {
      const store = SimulationStore.open(path, { readonly: true });
      try {
        const meta = store.meta;
        const clock = new GameClock(meta.startTime, meta.secondsPerStep);
        const steps = store.stepCount();
        const first = store.db.prepare('SELECT json_array_length(state, \'$.agents\') AS n FROM snapshots ORDER BY step LIMIT 1').get() as { n: number } | undefined;
        return { ...base, world: parseTownMap(meta.map, meta.mapPath).world, agents: first?.n ?? 0, steps, startTime: clock.timeAt(0), endTime: clock.timeAt(steps), mind: meta.mind };
      } finally {
        store.close();
      }
    } catch (err) {
      return { ...base, error: (err as Error).message };
    }
  });
  return runs.sort((a, b) => b.modified - a.modified);
}

export interface RunShelfOptions {
  dataDir: string;
  host: string;
  token: string;
  /** The built page, or how to get it when a run is first opened (`hamlet start --dev` builds it then). */
  clientDir: ClientDir;
  charactersPaths: string[];
  /** Interviews of the past in an opened run (cli/pastRun.ts pastInterviewsFor with start's model); absent: the page says they need a model. */
  pastInterviews?: (file: string, replay: ReplaySource) => { options: NonNullable<HamletServerOptions['pastInterviews']>; close(): void };
  /** "Fork from here" in an opened run; absent: the fork button says it is not available. */
  forks?: LiveForks;
  openInterviews?: boolean;
}

export class RunShelf {
  private readonly open = new Map<string, { replay: ReplaySource; server: HamletServer; port: number; closePast: () => void }>();
  constructor(private readonly options: RunShelfOptions) {}

  list(): RunSummary[] {
    return listRuns(this.options.dataDir);
  }

  /** Serves a run of the data folder in replay (or finds it already served); resolves with its port. */
  async replay(name: string): Promise<{ port: number }> {
    const served = this.open.get(name);
    if (served) return { port: served.port };
    const run = this.list().find((r) => r.name === name);
    if (!run) throw new Error(`no run "${name}" in ${this.options.dataDir}`);
    if (run.error) throw new Error(run.error);
    const replay = ReplaySource.open(run.file);
    const past = this.options.pastInterviews?.(run.file, replay);
    const forks = this.options.forks;
    try {
      const server = createHamletServer({
        replay,
        ...(past ? { pastInterviews: past.options } : {}),
        ...(forks ? { fork: (step: number) => forks.forkAt(run.file, step) } : {}),
        openInterviews: this.options.openInterviews,
        token: this.options.token,
        clientDir: await builtClient(this.options.clientDir),
        runner: { stepsPerSecond: 16, paused: true, file: run.file },
        assets: { charactersPaths: charactersBeside(replay.map.source, this.options.charactersPaths) },
        log: (message) => process.stderr.write(`hamlet: replay of ${run.file}: ${message}\n`),
      });
      const { port } = await server.listen(0, this.options.host);
      this.open.set(name, { replay, server, port, closePast: () => past?.close() });
      return { port };
    } catch (err) {
      past?.close();
      replay.close();
      throw err;
    }
  }

  async close(): Promise<void> {
    for (const { server, replay, closePast } of this.open.values()) {
      await server.close();
      closePast();
      replay.close();
    }
    this.open.clear();
  }
}
