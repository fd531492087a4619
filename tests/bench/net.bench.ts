/**
 * Net benchmark (`npx tsx tests/bench/net.bench.ts`):
 *  1. bytes per step per viewer for 25 agents over one game day, as received by a real
 *     socket.io client (websocket frames; target: median ≤ 2 KB);
 *  2. server CPU with 100 viewers at 10 steps per second (the viewers run in a child process),
 *     next to the same run with no viewers, so the cost of streaming shows apart from the simulation.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { io } from 'socket.io-client';
import { openTown } from '../../server/cli/town';
import { createHamletServer } from '../../server/net/server';
import type { Timers } from '../../server/net/runner';
import { benchTown } from './netTown';
import { percentile } from './percentile';

const AGENTS = 25;
const VIEWERS = 100;
const STEPS_PER_SECOND = 10;
const CPU_WINDOW_MS = 10_000;

class InstantTimers implements Timers {
  private queue: (() => void)[] = [];
  setTimeout(fn: () => void): unknown {
    this.queue.push(fn);
    return fn;
  }
  clearTimeout(handle: unknown): void {
    this.queue = this.queue.filter((f) => f !== handle);
  }
  now(): number {
    return 0;
  }
  fire(): boolean {
    const fn = this.queue.shift();
    fn?.();
    return fn !== undefined;
  }
}

async function bytesPerStep(mapPath: string, personasPath: string) {
  const town = await openTown({ mapPath, personasPath, dbPath: ':memory:', seed: 1, agentLimit: AGENTS });
  const timers = new InstantTimers();
  const server = createHamletServer({ sim: town.sim, token: 'bench-token-123', clientDir: null, runner: { timers } });
  const { url } = await server.listen(0);
  const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false });
  const perStep: number[] = [];
  let snapshotBytes = 0;
  let pendingResolve: (() => void) | null = null;
  socket.io.engine.on('packet', (p: { type: string; data?: unknown }) => {
    if (p.type !== 'message' || typeof p.data !== 'string') return;
    const size = Buffer.byteLength(p.data) + 1; // + the engine.io packet type byte
    if (p.data.startsWith('2["snapshot"')) snapshotBytes = size;
    else if (p.data.startsWith('2["step"')) {
      perStep.push(size);
      pendingResolve?.();
    }
  });
  await new Promise<void>((r) => socket.once('snapshot', () => r()));
  const day = town.sim.clock.stepsPerDay;
  const daytime: number[] = [];
  for (let i = 0; i < day; i++) {
    const arrived = new Promise<void>((r) => (pendingResolve = r));
    if (!timers.fire()) throw new Error('runner not scheduled');
    await arrived;
    const hour = new Date(town.sim.clock.timeAt(i)).getUTCHours();
    if (hour >= 7 && hour < 22) daytime.push(perStep[perStep.length - 1]);
  }
  socket.close();
  await server.close();
  town.store.close();
  const sorted = [...perStep].sort((a, b) => a - b);
  const sortedDay = [...daytime].sort((a, b) => a - b);
  return {
    steps: perStep.length,
    snapshotBytes,
    median: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    max: sorted[sorted.length - 1],
    mean: Math.round(perStep.reduce((a, b) => a + b, 0) / perStep.length),
    daytimeMedian: percentile(sortedDay, 50),
    daytimeP95: percentile(sortedDay, 95),
  };
}

async function serverCpu(mapPath: string, personasPath: string, viewers: number) {
  const town = await openTown({ mapPath, personasPath, dbPath: ':memory:', seed: 1, agentLimit: AGENTS, startTime: '2026-02-13T08:00' });
  const server = createHamletServer({ sim: town.sim, token: 'bench-token-123', clientDir: null, runner: { stepsPerSecond: STEPS_PER_SECOND, paused: true } });
  const { url } = await server.listen(0);
  let child: ReturnType<typeof spawn> | null = null;
  let childLines: string[] = [];
  if (viewers > 0) {
    child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--viewers', url, String(viewers)], { stdio: ['pipe', 'pipe', 'inherit'] });
    childLines = [];
    child.stdout!.on('data', (d: Buffer) => childLines.push(...d.toString().trim().split('\n')));
    await waitUntil(() => childLines.includes('ready'), 60_000);
  }
  const fromStep = town.sim.state.step;
  server.runner.resume();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, CPU_WINDOW_MS));
  const cpu = process.cpuUsage(cpu0);
  const wall = performance.now() - t0;
  await server.runner.pause();
  const steps = town.sim.state.step - fromStep;
  let received: { steps: number; bytes: number } | null = null;
  if (child) {
    child.stdin!.write('report\n');
    await waitUntil(() => childLines.some((l) => l.startsWith('{')), 10_000);
    received = JSON.parse(childLines.find((l) => l.startsWith('{'))!);
  }
  await server.close();
  town.store.close();
  return {
    viewers,
    steps,
    stepsPerSecond: +(steps / (wall / 1000)).toFixed(2),
    cpuPercentOfOneCore: +(((cpu.user + cpu.system) / 1000 / wall) * 100).toFixed(1),
    received,
  };
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const t0 = performance.now();
  while (!condition()) {
    if (performance.now() - t0 > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function main(): Promise<void> {
  const town = benchTown(AGENTS);
  console.log(`town: ${town.label}`);
  const bytes = await bytesPerStep(town.mapPath, town.personasPath);
  console.log(`\nbytes per step per viewer (${AGENTS} agents, one game day = ${bytes.steps} steps):`);
  console.log(`  median ${bytes.median} B · p95 ${bytes.p95} B · max ${bytes.max} B · mean ${bytes.mean} B (target: median ≤ 2048 B)`);
  console.log(`  daytime 07–22h: median ${bytes.daytimeMedian} B · p95 ${bytes.daytimeP95} B`);
  console.log(`  snapshot on join: ${bytes.snapshotBytes} B`);

  const idle = await serverCpu(town.mapPath, town.personasPath, 0);
  const busy = await serverCpu(town.mapPath, town.personasPath, VIEWERS);
  console.log(`\nserver CPU at ${STEPS_PER_SECOND} steps/s over ${CPU_WINDOW_MS / 1000} s (${AGENTS} agents):`);
  console.log(`  no viewers:   ${idle.cpuPercentOfOneCore}% of one core · ${idle.stepsPerSecond} steps/s`);
  console.log(`  ${VIEWERS} viewers:  ${busy.cpuPercentOfOneCore}% of one core · ${busy.stepsPerSecond} steps/s`);
  if (busy.received) {
    const expected = busy.steps * VIEWERS;
    console.log(`  viewers received ${busy.received.steps} of ${expected} step messages (${(busy.received.bytes / 1024 / 1024).toFixed(2)} MB in all)`);
  }
  console.log(`  streaming cost: ≈ ${(busy.cpuPercentOfOneCore - idle.cpuPercentOfOneCore).toFixed(1)} percentage points of one core for ${VIEWERS} viewers`);
  console.log(
    `\nJSON ${JSON.stringify({ agents: AGENTS, town: town.label, bytesPerStep: bytes, cpu: { idle, busy: { ...busy, received: busy.received } } })}`,
  );
}

// Child mode: N viewers that count what they receive; otherwise the benchmark itself.
if (process.argv[2] === '--viewers') {
  const url = process.argv[3];
  const count = Number(process.argv[4]);
  let steps = 0;
  let bytes = 0;
  let connected = 0;
  const sockets = Array.from({ length: count }, () => {
    const s = io(url, { transports: ['websocket'], forceNew: true, reconnection: false });
    s.on('connect', () => {
      if (++connected === count) process.stdout.write('ready\n');
    });
    s.on('step', () => steps++);
    s.io.engine?.on('packet', (p: { data?: unknown }) => (bytes += typeof p.data === 'string' ? Buffer.byteLength(p.data) + 1 : 0));
    return s;
  });
  process.stdin.on('data', () => {
    process.stdout.write(`${JSON.stringify({ steps, bytes })}\n`);
    for (const s of sockets) s.close();
    process.exit(0);
  });
} else {
  await main();
}

