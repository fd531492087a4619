/**
 * "Fork from here" for a replay served by this process (`hamlet replay`, and the runs that
 * `hamlet start`'s page opens from its run list): the fork is made next to the replayed file
 * (`<name>-fork-<step>.db`, as `hamlet fork` makes it) and served live, in process, on another
 * port with the same controller token; the page goes there. The model flags (and `--config`) of
 * the command that serves the replay are the fork's: a generative run's fork needs a model.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { ForkMade } from '../net/protocol';
import { DEFAULT_STEPS_PER_SECOND } from '../net/runner';
import { charactersBeside } from '../net/assets';
import { createHamletServer, type HamletServerOptions } from '../net/server';
import type { ParsedArgs } from './args';
import { forkRun } from './fork';
import { launchTown } from './launch';
import { modelOptionSpecs } from './models';
import type { Town } from './town';
import { carriedFlags, shellWord } from './commands/run';

/**
 * The built page for the servers made here, or a function that builds it when first needed:
 * `hamlet start --dev` serves its own page through Vite, but a replay or fork it opens on another
 * port needs the built one.
 */
export type ClientDir = string | null | (() => Promise<string | null>);

export async function builtClient(dir: ClientDir): Promise<string | null> {
  return typeof dir === 'function' ? dir() : dir;
}

export interface LiveForksOptions {
  /** The serving command's arguments: their model flags and --config go to each fork. */
  args: ParsedArgs;
  host: string;
  token: string;
  clientDir: ClientDir;
  assets: HamletServerOptions['assets'];
}

export class LiveForks {
  private readonly forks: { server: ReturnType<typeof createHamletServer>; town: Town; db: string }[] = [];
  constructor(private readonly options: LiveForksOptions) {}

  /** Forks `dbPath` at `step`, serves the fork live and says where (the URL carries the token). */
  async forkAt(dbPath: string, step: number): Promise<ForkMade> {
    const { args, host, token, clientDir, assets } = this.options;
    const page = await builtClient(clientDir);
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
    // The fork's own map folder may hold its character sheet (a run of another town than the project's).
    const forkAssets = assets?.charactersPaths ? { ...assets, charactersPaths: charactersBeside(town.map.source, assets.charactersPaths) } : assets;
    const forkServer = createHamletServer({ sim: town.sim, token, clientDir: page, runner: { stepsPerSecond: DEFAULT_STEPS_PER_SECOND, file: forkPath }, assets: forkAssets });
    let url: string;
    try {
      url = (await forkServer.listen(0, host)).url;
    } catch (err) {
      town.store.close();
      throw err;
    }
    this.forks.push({ server: forkServer, town, db: forkPath });
    const shown = host === '0.0.0.0' || host === '::' ? url.replace(/\/\/[^/:]+:/, '//127.0.0.1:') : url;
    process.stdout.write(`Forked at step ${step} → ${forkPath}, live at ${shown} (Control: ${shown}#token=${token})\n`);
    return { db: forkPath, step, url: `${shown}#token=${token}` };
  }

  /** Stops every fork (each snapshotted) and prints how to continue it. */
  async close(): Promise<void> {
    for (const fork of this.forks.splice(0)) {
      await fork.server.close();
      fork.town.sim.snapshot();
      fork.town.store.close();
      process.stdout.write(`Stopped the fork ${fork.db} at step ${fork.town.sim.state.step}. Continue with: ${['hamlet start --db', shellWord(fork.db), '--resume', ...carriedFlags(this.options.args)].join(' ')}\n`);
    }
  }
}

/** `<dir>/<name>-fork-<step>.db`, or with -2, -3… when taken. */
export function freeForkPath(parent: string, step: number): string {
  const base = join(dirname(parent), `${basename(parent).replace(/\.db$/i, '')}-fork-${step}`);
  for (let n = 1; ; n++) {
    const path = n === 1 ? `${base}.db` : `${base}-${n}.db`;
    if (!existsSync(path)) return path;
  }
}
