/**
 * Steps a Simulation in real time: `speed` steps per second, with pause, resume and single
 * steps. The timer functions are injected so tests drive the runner without sleeping.
 * A step that takes longer than its slot (a slow model) delays the next one; steps never overlap
 * and never pile up. A step still computing after THINKING_AFTER_MS is announced to listeners
 * (`status.thinking`) every THINKING_EVERY_MS until it lands, so viewers can tell a town waiting
 * for its model from a stuck one. (Real time here is fine: this is the runner, not the simulation.)
 */
import type { MindProgress } from '../engine/ports';
import type { StepDelta } from '../engine/types';
import { describeStepFailure, type StepFailure } from './stepFailure';
import { MAX_STEPS_PER_SECOND, MIN_STEPS_PER_SECOND, type RunStatus, type StepThinking } from './protocol';

/** People visibly walk at this pace (five tiles a second; a game day then lasts about 29 minutes). */
export const DEFAULT_STEPS_PER_SECOND = 5;
/** A step running longer than this is announced as "thinking" (normal steps take milliseconds). */
export const THINKING_AFTER_MS = 1_000;
/** While a slow step lasts, its announcement is repeated this often. */
export const THINKING_EVERY_MS = 2_000;

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
  /** Its mind, when it can say how its model calls are going. */
  readonly mind?: { progress?(): MindProgress };
  step(): Promise<StepDelta>;
}

export interface RunnerOptions {
  stepsPerSecond?: number;
  /** Start paused (default false). */
  paused?: boolean;
  timers?: Timers;
  /**
   * A failing step pauses the runner and is reported here with its one-line reason (default:
   * console.error; the stack only for failures that are not expected, see stepFailure.ts).
   */
  onError?: (err: unknown, failure: StepFailure) => void;
  /** The simulation file, named in the reason of a storage failure. */
  file?: string;
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
  /** When the step under way began (timers.now()); null between steps. */
  private stepStartedAt: number | null = null;
  private thinkingTimer: unknown = null;
  /** Whether listeners were told the step under way is slow (so they must hear when it lands). */
  private thinkingAnnounced = false;
  private readonly timers: Timers;
  private readonly onError: (err: unknown, failure: StepFailure) => void;
  private readonly file?: string;
  /** Why a failing step paused the town; cleared by resume and by a step that succeeds. */
  private pausedReason: string | null = null;
  private readonly listeners = new Set<StatusListener>();

  constructor(
    private readonly sim: SteppableSimulation,
    options: RunnerOptions = {},
  ) {
    this.speed = checkSpeed(options.stepsPerSecond ?? DEFAULT_STEPS_PER_SECOND);
    this.paused = options.paused ?? false;
    this.timers = options.timers ?? realTimers;
    this.file = options.file;
    this.onError =
      options.onError ??
      ((err, failure) => (failure.expected ? console.error(`hamlet: ${failure.reason}`) : console.error(`hamlet: ${failure.reason}; the town is paused.`, err)));
  }

  get status(): RunStatus {
    const status: RunStatus = { paused: this.paused, speed: this.speed, step: this.sim.state.step, time: this.sim.time };
    if (this.paused && this.pausedReason !== null) status.pausedReason = this.pausedReason;
    const thinking = this.thinking();
    if (thinking) status.thinking = thinking;
    return status;
  }

  /** Whether a step is being computed right now. */
  get busy(): boolean {
    return this.inFlight !== null;
  }

  /**
   * Called on pause, resume, speed change, when a failing step pauses the run, every
   * THINKING_EVERY_MS while a slow step computes, and when a step announced as slow lands.
   */
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
      this.pausedReason = null;
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
    this.watchThinking();
    let failure: { err: unknown } | null = null;
    try {
      await running;
    } catch (err) {
      failure = { err };
    } finally {
      this.inFlight = null;
    }
    const wasThinking = this.stopThinking();
    if (failure) {
      // The step that failed is still the next one to run (sim.state.step did not advance).
      const described = describeStepFailure(failure.err, this.sim.state.step, this.file);
      this.onError(failure.err, described);
      this.pausedReason = described.reason;
      if (!this.paused) {
        this.paused = true;
        this.cancelTimer();
      }
      // Paused now (or already, for a single step): everyone hears why.
      this.emit();
      return;
    }
    if (this.pausedReason !== null) {
      // A single step went through after a failure: the reason no longer holds.
      this.pausedReason = null;
      this.emit();
      return;
    }
    // Viewers were told the town is thinking: tell them it is done (the step message went out already).
    if (wasThinking) this.emit();
  }

  private watchThinking(): void {
    this.stepStartedAt = this.timers.now();
    this.thinkingAnnounced = false;
    this.thinkingTimer = this.timers.setTimeout(() => this.announceThinking(), THINKING_AFTER_MS);
  }

  private announceThinking(): void {
    this.thinkingTimer = null;
    if (!this.inFlight) return;
    this.thinkingAnnounced = true;
    this.emit();
    this.thinkingTimer = this.timers.setTimeout(() => this.announceThinking(), THINKING_EVERY_MS);
  }

  /** Ends the watch over the step that just finished; says whether it had been announced. */
  private stopThinking(): boolean {
    if (this.thinkingTimer !== null) {
      this.timers.clearTimeout(this.thinkingTimer);
      this.thinkingTimer = null;
    }
    const announced = this.thinkingAnnounced;
    this.thinkingAnnounced = false;
    this.stepStartedAt = null;
    return announced;
  }

  /** The slow step under way, once announced; null otherwise. */
  private thinking(): StepThinking | null {
    if (!this.thinkingAnnounced || this.stepStartedAt === null) return null;
    const thinking: StepThinking = { forMs: Math.max(0, Math.round(this.timers.now() - this.stepStartedAt)) };
    let progress: MindProgress | undefined;
    try {
      progress = this.sim.mind?.progress?.();
    } catch {
      // A progress report is a nicety; the status goes out without it.
    }
    if (progress && Number.isFinite(progress.pendingCalls) && Number.isFinite(progress.doneCalls)) {
      thinking.pendingCalls = progress.pendingCalls;
      thinking.doneCalls = progress.doneCalls;
    }
    return thinking;
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
