/** The minds' health counts: per task, over the run and over the last game hour (by step, not wall time), and the alert said once. */
import { describe, expect, it } from 'vitest';
import { ALERT_MIN_RUNS, classifyFailure, HealthTracker } from '../../../server/mind/generative/health';

const STEPS_PER_HOUR = 360;

describe('HealthTracker', () => {
  it('counts outcomes per task over the run and over the last game hour', () => {
    const t = new HealthTracker(STEPS_PER_HOUR);
    t.record('planDay', 'ok', 0, []);
    t.record('planDay', 'repaired', 0, []);
    t.record('rateImportance', 'retried', 1, ['no JSON object found in the answer']);
    t.record('rateImportance', 'fail-safe', 1, ['no JSON object found in the answer', 'no JSON object found in the answer']);
    t.record('answerInterview', 'ok', undefined, []);
    t.stepDone(1, 0);
    const h = t.read();
    expect(h.run.all).toEqual({ ok: 2, repaired: 1, retried: 1, failSafe: 1 });
    expect(h.run.byTask).toEqual({
      answerInterview: { ok: 1, repaired: 0, retried: 0, failSafe: 0 },
      planDay: { ok: 1, repaired: 1, retried: 0, failSafe: 0 },
      rateImportance: { ok: 0, repaired: 0, retried: 1, failSafe: 1 },
    });
    // An interview between steps counts over the run only.
    expect(h.lastHour.all).toEqual({ ok: 1, repaired: 1, retried: 1, failSafe: 1 });
    expect(h.failures).toEqual({ 'not-json': 1 });
    expect(Object.keys(h.lastHour.byTask)).toEqual(['planDay', 'rateImportance']);
  });

  it('lets a step leave the last-hour window one game hour of steps later', () => {
    const t = new HealthTracker(STEPS_PER_HOUR);
    t.record('planDay', 'fail-safe', 10, ['the answer was empty']);
    t.stepDone(10, 0);
    t.stepDone(10 + STEPS_PER_HOUR - 1, 0);
    expect(t.read().lastHour.all.failSafe).toBe(1);
    t.stepDone(10 + STEPS_PER_HOUR, 0);
    const h = t.read();
    expect(h.lastHour.all).toEqual({ ok: 0, repaired: 0, retried: 0, failSafe: 0 });
    expect(h.failures).toEqual({});
    expect(h.run.all.failSafe).toBe(1);
  });

  it('raises the alert once, when fail-safes reach 30% of at least 10 runs in the hour, naming the dominant cause', () => {
    const t = new HealthTracker(STEPS_PER_HOUR);
    // Two fail-safes in three runs: too few runs to mean anything.
    t.record('planDay', 'fail-safe', 0, ['model error: HTTP 404: model not found']);
    t.record('planDay', 'fail-safe', 0, ['model error: HTTP 404: model not found']);
    t.record('planDay', 'ok', 0, []);
    expect(t.stepDone(0, 1000)).toBeNull();
    expect(t.read()).toMatchObject({ alert: null, failSafeHeavy: false });
    for (let i = 0; i < ALERT_MIN_RUNS - 4; i++) t.record('rateImportance', 'ok', 1, []);
    t.record('rateImportance', 'fail-safe', 1, ['scores: expected array']);
    // 10 runs, 3 fail-safe = 30%.
    const alert = t.stepDone(1, 2000);
    expect(alert).toMatchObject({ step: 1, time: 2000, failSafeShare: 0.3, kind: 'model-not-found' });
    expect(alert!.cause).toMatch(/wrong model name/);
    expect(t.read()).toMatchObject({ failSafeHeavy: true, alert: { step: 1 } });
    // Once: a later heavy step raises nothing new, and the first alert is kept after recovery.
    t.record('planDay', 'fail-safe', 2, ['the answer was empty']);
    expect(t.stepDone(2, 3000)).toBeNull();
    for (let i = 0; i < 40; i++) t.record('speak', 'ok', 3, []);
    t.stepDone(3, 4000);
    expect(t.read()).toMatchObject({ failSafeHeavy: false, alert: { step: 1, kind: 'model-not-found' } });
  });

  it('stays quiet while fail-safes are under 30%', () => {
    const t = new HealthTracker(STEPS_PER_HOUR);
    for (let i = 0; i < 8; i++) t.record('speak', 'ok', 0, []);
    t.record('speak', 'fail-safe', 0, ['the answer was empty']);
    t.record('speak', 'fail-safe', 0, ['the answer was empty']);
    expect(t.stepDone(0, 0)).toBeNull();
    expect(t.read().failSafeHeavy).toBe(false);
  });
});

describe('classifyFailure', () => {
  it('tells unparseable answers, wrong shapes and model errors apart', () => {
    expect(classifyFailure('no JSON object found in the answer')).toBe('not-json');
    expect(classifyFailure('the answer was empty')).toBe('not-json');
    expect(classifyFailure('scores: expected array, received undefined')).toBe('wrong-shape');
    expect(classifyFailure("model error: 1 attempt(s) failed; last: HTTP 404: The model 'x' does not exist")).toBe('model-not-found');
    expect(classifyFailure('model error: 1 attempt(s) failed; last: HTTP 401: invalid key')).toBe('auth');
    expect(classifyFailure('model error: 5 attempt(s) failed; last: HTTP 503: overloaded')).toBe('server-error');
    expect(classifyFailure('model error: connect ECONNREFUSED 127.0.0.1:8000')).toBe('server-error');
    expect(classifyFailure('model error: offset is out of bounds')).toBe('model-error');
  });
});
