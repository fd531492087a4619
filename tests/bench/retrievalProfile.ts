/**
 * Where a retrieval's time goes: builds one agent's stream as the retrieval benchmark does, then
 * CPU-profiles 300 retrievals (default k and ef) and prints self time per function.
 *
 *   npx tsx tests/bench/retrievalProfile.ts 100000 [reference|paper]
 */
import { Session } from 'node:inspector/promises';
import { loadavg } from 'node:os';
import { buildBenchStream, benchMoment, BENCH_SPAN_STEPS, StructuredVectors } from './retrievalFixture';
import { WEIGHT_PRESETS, type WeightPreset } from '../../server/mind/memory/scoring';
import { asAgentId } from '../../server/engine/ids';

const size = Number(process.argv[2] ?? 10_000);
const preset = (process.argv[3] ?? 'reference') as WeightPreset;
const vectors = new StructuredVectors();
const { stream } = await buildBenchStream(size, vectors);
const queries = Array.from({ length: 300 }, () => vectors.next());
const options = { at: benchMoment(BENCH_SPAN_STEPS), n: 30, touch: false, weights: WEIGHT_PRESETS[preset] };
for (const q of queries.slice(0, 50)) stream.retrieveVector(asAgentId('ada'), q, options);
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 50 });
await session.post('Profiler.start');
const t = performance.now();
for (let rep = 0; rep < 3; rep++) for (const q of queries) stream.retrieveVector(asAgentId('ada'), q, options);
const elapsed = performance.now() - t;
const { profile } = await session.post('Profiler.stop');
const self = new Map<string, number>();
const total = profile.samples!.length;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const counts = new Map<number, number>();
for (const id of profile.samples!) counts.set(id, (counts.get(id) ?? 0) + 1);
for (const [id, c] of counts) {
  const n = byId.get(id)!;
  const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').slice(-1)[0]}:${n.callFrame.lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + c);
}
const perQuery = elapsed / 900;
console.log(`${size} memories, ${preset}: ${perQuery.toFixed(3)} ms per retrieval (mean, profiled), load ${loadavg()[0].toFixed(2)}`);
for (const [k, c] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${((100 * c) / total).toFixed(1).padStart(5)}%  ${((perQuery * c) / total).toFixed(3)} ms  ${k}`);
