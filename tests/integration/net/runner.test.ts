import { describe, expect, it } from 'vitest';
import type { StepDelta } from '../../../server/engine/types';
import { SimulationRunner } from '../../../server/net/runner';
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
    // A slow step: 600 ms pass while it runs; nothing else starts meanwhile.
    timers.time = 850;
    expect(timers.scheduled).toBe(0);
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
    expect(timers.scheduled).toBe(0);
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
