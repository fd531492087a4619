/**
 * Engine benchmark with the rule-based mind on the real town (maps/hamlet.tmj):
 *   1. 25 agents, one game day (8,640 steps) — target < 60 s on a 2-core machine.
 *   2. 500 agents (the 25 personas cloned 20 times), one game hour (360 steps) — target < 60 s.
 * Prints steps/s, agent-steps/s, peak RSS and stored bytes per agent-day. Each scenario writes a
 * real SQLite file in a temp folder (WAL, one transaction per step), as `hamlet run` does.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_MAP, defaultPersonasFor, openTown } from '../../server/cli/town';
import type { Persona } from '../../server/mind/persona';
import { asAgentId } from '../../server/engine/ids';

interface Result {
  name: string;
  agents: number;
  steps: number;
  seconds: number;
  dbBytes: number;
  target: string;
}

const dir = mkdtempSync(join(tmpdir(), 'hamlet-bench-'));

function clonePersonas(personas: Persona[], copies: number): Persona[] {
  const out: Persona[] = [];
  for (let c = 0; c < copies; c++) {
    const suffix = c === 0 ? '' : `-${c}`;
    for (const p of personas) {
      out.push({
        ...p,
        id: asAgentId(`${p.id}${suffix}`),
        name: c === 0 ? p.name : `${p.name} ${c}`,
        relationships: p.relationships.map((r) => ({ ...r, id: asAgentId(`${r.id}${suffix}`) })),
      });
    }
  }
  return out;
}

async function scenario(name: string, copies: number, hours: number, target: string): Promise<Result> {
  const personasPath = join(dir, `${name}.personas.json`);
  const base = JSON.parse(readFileSync(defaultPersonasFor(DEFAULT_MAP), 'utf8')) as { personas: Persona[] };
  writeFileSync(personasPath, JSON.stringify({ personas: clonePersonas(base.personas, copies) }));
  const dbPath = join(dir, `${name}.db`);
  const town = await openTown({ mapPath: DEFAULT_MAP, personasPath, dbPath, seed: 1 });
  const steps = Math.round(hours * town.sim.clock.stepsPerHour);
  const started = performance.now();
  for (let i = 0; i < steps; i++) await town.sim.step();
  town.sim.snapshot();
  const seconds = (performance.now() - started) / 1000;
  const agents = town.sim.state.agents.length;
  town.store.close();
  return { name, agents, steps, seconds, dbBytes: statSync(dbPath).size, target };
}

const results: Result[] = [];
results.push(await scenario('25 agents × 1 day', 1, 24, '< 60 s'));
results.push(await scenario('500 agents × 1 hour', 20, 1, '< 60 s'));
const peakRssMb = process.resourceUsage().maxRSS / 1024;
rmSync(dir, { recursive: true, force: true });

console.log('\nTown engine, rule-based mind (maps/hamlet.tmj)');
console.log('scenario              agents   steps   wall s  target   steps/s  agent-steps/s  DB bytes/agent-day');
for (const r of results) {
  const agentDays = (r.agents * r.steps) / 8640;
  console.log(
    `${r.name.padEnd(20)} ${String(r.agents).padStart(7)} ${String(r.steps).padStart(7)} ${r.seconds.toFixed(1).padStart(8)}  ${r.target.padEnd(7)} ${(r.steps / r.seconds).toFixed(0).padStart(8)} ${(
      (r.steps * r.agents) /
      r.seconds
    )
      .toFixed(0)
      .padStart(14)} ${(r.dbBytes / agentDays).toFixed(0).padStart(19)}`,
  );
}
console.log(`peak RSS (whole process): ${peakRssMb.toFixed(0)} MB`);
