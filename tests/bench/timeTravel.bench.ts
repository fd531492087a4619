/**
 * Time travel on a generative run: 25 agents on maps/hamlet.tmj (scripted town model, real
 * SQLite file as `hamlet run` writes it) for `--hours` game hours from 06:00 (default 12). Prints
 * the plan log's size (bytes per agent per game day, beside the whole file) and, over random steps,
 * the inspector's view of one person as of the step (ReplaySource.insightAt: the memories made
 * before it, the plan as of it) and the timeline's markers (one pass, with reflections and plans).
 *
 * Run: npx tsx tests/bench/timeTravel.bench.ts [--hours N] [--agents N]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generativeMindFor } from '../../server/cli/minds';
import { DEFAULT_MAP, openTown } from '../../server/cli/town';
import { resolveGenerativeConfig } from '../../server/mind/generative/index';
import { ReplaySource } from '../../server/net/replay';
import { SimulationStore } from '../../server/store/simulationStore';
import { HashEmbedder } from '../support/scriptedModel';
import { createTownScriptModel } from '../support/townScript';
import { percentile } from './percentile';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const HOURS = flag('hours', 12);
const AGENTS = flag('agents', 25);
const LOOKS = 300;
const dir = mkdtempSync(join(tmpdir(), 'hamlet-bench-timetravel-'));
const dbPath = join(dir, 'run.db');

let started = performance.now();
const llm = createTownScriptModel();
const town = await openTown({
  mapPath: DEFAULT_MAP,
  dbPath,
  seed: 1,
  agentLimit: AGENTS,
  startTime: '2026-02-13T06:00',
  mindFactory: (t) => generativeMindFor(t, { llm, embedder: new HashEmbedder(64), label: llm.name }, resolveGenerativeConfig({})),
});
const steps = HOURS * town.sim.clock.stepsPerHour;
while (town.sim.state.step < steps) await town.sim.step();
town.sim.snapshot();
const agents = town.sim.state.agents.length;
town.store.close();
const runSeconds = (performance.now() - started) / 1000;

const store = SimulationStore.open(dbPath, { readonly: true });
const plan = store.db.prepare('SELECT COUNT(*) AS n, SUM(LENGTH(entry)) AS bytes FROM plan_log').get() as { n: number; bytes: number };
store.close();
const fileBytes = statSync(dbPath).size;
const perAgentDay = (bytes: number) => (bytes / agents / (HOURS / 24) / 1024).toFixed(0);

let seed = 12345;
const randomStep = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed % (steps + 1);
};
const replay = ReplaySource.open(dbPath);
const ids = replay.state.agents.map((a) => a.id);
const inspect: number[] = [];
for (let i = 0; i < LOOKS; i++) {
  const step = randomStep();
  started = performance.now();
  replay.insightAt(ids[i % ids.length], step);
  inspect.push(performance.now() - started);
}
started = performance.now();
const markers = replay.markers();
const markerMs = performance.now() - started;
replay.close();
rmSync(dir, { recursive: true, force: true });

const byKind = new Map<string, number>();
for (const m of markers) byKind.set(m.kind, (byKind.get(m.kind) ?? 0) + 1);
const sorted = [...inspect].sort((a, b) => a - b);
console.log(`time travel: ${agents} agents × ${HOURS} game hours, generative (scripted model); made in ${runSeconds.toFixed(0)} s`);
console.log(`  plan log: ${plan.n} changes, ${(plan.bytes / 1e6).toFixed(1)} MB = ${perAgentDay(plan.bytes)} KB per agent per game day (whole file ${perAgentDay(fileBytes)} KB per agent per game day)`);
console.log(`  inspector as of a random step (one person): p50 ${percentile(sorted, 50).toFixed(1)} ms · p99 ${percentile(sorted, 99).toFixed(1)} ms · max ${sorted[sorted.length - 1].toFixed(1)} ms over ${LOOKS}`);
console.log(`  timeline markers: ${markers.length} (${[...byKind].map(([k, n]) => `${n} ${k}`).join(', ')}) in ${markerMs.toFixed(0)} ms`);
