/**
 * The generative mind's own overhead (issue #12, item 6): 25 agents on maps/hamlet.tmj for 6 game
 * hours from 06:00, the generative mind answered instantly by the scripted town model
 * (tests/support/townScript.ts) with the hash embedder, written to a real SQLite file as
 * `hamlet run` does; then the same town with the rule-based mind. With an instant model, all the
 * time left is Hamlet's: perception, memory (embedding cache, index, retrieval), prompt building,
 * answer parsing, planning, storage.
 *
 * Printed per game hour: wall seconds and CPU seconds (user + system; steadier than wall time
 * on a shared machine) of each mind, and the generative mind's overhead over the rule-based
 * engine; at the end peak RSS, model calls and the step log's SHA-256 (the work here must not
 * change it). Target: ≤ 1 s of overhead per game hour.
 *
 * Run: npx tsx tests/bench/mindOverhead.bench.ts [--hours 6] [--agents 25]
 * (`npm run bench -- mindOverhead`; run-all.ts runs every *.bench.ts.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { generativeMindFor } from '../../server/cli/minds';
import { DEFAULT_MAP, openTown, type Town } from '../../server/cli/town';
import { resolveGenerativeConfig } from '../../server/mind/generative/index';
import { HashEmbedder } from '../support/scriptedModel';
import { createTownScriptModel } from '../support/townScript';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const HOURS = flag('hours', 6);
const AGENTS = flag('agents', 25);
const TARGET_S = 1;
const dir = mkdtempSync(join(tmpdir(), 'hamlet-overhead-'));

interface Run {
  wall: number[];
  cpu: number[];
  hash: string;
  calls: number;
}

async function run(name: string, generative: boolean): Promise<Run> {
  const town: Town = await openTown({
    mapPath: DEFAULT_MAP,
    dbPath: join(dir, `${name}.db`),
    seed: 1,
    agentLimit: AGENTS,
    mindFactory: generative
      ? (t) => generativeMindFor(t, { llm: createTownScriptModel(), embedder: new HashEmbedder(384), label: 'town script' }, resolveGenerativeConfig({}))
      : undefined,
  });
  const stepsPerHour = town.sim.clock.stepsPerHour;
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let h = 0; h < HOURS; h++) {
    const t = performance.now();
    const c = process.cpuUsage();
    for (let i = 0; i < stepsPerHour; i++) await town.sim.step();
    const used = process.cpuUsage(c);
    wall.push((performance.now() - t) / 1000);
    cpu.push((used.user + used.system) / 1e6);
  }
  const hash = town.store.stepLogHash();
  const calls = generative ? (town.store.db.prepare('SELECT COUNT(*) AS n FROM llm_calls').get() as { n: number }).n : 0;
  town.store.close();
  return { wall, cpu, hash, calls };
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const f = (x: number) => x.toFixed(2).padStart(7);
try {
  const gen = await run('generative', true);
  const rule = await run('rule', false);
  console.log(`Mind overhead: ${AGENTS} agents on maps/hamlet.tmj, ${HOURS} game hours from 06:00, generative mind on an instant scripted model vs the rule-based mind (load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores)\n`);
  console.log('game hour   generative wall s   cpu s   rule-based wall s   cpu s   overhead wall s   cpu s');
  for (let h = 0; h < HOURS; h++) {
    const hour = `${String(6 + h).padStart(2, '0')}:00`;
    console.log(`${hour.padEnd(9)} ${f(gen.wall[h]).padStart(19)} ${f(gen.cpu[h])} ${f(rule.wall[h]).padStart(19)} ${f(rule.cpu[h])} ${f(gen.wall[h] - rule.wall[h]).padStart(17)} ${f(gen.cpu[h] - rule.cpu[h])}`);
  }
  const perHourWall = (sum(gen.wall) - sum(rule.wall)) / HOURS;
  const perHourCpu = (sum(gen.cpu) - sum(rule.cpu)) / HOURS;
  console.log(`${'all'.padEnd(9)} ${f(sum(gen.wall)).padStart(19)} ${f(sum(gen.cpu))} ${f(sum(rule.wall)).padStart(19)} ${f(sum(rule.cpu))} ${f(sum(gen.wall) - sum(rule.wall)).padStart(17)} ${f(sum(gen.cpu) - sum(rule.cpu))}`);
  console.log(`\noverhead per game hour: ${perHourWall.toFixed(2)} s wall, ${perHourCpu.toFixed(2)} s CPU (target ≤ ${TARGET_S} s: ${perHourWall <= TARGET_S ? 'yes' : 'NO'})`);
  console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB · ${gen.calls} model calls · step log ${gen.hash}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
