/**
 * The minds' health on the command line: the warning `run` and `start` print once when
 * fail-safes dominate the last game hour, and the "model answers" part of the run summary.
 * A town whose model answers nothing usable runs on fail-safes and otherwise looks normal.
 */
import type { HealthCounts, HealthWindow, Mind, MindHealth } from '../engine/ports';
import { ALERT_FAIL_SAFE_SHARE, ALERT_MIN_RUNS, alertMessage, failSafeShare, totalRuns } from '../mind/generative/health';

/** What the run summary says about the model's answers (null for a mind that calls no model). */
export interface RunHealth {
  /** Task runs over the run, in all and per task. */
  runs: number;
  /** Shares of the task runs (0–1, three decimals): used as written, after repair, after a retry, and fail-safe. */
  shares: { usable: number; ok: number; repaired: number; retried: number; failSafe: number };
  counts: HealthWindow;
  /** Fail-safes of the last game hour by failure kind. */
  failures: MindHealth['failures'];
  /** The alert raised during the run (fail-safes ≥ 30% over a game hour), with its likely cause; null when none. */
  alert: MindHealth['alert'];
  /** Whether fail-safes dominate (an alert, or ≥ 30% over the whole run): the summary says so plainly. */
  failSafeHeavy: boolean;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

export function sharesOf(c: HealthCounts): RunHealth['shares'] {
  const n = totalRuns(c) || 1;
  return { usable: round3((c.ok + c.repaired + c.retried) / n), ok: round3(c.ok / n), repaired: round3(c.repaired / n), retried: round3(c.retried / n), failSafe: round3(c.failSafe / n) };
}

/** The summary's health part, from the mind (null when it has none). */
export function runHealth(mind: Pick<Mind, 'health'>): RunHealth | null {
  const health = mind.health?.();
  if (!health) return null;
  const runs = totalRuns(health.run.all);
  return {
    runs,
    shares: sharesOf(health.run.all),
    counts: health.run,
    failures: health.failures,
    alert: health.alert,
    failSafeHeavy: health.alert !== null || (runs >= ALERT_MIN_RUNS && failSafeShare(health.run.all) >= ALERT_FAIL_SAFE_SHARE),
  };
}

/** Call after each step: prints the mind's health alert the first time it is raised, and only then. */
export function healthWarner(mind: Pick<Mind, 'health'>, print: (line: string) => void): () => void {
  let said = false;
  return () => {
    if (said || !mind.health) return;
    const health = mind.health();
    if (!health.alert) return;
    said = true;
    print(`⚠ ${alertMessage(health.alert, totalRuns(health.lastHour.all))}`);
  };
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** The summary's row about the model's answers (`headline`) and the lines under the summary (per task, the warning). */
export function formatRunHealth(h: RunHealth): { headline: string; details: string[] } {
  if (h.runs === 0) return { headline: 'no task ran yet', details: [] };
  const s = h.shares;
  const headline = `${h.runs} task runs: ${pct(s.usable)} usable (${pct(s.ok)} ok, ${pct(s.repaired)} repaired, ${pct(s.retried)} retried) · ${pct(s.failSafe)} fail-safe${h.failSafeHeavy ? '  ⚠' : ''}`;
  const lines = ['', '  model answers by task:'];
  for (const [task, c] of Object.entries(h.counts.byTask)) {
    const t = sharesOf(c);
    lines.push(`    ${task.padEnd(18)} ${String(totalRuns(c)).padStart(5)} runs  ${pct(t.usable).padStart(4)} usable  ${pct(t.failSafe).padStart(4)} fail-safe`);
  }
  if (h.failSafeHeavy) {
    const why = h.alert ? alertMessage(h.alert) : `${pct(s.failSafe)} of the model's answers were unusable: the town ran on fail-safes (routine plans, default importance).`;
    lines.push('', `  ⚠ ${why}`);
  }
  return { headline, details: lines };
}
