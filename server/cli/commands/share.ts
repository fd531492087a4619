/**
 * `hamlet export <db> <file>`, `hamlet export <db> --site <dir>` and `hamlet import <file>`:
 * take a run to another machine (one compressed file, server/store/exportFile.ts) or publish it
 * as a static folder any web host serves (server/net/staticSite.ts).
 */
import { existsSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { ensureClientBuilt } from '../../net/clientBuild';
import { writeStaticSite } from '../../net/staticSite';
import { SimulationStore } from '../../store/simulationStore';
import { parseTownMap } from '../../world/loadMap';
import { exportRun, importRun } from '../../store/exportFile';
import { boolOpt, stringOpt, UsageError, type CommandSpec, type ParsedArgs } from '../args';
import { byteProgress } from '../byteProgress';
import { DATA_DIR, importedDbPath } from '../paths';
import { CODE_VERSION, PROJECT_ROOT } from '../version';

/** Below this, a copy is over before a progress line would help. */
const PROGRESS_FROM_BYTES = 16e6;

function progressFor(label: string) {
  const bar = byteProgress(label);
  return {
    update: (done: number, total: number) => total >= PROGRESS_FROM_BYTES && bar.update(done, total),
    finish: () => bar.finish(),
  };
}

const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;

export const exportCommand: CommandSpec = {
  name: 'export',
  summary: 'write a stored run as one compressed file (hamlet import restores it), or as a static web site',
  usage: 'hamlet export <db> <file> [--overwrite]  |  hamlet export <db> --site <dir>',
  details: [
    'With a file: one compressed, self-contained copy of the run (everything replay needs; no model',
    'weights) that "hamlet import" restores on any machine. A run still being written is exported as of now.',
    'With --site: a folder with the page and the run\'s data in chunks that any static web host serves',
    'to any number of viewers, no Hamlet server needed: replay, timeline and inspector work there.',
  ].join('\n'),
  options: {
    site: { type: 'string', value: '<dir>', description: 'write a static web site into this folder (new or empty) instead of a file' },
    overwrite: { type: 'boolean', description: 'replace an existing export file (or a non-empty --site folder)' },
    help: { type: 'boolean', short: 'h', description: 'show this help' },
  },
  examples: ['hamlet export data/day.db day.hamlet', 'hamlet export data/day.db --site public/day'],
  run: exportMain,
};

async function exportMain(args: ParsedArgs): Promise<number> {
  const site = stringOpt(args, 'site');
  const [dbPath, file, ...extra] = args.positionals;
  if (!dbPath || extra.length || (site === undefined) === (file === undefined)) {
    throw new UsageError('give a simulation file and either an export file or --site <dir>: hamlet export <db> <file> | hamlet export <db> --site <dir>');
  }
  if (!existsSync(dbPath)) throw new Error(`No simulation file at ${dbPath}`);
  if (site !== undefined) {
    const clientDir = await ensureClientBuilt({ notice: (line) => process.stderr.write(`${line}\n`) });
    const bar = byteProgress('writing the site', (done, total) => `${done} of ${total} chunks`);
    const result = writeStaticSite(dbPath, site, {
      clientDir,
      // The art of the map's own folder, else the project's (as for hamlet replay).
      charactersPaths: [...(mapSourceOf(dbPath) ? [join(mapSourceOf(dbPath)!, '..', 'sprites', 'characters.png')] : []), join(PROJECT_ROOT, 'maps', 'sprites', 'characters.png')],
      codeVersion: CODE_VERSION,
      overwrite: boolOpt(args, 'overwrite'),
      progress: (done, total) => total >= 24 && bar.update(done, total),
    });
    bar.finish();
    process.stdout.write(
      `Wrote ${dbPath} as a static site in ${site}: steps ${result.firstStep}–${result.lastStep}, ${result.chunks} chunks, ${mb(result.bytes)} (the run's data ${mb(result.runBytes)}).\n` +
        `Any static web server can serve the folder to any number of viewers, e.g.: python3 -m http.server -d ${site}\n`,
    );
    return 0;
  }
  const bar = progressFor('exporting');
  const result = await exportRun(dbPath, file!, { overwrite: boolOpt(args, 'overwrite'), progress: bar.update });
  bar.finish();
  process.stdout.write(`Exported ${dbPath} (${result.steps} steps, ${mb(result.rawBytes)}) to ${file}: ${mb(result.fileBytes)}.\nRestore it anywhere with: hamlet import ${file}\n`);
  return 0;
}

export const importCommand: CommandSpec = {
  name: 'import',
  summary: `restore a run written by "hamlet export" into the data folder (${DATA_DIR}/)`,
  usage: 'hamlet import <file> [--as NAME] [--overwrite]',
  details: [
    `Checks the whole file (format, length, checksum, that it holds a Hamlet run) and only then writes`,
    `${DATA_DIR}/NAME.db (NAME: --as, else the file's name). An unknown, truncated or damaged file changes nothing.`,
  ].join('\n'),
  options: {
    as: { type: 'string', value: '<name>', description: `name of the restored run: ${DATA_DIR}/<name>.db (default: the file's name)` },
    overwrite: { type: 'boolean', description: 'replace a run of that name in the data folder' },
    help: { type: 'boolean', short: 'h', description: 'show this help' },
  },
  examples: ['hamlet import day.hamlet', 'hamlet import day.hamlet --as tuesday'],
  run: importMain,
};

async function importMain(args: ParsedArgs): Promise<number> {
  const [file, ...extra] = args.positionals;
  if (!file || extra.length) throw new UsageError('give one export file: hamlet import <file> [--as NAME]');
  const name = stringOpt(args, 'as') ?? basename(file, extname(file));
  if (!/^[\w.-]+$/.test(name) || name.startsWith('.')) throw new UsageError(`--as must be a plain file name (letters, digits, "-", "_", "."), not "${name}"`);
  const bar = progressFor('importing');
  const result = await importRun(file, importedDbPath(name), { overwrite: boolOpt(args, 'overwrite'), progress: bar.update });
  bar.finish();
  process.stdout.write(`Imported ${file} as ${result.dbPath} (${result.steps} steps, ${mb(result.rawBytes)}).\nReplay it with: hamlet replay ${result.dbPath}\n`);
  return 0;
}

/** Where the run's map file was (its art lies next to it), or null. */
function mapSourceOf(dbPath: string): string | null {
  const store = SimulationStore.open(dbPath, { readonly: true });
  try {
    return parseTownMap(store.meta.map, store.meta.mapPath).source ?? null;
  } finally {
    store.close();
  }
}
