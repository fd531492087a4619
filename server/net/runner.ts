/**
 * Steps a Simulation in real time: `speed` steps per second, with pause, resume and single
 * steps. The timer functions are injected so tests drive the runner without sleeping.
 * A step that takes longer than its slot (a slow model) delays the next one; steps never overlap
 * and never pile up.
 */
import type { StepDelta } from '../engine/types';
import { MAX_STEPS_PER_SECOND, MIN_STEPS_PER_SECOND, type RunStatus } from './protocol';

/** People visibly walk at this pace (five tiles a second; a game day then lasts about 29 minutes). */
export const DEFAULT_STEPS_PER_SECOND = 5;

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** Milliseconds, monotonic. */
  now(): number;
}

export const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => performance.now(),
};

/** The part of Simulation the runner uses. */
export interface SteppableSimulation {
  readonly state: { readonly step: number };
  readonly time: number;
  step(): Promise<StepDelta>;
}

export interface RunnerOptions {
  stepsPerSecond?: number;
  /** Start paused (default false). */
  paused?: boolean;
  timers?: Timers;
  /** A failing step pauses the runner and is reported here (default: console.error). */
  onError?: (err: unknown) => void;
}

export type StatusListener = (status: RunStatus) => void;

export class SimulationRunner {
  private speed: number;
  private paused: boolean;
  private stopped = false;
  private started = false;
  private timer: unknown = null;
  private inFlight: Promise<unknown> | null = null;
  private lastStart: number | null = null;
  private readonly timers: Timers;
  private readonly onError: (err: unknown) => void;
  private readonly listeners = new Set<StatusListener>();

  constructor(
    private readonly sim: SteppableSimulation,
    options: RunnerOptions = {},
  ) {
    this.speed = checkSpeed(options.stepsPerSecond ?? DEFAULT_STEPS_PER_SECOND);
    this.paused = options.paused ?? false;
    this.timers = options.timers ?? realTimers;
    this.onError = options.onError ?? ((err) => console.error('hamlet: a step failed; the town is paused.', err));
  }

  get status(): RunStatus {
    return { paused: this.paused, speed: this.speed, step: this.sim.state.step, time: this.sim.time };
  }

  /** Whether a step is being computed right now. */
  get busy(): boolean {
    return this.inFlight !== null;
  }

  /** Called on pause, resume, speed change, and when a failing step pauses the run. */
  onStatus(listener: StatusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Begins stepping (unless paused). The first step comes one interval later, so viewers see the start. */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.lastStart = this.timers.now();
    this.schedule();
  }

  /** Stops stepping; resolves once the step under way (if any) has finished and been broadcast. */
  async pause(): Promise<RunStatus> {
    if (!this.paused) {
      this.paused = true;
      this.cancelTimer();
      await this.settle();
      this.emit();
    } else {
      await this.settle();
    }
    return this.status;
  }

  resume(): RunStatus {
    if (this.paused && !this.stopped) {
      this.paused = false;
      this.lastStart = this.timers.now();
      this.emit();
      this.schedule();
    }
    return this.status;
  }

  /** Changes the pace; the next step keeps its start relative to the last one. */
  setSpeed(stepsPerSecond: number): RunStatus {
    const next = checkSpeed(stepsPerSecond);
    if (next !== this.speed) {
      this.speed = next;
      this.cancelTimer();
      this.emit();
      this.schedule();
    }
    return this.status;
  }

  /** Runs exactly one step; only while paused (else there is nothing to single-step). */
  async stepOnce(): Promise<RunStatus> {
    if (!this.paused) throw new Error('pause the town before stepping it one step at a time');
    await this.settle();
    await this.runStep();
    return this.status;
  }

  /** Stops for good (server shutdown); waits for the step under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.paused = true;
    this.cancelTimer();
    await this.settle();
  }

  private schedule(): void {
    if (!this.started || this.paused || this.stopped || this.timer !== null || this.inFlight) return;
    const interval = 1000 / this.speed;
    const wait = this.lastStart === null ? 0 : Math.max(0, this.lastStart + interval - this.timers.now());
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      void this.tick();
    }, wait);
  }

  private async tick(): Promise<void> {
    if (this.paused || this.stopped) return;
    await this.runStep();
    this.schedule();
  }

  private async runStep(): Promise<void> {
    this.lastStart = this.timers.now();
    const running = this.sim.step();
    this.inFlight = running;
    try {
      await running;
    } catch (err) {
      this.onError(err);
      if (!this.paused) {
        this.paused = true;
        this.cancelTimer();
        this.emit();
      }
    } finally {
      this.inFlight = null;
    }
  }

  private async settle(): Promise<void> {
    while (this.inFlight) await this.inFlight.catch(() => undefined);
  }

  private cancelTimer(): void {
    if (this.timer !== null) {
      this.timers.clearTimeout(this.timer);
      this.timer = null;
    }
  }

  private emit(): void {
    const status = this.status;
    for (const listener of this.listeners) listener(status);
  }
}

function checkSpeed(stepsPerSecond: number): number {
  if (!Number.isFinite(stepsPerSecond) || stepsPerSecond < MIN_STEPS_PER_SECOND || stepsPerSecond > MAX_STEPS_PER_SECOND) {
    throw new RangeError(`speed must be between ${MIN_STEPS_PER_SECOND} and ${MAX_STEPS_PER_SECOND} steps per second, got ${stepsPerSecond}`);
  }
  return stepsPerSecond;
}
