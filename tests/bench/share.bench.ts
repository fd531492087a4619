/**
 * What a run weighs when it is kept and shared: 25 agents of the real town for one game day
 * (8,640 steps, real engine, real SQLite), with the rule-based mind and with the generative mind
 * answered by the scripted town model; then `hamlet export` (one compressed file), `hamlet import`
 * and `hamlet export --site` (the page's data in chunks). Printed per agent per game day: the step
 * log (the stored JSON deltas), the whole SQLite file, the export file and the static site's run
 * data; with the time each took.
 *
 * Run: npx tsx tests/bench/share.bench.ts [--hours N] [--generative-hours N] (0 leaves a mind out)
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generativeMindFor } from '../../server/cli/minds';
import { DEFAULT_MAP, defaultPersonasFor, openTown } from '../../server/cli/town';
import { resolveGenerativeConfig } from '../../server/mind/generative/index';
import { ensureClientBuilt } from '../../server/net/clientBuild';
import { writeStaticSite } from '../../server/net/staticSite';
import { exportRun, importRun } from '../../server/store/exportFile';
import { SimulationStore } from '../../server/store/simulationStore';
import { HashEmbedder } from '../support/scriptedModel';
import { createTownScriptModel } from '../support/townScript';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const timed = async <T>(fn: () => Promise<T> | T): Promise<[T, number]> => {
  const t0 = performance.now();
  const value = await fn();
  return [value, (performance.now() - t0) / 1000];
};
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const clientDir = await ensureClientBuilt();

async function measure(kind: 'rule-based' | 'generative', hours: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'hamlet-bench-share-'));
  const dbPath = join(dir, 'day.db');
  try {
    const started = performance.now();
    const town = await openTown({
      mapPath: DEFAULT_MAP,
      personasPath: defaultPersonasFor(DEFAULT_MAP),
      dbPath,
      seed: 1,
      ...(kind === 'generative'
        ? { mindFactory: (t) => generativeMindFor(t, { llm: createTownScriptModel(), embedder: new HashEmbedder(384), label: 'town script' }, resolveGenerativeConfig({})) }
        : {}),
    });
    const steps = Math.round(hours * town.sim.clock.stepsPerHour);
    while (town.sim.state.step < steps) await town.sim.step();
    town.sim.snapshot();
    const agents = town.sim.state.agents.length;
    town.store.close();
    const runSeconds = (performance.now() - started) / 1000;

    const store = SimulationStore.open(dbPath, { readonly: true });
    const { log, snapshots } = store.db.prepare('SELECT (SELECT SUM(length(delta)) FROM steps) AS log, (SELECT SUM(length(state) + length(mind)) FROM snapshots) AS snapshots').get() as { log: number; snapshots: number };
    store.close();
    const fileBytes = statSync(dbPath).size;
    const [exported, exportSeconds] = await timed(() => exportRun(dbPath, join(dir, 'day.hamlet')));
    const [, importSeconds] = await timed(() => importRun(join(dir, 'day.hamlet'), join(dir, 'imported', 'day.db')));
    const [site, siteSeconds] = await timed(() => writeStaticSite(dbPath, join(dir, 'site'), { clientDir, codeVersion: 'bench' }));

    const agentDays = agents * (hours / 24);
    const per = (bytes: number) => `${(bytes / agentDays / 1024).toFixed(1)} KB`;
    console.log(`share, ${kind}: ${agents} agents × ${hours} game hours from 06:00 (${steps} steps, made in ${runSeconds.toFixed(1)} s); per agent per game day:`);
    console.log(`  step log (JSON deltas):     ${per(log)} (${mb(log)}); snapshots (state + mind) ${per(snapshots)} (${mb(snapshots)})`);
    console.log(`  SQLite file:                ${per(fileBytes)} (${mb(fileBytes)})`);
    console.log(`  export file (gzip):         ${per(exported.fileBytes)} (${mb(exported.fileBytes)}; ${(fileBytes / exported.fileBytes).toFixed(1)}× smaller) · export ${exportSeconds.toFixed(2)} s, import ${importSeconds.toFixed(2)} s`);
    console.log(`  static site, run data:      ${per(site.runBytes)} (${mb(site.runBytes)} in ${site.chunks} chunks; with the page ${mb(site.bytes)}) · written in ${siteSeconds.toFixed(2)} s`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const ruleHours = flag('hours', 24);
const generativeHours = flag('generative-hours', 24);
if (ruleHours > 0) await measure('rule-based', ruleHours);
if (generativeHours > 0) await measure('generative', generativeHours);
