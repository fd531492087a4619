import { describe, expect, it } from 'vitest';
import type { StepDelta } from '../../../server/engine/types';
import type { MindProgress } from '../../../server/engine/ports';
import type { RunStatus } from '../../../server/net/protocol';
import { SimulationRunner, THINKING_AFTER_MS, THINKING_EVERY_MS } from '../../../server/net/runner';
import { ManualTimers } from './helpers';

/** A stand-in simulation whose steps finish when the test says so. */
class ControlledSim {
  state = { step: 0 };
  time = 0;
  started = 0;
  running = 0;
  maxRunning = 0;
  fail = false;
  private finishers: (() => void)[] = [];

  step(): Promise<StepDelta> {
    this.started++;
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    return new Promise((resolve, reject) => {
      this.finishers.push(() => {
        this.running--;
        if (this.fail) return reject(new Error('model exploded'));
        this.state.step++;
        this.time += 10_000;
        resolve({ step: this.state.step - 1, time: this.time });
      });
    });
  }

  async finish(): Promise<void> {
    this.finishers.shift()?.();
    await new Promise((r) => setImmediate(r));
  }
}

describe('the real-time runner', () => {
  it('steps at the set pace, one step at a time, and a slow step delays the next instead of piling up', async () => {
    const sim = new ControlledSim();
    const timers = new ManualTimers();
    const runner = new SimulationRunner(sim, { stepsPerSecond: 4, timers });
    runner.start();
    expect(timers.scheduled).toBe(1);
    timers.fireNext();
    expect(timers.time).toBe(250); // the first step comes one interval after start
    expect(sim.started).toBe(1);
    // A slow step: 600 ms pass while it runs; nothing else starts meanwhile (only the thinking watch waits).
    timers.time = 850;
    expect(timers.scheduled).toBe(1);
    await sim.finish();
    expect(timers.scheduled).toBe(1);
    timers.fireNext();
    expect(timers.time).toBe(850); // overdue: runs at once
    await sim.finish();
    timers.fireNext();
    expect(timers.time).toBe(1100); // back on pace
    await sim.finish();
    expect(sim.maxRunning).toBe(1);
    expect(runner.status).toMatchObject({ paused: false, speed: 4, step: 3 });
  });

  it('pauses after the step under way, steps once while paused, resumes and changes speed', async () => {
    const sim = new ControlledSim();
    const timers = new ManualTimers();
    const statuses: unknown[] = [];
    const runner = new SimulationRunner(sim, { stepsPerSecond: 2, timers });
    runner.onStatus((s) => statuses.push(s));
    runner.start();
    timers.fireNext();
    let pausedAt: number | null = null;
    const pausing = runner.pause().then((s) => (pausedAt = s.step));
    await new Promise((r) => setImmediate(r));
    expect(pausedAt).toBeNull(); // waits for the running step
    await sim.finish();
    await pausing;
    expect(pausedAt).toBe(1);
    expect(timers.scheduled).toBe(0);
    expect(statuses).toEqual([{ paused: true, speed: 2, step: 1, time: 10_000 }]);

    const once = runner.stepOnce();
    await new Promise((r) => setImmediate(r));
    await sim.finish();
    expect((await once).step).toBe(2);
    expect(timers.scheduled).toBe(0);

    runner.setSpeed(10);
    expect(runner.resume()).toMatchObject({ paused: false, speed: 10 });
    expect(timers.scheduled).toBe(1);
    const before = timers.time;
    timers.fireNext();
    expect(timers.time - before).toBe(100);
    await sim.finish();
    await expect(runner.stepOnce()).rejects.toThrow(/pause/);
    expect(() => runner.setSpeed(0)).toThrow(RangeError);
    expect(() => runner.setSpeed(Number.NaN)).toThrow(RangeError);
  });

  it('pauses the run when a step fails, reporting the error', async () => {
    const sim = new ControlledSim();
    const timers = new ManualTimers();
    const errors: unknown[] = [];
    const runner = new SimulationRunner(sim, { stepsPerSecond: 5, timers, onError: (e) => errors.push(e) });
    runner.start();
    sim.fail = true;
    timers.fireNext();
    await sim.finish();
    await new Promise((r) => setImmediate(r));
    expect(errors).toHaveLength(1);
    expect(runner.status.paused).toBe(true);
    expect(runner.status.pausedReason).toBe('step 0 failed: model exploded');
    expect(timers.scheduled).toBe(0);
    // A single step that fails again keeps the reason; one that succeeds clears it.
    const stepping = runner.stepOnce();
    await new Promise((r) => setImmediate(r));
    await sim.finish();
    await stepping;
    expect(runner.status.pausedReason).toBe('step 0 failed: model exploded');
    sim.fail = false;
    const again = runner.stepOnce();
    await new Promise((r) => setImmediate(r));
    await sim.finish();
    expect(await again).toEqual({ paused: true, speed: 5, step: 1, time: 10_000 });
  });

  it('announces a step still computing after a second, every few seconds, with the mind\'s progress, and once more when it lands', async () => {
    const sim = new ControlledSim();
    let progress: MindProgress | (() => never) = { pendingCalls: 7, doneCalls: 18 };
    const withMind = Object.assign(sim, { mind: { progress: () => (typeof progress === 'function' ? progress() : progress) } });
    const timers = new ManualTimers();
    const statuses: RunStatus[] = [];
    const runner = new SimulationRunner(withMind, { stepsPerSecond: 5, timers });
    runner.onStatus((s) => statuses.push(s));
    runner.start();
    timers.fireNext(); // step 0 starts at 200 ms
    await sim.finish(); // a fast step: nothing said
    expect(statuses).toEqual([]);
    expect(timers.scheduled).toBe(1);

    timers.fireNext(); // step 1 starts at 400 ms and takes long
    expect(runner.status.thinking).toBeUndefined();
    timers.fireNext();
    expect(timers.time).toBe(400 + THINKING_AFTER_MS);
    expect(statuses).toEqual([{ paused: false, speed: 5, step: 1, time: 10_000, thinking: { forMs: THINKING_AFTER_MS, pendingCalls: 7, doneCalls: 18 } }]);
    progress = () => {
      throw new Error('no idea');
    };
    timers.fireNext();
    expect(timers.time).toBe(400 + THINKING_AFTER_MS + THINKING_EVERY_MS);
    expect(statuses[1].thinking).toEqual({ forMs: THINKING_AFTER_MS + THINKING_EVERY_MS }); // a failing progress report is left out
    expect(runner.status.thinking).toEqual({ forMs: THINKING_AFTER_MS + THINKING_EVERY_MS });

    await sim.finish();
    expect(statuses).toHaveLength(3);
    expect(statuses[2]).toEqual({ paused: false, speed: 5, step: 2, time: 20_000 });
    expect(timers.scheduled).toBe(1); // the next step, overdue: it runs at once
    timers.fireNext();
    expect(runner.status.thinking).toBeUndefined(); // a new step starts unannounced
    await sim.finish();
    expect(statuses).toHaveLength(3);
  });

  it('starts paused when asked and stops for good', async () => {
    const sim = new ControlledSim();
    const timers = new ManualTimers();
    const runner = new SimulationRunner(sim, { timers, paused: true });
    runner.start();
    expect(timers.scheduled).toBe(0);
    expect(runner.status.speed).toBe(5);
    await runner.stop();
    runner.resume();
    expect(timers.scheduled).toBe(0);
  });
});
