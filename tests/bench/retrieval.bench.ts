/**
 * Retrieval benchmark: one agent with 10k and 100k memories on structured 384-d vectors (a
 * 24-d topic source projected up, plus noise; uniformly random vectors would make ANN recall
 * look misleadingly bad). For each size: build time, p50/p99 latency of a retrieval (candidates
 * from ANN, recency and importance, widened by a bound, then exact scoring) and top-30 agreement with an
 * exact full scan, for both weight presets and a small grid of (k, ef). Latency is wall time on
 * whatever else the machine is doing: the load average is printed with the table, and the CPU
 * time per query (p50) with it, which a busy machine inflates less.
 *
 *   npx tsx tests/bench/retrieval.bench.ts            # 10k and 100k
 *   npx tsx tests/bench/retrieval.bench.ts 10000      # chosen sizes
 */
import { cpus, loadavg } from 'node:os';
import { DEFAULT_INDEX_PARAMS } from '../../server/mind/memory/agentIndex';
import { DEFAULT_CANDIDATES_PER_SOURCE, MemoryStream } from '../../server/mind/memory/memoryStream';
import { WEIGHT_PRESETS, type WeightPreset } from '../../server/mind/memory/scoring';
import { percentile } from './percentile';
import { asAgentId } from '../../server/engine/ids';
import { benchMoment as moment, BENCH_SPAN_STEPS as SPAN_STEPS, buildBenchStream as build, DIMS, StructuredVectors } from './retrievalFixture';

const QUERIES = 300;
const TOP_N = 30;
const TARGETS: Record<number, number> = { 10_000: 2, 100_000: 5 };
const AGREEMENT_TARGET = 0.98;
const GRID: [k: number, ef: number][] = [
  [50, 50],
  [50, 100],
  [50, 200],
  [80, 150],
  [100, 100],
  [100, 200],
  [200, 200],
];
const DEFAULT_EF = DEFAULT_INDEX_PARAMS.ef;

interface Row {
  size: number;
  preset: WeightPreset;
  k: number;
  ef: number;
  p50: number;
  p99: number;
  /** CPU time (user + system) per query, p50: steadier than wall time on a shared machine. */
  cpu50: number;
  agreement: number;
  worst: number;
}

function measure(stream: MemoryStream, size: number, queries: Float32Array[], exact: Map<WeightPreset, Set<number>[]>, preset: WeightPreset, k: number, ef: number): Row {
  stream.setSearchEf(ef);
  const at = moment(SPAN_STEPS);
  const options = { at, n: TOP_N, k, touch: false, weights: WEIGHT_PRESETS[preset] };
  for (const q of queries.slice(0, 20)) stream.retrieveVector(asAgentId('ada'), q, options); // warm-up
  const times: number[] = [];
  const cpu: number[] = [];
  let sum = 0;
  let worst = 1;
  queries.forEach((q, i) => {
    const c = process.cpuUsage();
    const t = performance.now();
    const got = stream.retrieveVector(asAgentId('ada'), q, options);
    times.push(performance.now() - t);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
    const truth = exact.get(preset)![i];
    const agreement = got.filter((r) => truth.has(r.memory.id)).length / TOP_N;
    sum += agreement;
    worst = Math.min(worst, agreement);
  });
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return { size, preset, k, ef, p50: percentile(times, 50), p99: percentile(times, 99), cpu50: percentile(cpu, 50), agreement: sum / queries.length, worst };
}

async function main() {
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  const rows: Row[] = [];
  const builds: { size: number; buildMs: number; exactMs: number }[] = [];
  for (const size of sizes.length ? sizes : [10_000, 100_000]) {
    const vectors = new StructuredVectors();
    const { stream, buildMs } = await build(size, vectors);
    const queries = Array.from({ length: QUERIES }, () => vectors.next());
    const at = moment(SPAN_STEPS);
    const exact = new Map<WeightPreset, Set<number>[]>();
    let exactTime = 0;
    for (const preset of Object.keys(WEIGHT_PRESETS) as WeightPreset[]) {
      const t = performance.now();
      exact.set(preset, queries.map((q) => new Set(stream.retrieveVector(asAgentId('ada'), q, { at, n: TOP_N, touch: false, exhaustive: true, weights: WEIGHT_PRESETS[preset] }).map((r) => r.memory.id))));
      exactTime += performance.now() - t;
    }
    builds.push({ size, buildMs, exactMs: exactTime / (2 * QUERIES) });
    for (const preset of Object.keys(WEIGHT_PRESETS) as WeightPreset[]) {
      for (const [k, ef] of GRID) rows.push(measure(stream, size, queries, exact, preset, k, ef));
    }
    console.log(`built ${size} memories in ${(buildMs / 1000).toFixed(1)} s`);
  }

  const fmt = (x: number, d = 2) => x.toFixed(d);
  const { m, efConstruction } = DEFAULT_INDEX_PARAMS;
  console.log(`\nRetrieval of top-${TOP_N} on one agent, ${DIMS}-d structured vectors, ${QUERIES} queries (hnswlib M=${m}, efConstruction=${efConstruction}; load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores)`);
  console.log('size     preset     k    ef    p50 ms  p99 ms  cpu p50  target p50  agreement  worst  target  ok');
  for (const r of rows) {
    const isDefault = r.k === DEFAULT_CANDIDATES_PER_SOURCE && r.ef === DEFAULT_EF;
    const ok = r.p50 <= (TARGETS[r.size] ?? Infinity) && r.agreement >= AGREEMENT_TARGET;
    console.log(
      `${String(r.size).padEnd(8)} ${r.preset.padEnd(10)} ${String(r.k).padStart(3)}  ${String(r.ef).padStart(4)}  ${fmt(r.p50).padStart(6)}  ${fmt(r.p99).padStart(6)}  ${fmt(r.cpu50).padStart(7)}  ${(TARGETS[r.size] ? `≤ ${TARGETS[r.size]}` : '-').padStart(10)}  ${fmt(r.agreement, 3).padStart(9)}  ${fmt(r.worst, 2).padStart(5)}  ≥ ${AGREEMENT_TARGET}  ${ok ? 'yes' : 'NO'}${isDefault ? '  ← default' : ''}`,
    );
  }
  console.log('\nsize     build s  exact full scan ms/query');
  for (const b of builds) console.log(`${String(b.size).padEnd(8)} ${fmt(b.buildMs / 1000, 1).padStart(7)}  ${fmt(b.exactMs, 1).padStart(8)}`);
}

await main();
