/**
 * Long-run benchmark: 25 agents on maps/hamlet.tmj for 2 game days (17,280 steps), the
 * generative mind answered by the scripted town model, written to a real SQLite file as
 * `hamlet run` does. Prints the peak RSS beside the memories stored, and the file size per
 * agent-day, at the end of each game day (does memory grow with the memory stream?).
 *
 * Run: npx tsx tests/bench/longrun.bench.ts [--hours N] [--agents N]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generativeMindFor } from '../../server/cli/minds';
import { DEFAULT_MAP, openTown } from '../../server/cli/town';
import { resolveGenerativeConfig } from '../../server/mind/generative/index';
import { HashEmbedder } from '../support/scriptedModel';
import { createTownScriptModel } from '../support/townScript';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const HOURS = flag('hours', 48);
const AGENTS = flag('agents', 25);
const dir = mkdtempSync(join(tmpdir(), 'hamlet-longrun-'));
const dbPath = join(dir, 'long.db');

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
/** Peak resident set size of this process so far, in bytes (maxRSS is in KiB). */
const peakRss = () => process.resourceUsage().maxRSS * 1024;

const town = await openTown({
  mapPath: DEFAULT_MAP,
  dbPath,
  seed: 1,
  agentLimit: AGENTS,
  mindFactory: (t) => generativeMindFor(t, { llm: createTownScriptModel(), embedder: new HashEmbedder(384), label: 'town script' }, resolveGenerativeConfig({})),
});
const stepsPerHour = town.sim.clock.stepsPerHour;
const total = Math.round(HOURS * stepsPerHour);
const count = (sql: string) => (town.store.db.prepare(sql).get() as { n: number }).n;

console.log(`Long run: ${AGENTS} agents on maps/hamlet.tmj, ${HOURS} game hours (${total} steps), generative mind on the scripted town model\n`);
console.log('game h   wall s   peak RSS MB   heap MB   memories   memories/agent   embeddings   llm calls   file MB   file KB/agent-day');
const started = performance.now();
const report = (hours: number) => {
  // The checkpoint moves the WAL's pages into the file, so its size is the data's size.
  town.store.db.pragma('wal_checkpoint(PASSIVE)');
  const bytes = statSync(dbPath).size;
  const memories = count('SELECT COUNT(*) AS n FROM memories');
  const agentDays = (AGENTS * hours) / 24;
  console.log(
    `${String(hours).padStart(6)} ${((performance.now() - started) / 1000).toFixed(0).padStart(8)} ${mb(peakRss()).padStart(13)} ${mb(process.memoryUsage().heapUsed).padStart(9)} ${String(memories).padStart(10)} ${(memories / AGENTS).toFixed(0).padStart(16)} ${String(count('SELECT COUNT(*) AS n FROM embeddings')).padStart(12)} ${String(count('SELECT COUNT(*) AS n FROM llm_calls')).padStart(11)} ${mb(bytes).padStart(9)} ${(bytes / 1024 / agentDays).toFixed(0).padStart(19)}`,
  );
};
const reportEvery = Math.max(1, Math.min(12, HOURS)) * stepsPerHour;
for (let i = 0; i < total; i++) {
  await town.sim.step();
  if ((i + 1) % reportEvery === 0) report((i + 1) / stepsPerHour);
}
town.sim.snapshot();
town.store.close();
const finalBytes = statSync(dbPath).size;
console.log(
  `\nat the end: peak RSS ${mb(peakRss())} MB for ${AGENTS} agents; file ${mb(finalBytes)} MB = ${(finalBytes / 1024 / ((AGENTS * HOURS) / 24)).toFixed(0)} KB per agent-day; ${((performance.now() - started) / 1000).toFixed(0)} s wall`,
);
rmSync(dir, { recursive: true, force: true });
