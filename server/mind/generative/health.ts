/**
 * How usable the model's answers are: every task run's outcome (ok / repaired / retried /
 * fail-safe) counted per task over the whole run and over the last game hour, why the
 * fail-safes happened, and an alert raised once when fail-safes dominate. A town whose model
 * answers nothing usable runs entirely on fail-safes (routine plans, importance 4) and would
 * otherwise look normal. Windows follow the game clock (steps), never wall time; nothing the
 * mind decides reads these counts.
 */
import type { FailureKind, HealthAlert, HealthCounts, HealthWindow, MindHealth } from '../../engine/ports';
import type { TaskOutcome } from '../../llm/task';

/** Fail-safes at or above this share of the last game hour's task runs raise the alert. */
export const ALERT_FAIL_SAFE_SHARE = 0.3;
/** …provided the hour holds at least this many task runs (one failure out of two says little). */
export const ALERT_MIN_RUNS = 10;

/** What each failure kind most likely means, in words a user can act on. */
export const FAILURE_CAUSES: Record<FailureKind, string> = {
  'not-json':
    "the model's answers are not JSON: a model too small for these tasks, or a server ignoring structured output (try a larger model, or a server that supports response_format)",
  'wrong-shape': "the model's JSON does not fit the tasks' schemas: most likely a model too small to follow them (try a larger model)",
  'model-not-found': 'the server answers HTTP 404: most likely a wrong model name (check --llm-model / LLM_MODEL against the models the server lists)',
  auth: 'the server refuses the requests (HTTP 401/403): check the API key (LLM_API_KEY)',
  'server-error': 'the model server fails or cannot be reached (HTTP 5xx/429, timeouts, refused connections)',
  'model-error': 'the model fails while answering (for a local model: prompts too long for it, or a broken model file)',
};

/** Classifies the last problem of a task run that ended in its fail-safe. */
export function classifyFailure(problem: string | undefined): FailureKind {
  const p = problem ?? '';
  if (p.startsWith('model error:') || p === 'aborted') {
    if (/HTTP 404|model .*not found|does not exist|no such model|unknown model/i.test(p)) return 'model-not-found';
    if (/HTTP 40[13]|unauthori[sz]ed|forbidden|api key/i.test(p)) return 'auth';
    if (/HTTP (5\d\d|429|408)|timed? ?out|ECONNREFUSED|ECONNRESET|ENOTFOUND|fetch failed|socket hang up|connection/i.test(p)) return 'server-error';
    return 'model-error';
  }
  if (/^(the answer was empty|no JSON object found)/.test(p)) return 'not-json';
  return 'wrong-shape';
}

export function emptyCounts(): HealthCounts {
  return { ok: 0, repaired: 0, retried: 0, failSafe: 0 };
}

export function totalRuns(c: HealthCounts): number {
  return c.ok + c.repaired + c.retried + c.failSafe;
}

/** Fail-safe share of the runs (0 when there were none). */
export function failSafeShare(c: HealthCounts): number {
  const n = totalRuns(c);
  return n ? c.failSafe / n : 0;
}

function add(into: HealthCounts, outcome: TaskOutcome, n = 1): void {
  if (outcome === 'fail-safe') into.failSafe += n;
  else into[outcome] += n;
}

function addCounts(into: HealthCounts, from: HealthCounts): void {
  into.ok += from.ok;
  into.repaired += from.repaired;
  into.retried += from.retried;
  into.failSafe += from.failSafe;
}

class Window {
  readonly all = emptyCounts();
  readonly byTask = new Map<string, HealthCounts>();

  add(task: string, outcome: TaskOutcome): void {
    add(this.all, outcome);
    let c = this.byTask.get(task);
    if (!c) this.byTask.set(task, (c = emptyCounts()));
    add(c, outcome);
  }

  addWindow(other: Window): void {
    addCounts(this.all, other.all);
    for (const [task, c] of other.byTask) {
      let mine = this.byTask.get(task);
      if (!mine) this.byTask.set(task, (mine = emptyCounts()));
      addCounts(mine, c);
    }
  }

