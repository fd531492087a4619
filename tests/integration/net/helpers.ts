/**
 * Helpers for the net tests: a manual timer (the runner steps only when a test says so), a real
 * Hamlet server on an ephemeral port over the mini town, and promise-returning socket helpers.
 */
import { rmSync } from 'node:fs';
import { io as connect, type Socket } from 'socket.io-client';
import { openTown, type MindFactory, type Town } from '../../../server/cli/town';
import type { Ack, ClientToServerEvents, ServerToClientEvents, Snapshot, StepMessage } from '../../../server/net/protocol';
import { createHamletServer, type HamletServer, type HamletServerOptions } from '../../../server/net/server';
import type { Timers } from '../../../server/net/runner';
import { writeMiniTown } from '../../support/miniTown';

export class ManualTimers implements Timers {
  time = 0;
  private nextId = 1;
  private pending: { id: number; at: number; fn: () => void }[] = [];

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.pending.push({ id, at: this.time + Math.max(0, ms), fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.pending = this.pending.filter((t) => t.id !== handle);
  }

  now(): number {
    return this.time;
  }

  get scheduled(): number {
    return this.pending.length;
  }

  /** Moves time to the earliest timer and runs it; false when none is pending. */
  fireNext(): boolean {
    if (this.pending.length === 0) return false;
    this.pending.sort((a, b) => a.at - b.at || a.id - b.id);
    const timer = this.pending.shift()!;
    this.time = Math.max(this.time, timer.at);
    timer.fn();
    return true;
  }
}

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface TestTown {
  town: Town;
  server: HamletServer;
  timers: ManualTimers;
  url: string;
  cleanup(): Promise<void>;
}

export async function startTestTown(options: Partial<HamletServerOptions> & { db?: string; seed?: number; mindFactory?: MindFactory } = {}): Promise<TestTown> {
  const files = writeMiniTown();
  const town = await openTown({ mapPath: files.mapPath, personasPath: files.personasPath, dbPath: options.db ?? ':memory:', seed: options.seed ?? 3, mindFactory: options.mindFactory });
  const timers = new ManualTimers();
  const server = createHamletServer({ sim: town.sim, token: 'secret-token', clientDir: null, ...options, runner: { timers, stepsPerSecond: 5, ...options.runner } });
  const { url } = await server.listen(0);
  return {
    town,
    server,
    timers,
    url,
    cleanup: async () => {
      await server.close();
      town.store.close();
      rmSync(files.dir, { recursive: true, force: true });
    },
  };
}

/** A real socket.io client that collects snapshots and steps. */
export interface Viewer {
  socket: TestSocket;
  snapshots: Snapshot[];
  steps: StepMessage[];
  statuses: unknown[];
  /** Resolves when a step message for `step` (or later) has arrived. */
  stepReached(step: number): Promise<void>;
  firstSnapshot: Promise<Snapshot>;
}

export function connectViewer(url: string, token?: string): Viewer {
  const socket: TestSocket = connect(url, { auth: token ? { token } : {}, transports: ['websocket'], reconnection: false, forceNew: true });
  const snapshots: Snapshot[] = [];
  const steps: StepMessage[] = [];
  const statuses: unknown[] = [];
  const waiters: { step: number; resolve: () => void }[] = [];
  let resolveFirst!: (s: Snapshot) => void;
  const firstSnapshot = new Promise<Snapshot>((r) => (resolveFirst = r));
  socket.on('snapshot', (s) => {
    snapshots.push(s);
    if (snapshots.length === 1) resolveFirst(s);
  });
  socket.on('step', (d) => {
    steps.push(d);
    for (const w of [...waiters]) {
      if (d.step >= w.step) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  });
  socket.on('status', (s) => statuses.push(s));
  return {
    socket,
    snapshots,
    steps,
    statuses,
    firstSnapshot,
    stepReached: (step) =>
      steps.some((d) => d.step >= step) ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ step, resolve })),
  };
}

/** Emits a request and resolves with its ack. */
export function request(socket: TestSocket, event: string, ...args: unknown[]): Promise<Ack<Record<string, unknown>>> {
  return new Promise((resolve) => {
    (socket.emit as unknown as (e: string, ...a: unknown[]) => void)(event, ...args, (answer: Ack<Record<string, unknown>>) => resolve(answer));
  });
}

/** Runs `count` steps through the runner's timer and waits until `viewer` has seen them. */
export async function runSteps(t: TestTown, viewer: Viewer, count: number): Promise<void> {
  const target = t.town.sim.state.step + count - 1;
  for (let i = 0; i < count; i++) {
    const before = t.town.sim.state.step;
    if (!t.timers.fireNext()) throw new Error('the runner has no step scheduled (paused?)');
    await waitFor(() => t.town.sim.state.step > before && !t.server.runner.busy);
  }
  await viewer.stepReached(target);
}

/** Waits (yielding to I/O) until `condition` holds. */
export async function waitFor(condition: () => boolean, what = 'condition', maxTurns = 20_000): Promise<void> {
  for (let i = 0; i < maxTurns; i++) {
    if (condition()) return;
    await new Promise((r) => setImmediate(r));
  }
  throw new Error(`gave up waiting for ${what}`);
}