  view(): HealthWindow {
    const byTask = Object.fromEntries([...this.byTask.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, { ...v }]));
    return { all: { ...this.all }, byTask };
  }
}

interface StepBucket {
  window: Window;
  failures: Map<FailureKind, number>;
}

export class HealthTracker {
  private readonly run = new Window();
  /** Counts per step still inside the last game hour. */
  private readonly steps = new Map<number, StepBucket>();
  private current = -1;
  private alert: HealthAlert | null = null;

  /** @param stepsPerHour steps in one game hour (the window of `lastHour`) */
  constructor(private readonly stepsPerHour: number) {}

  /**
   * Counts one task run. `step` is the step it ran for (undefined for an interview between
   * steps: counted over the run only); `problems` are its rejected attempts, the last one the
   * reason for a fail-safe.
   */
  record(task: string, outcome: TaskOutcome, step: number | undefined, problems: readonly string[]): void {
    this.run.add(task, outcome);
    if (step === undefined || step < 0) return;
    let bucket = this.steps.get(step);
    if (!bucket) this.steps.set(step, (bucket = { window: new Window(), failures: new Map() }));
    bucket.window.add(task, outcome);
    if (outcome === 'fail-safe') {
      const kind = classifyFailure(problems[problems.length - 1]);
      bucket.failures.set(kind, (bucket.failures.get(kind) ?? 0) + 1);
    }
  }

  /**
   * A step's task runs are all in: moves the hour window to end at `step` and raises the alert
   * (once) when fail-safes dominate the hour. Returns the alert when this step raised it.
   */
  stepDone(step: number, time: number): HealthAlert | null {
    this.current = Math.max(this.current, step);
    for (const s of this.steps.keys()) if (s <= this.current - this.stepsPerHour) this.steps.delete(s);
    if (this.alert) return null;
    const hour = this.hourWindow();
    if (!heavy(hour.window.all)) return null;
    const share = failSafeShare(hour.window.all);
    const kind = dominant(hour.failures);
    this.alert = { step, time, failSafeShare: Math.round(share * 1000) / 1000, kind, cause: FAILURE_CAUSES[kind] };
    return this.alert;
  }

  read(): MindHealth {
    const hour = this.hourWindow();
    return {
      run: this.run.view(),
      lastHour: hour.window.view(),
      failures: Object.fromEntries([...hour.failures.entries()].sort(([a], [b]) => (a < b ? -1 : 1))),
      failSafeHeavy: heavy(hour.window.all),
      alert: this.alert ? { ...this.alert } : null,
    };
  }

  private hourWindow(): StepBucket {
    const sum: StepBucket = { window: new Window(), failures: new Map() };
    for (const [s, bucket] of this.steps) {
      if (s <= this.current - this.stepsPerHour) continue;
      sum.window.addWindow(bucket.window);
      for (const [k, n] of bucket.failures) sum.failures.set(k, (sum.failures.get(k) ?? 0) + n);
    }
    return sum;
  }
}

/** Fail-safes at or above the alert share, over enough runs to mean something. */
function heavy(c: HealthCounts): boolean {
  return totalRuns(c) >= ALERT_MIN_RUNS && failSafeShare(c) >= ALERT_FAIL_SAFE_SHARE;
}

/** The most frequent failure kind (ties: the first in FAILURE_CAUSES order); 'wrong-shape' when none. */
function dominant(failures: Map<FailureKind, number>): FailureKind {
  let best: FailureKind = 'wrong-shape';
  let most = 0;
  for (const kind of Object.keys(FAILURE_CAUSES) as FailureKind[]) {
    const n = failures.get(kind) ?? 0;
    if (n > most) {
      best = kind;
      most = n;
    }
  }
  return best;
}

/** "64% fail-safe over the last game hour (120 task runs): <cause>" — the plain words of an alert. */
export function alertMessage(alert: HealthAlert, runs?: number): string {
  const pct = Math.round(alert.failSafeShare * 100);
  return `${pct}% of the model's answers over the last game hour were unusable${runs ? ` (of ${runs} task runs)` : ''}: the town runs on fail-safes (routine plans, default importance). Likely cause: ${alert.cause}.`;
}
