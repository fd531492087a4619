/**
 * The minds' health next to the mind badge: "✓ 97% usable" or "⚠ 64% fail-safe" over the last
 * game hour, the per-task details on hover (title) and click (a small panel), and — once per page
 * — a plain notice when fail-safes first dominate, with the likely cause. A town whose model
 * answers nothing usable runs on fail-safes (routine plans, importance 4) and would otherwise look
 * normal. The rule-based mind has no health (its badge already says so): nothing is shown.
 */
import type { HealthCounts, HealthWindow, MindHealth } from '../../../server/net/protocol';
import type { HamletApp } from '../app';
import { byId, h } from './dom';

function runs(c: HealthCounts): number {
  return c.ok + c.repaired + c.retried + c.failSafe;
}

function pct(part: number, whole: number): string {
  return whole ? `${Math.round((part / whole) * 100)}%` : '–';
}

/** The counts the badge speaks of: the last game hour, or the whole run while the hour is empty. */
function shownWindow(health: MindHealth): { window: HealthWindow; label: string } {
  return runs(health.lastHour.all) > 0 ? { window: health.lastHour, label: 'last game hour' } : { window: health.run, label: 'whole run' };
}

/** Badge text and tone for a health report. */
export function healthLabel(health: MindHealth): { text: string; tone: 'ok' | 'warn' | 'none' } {
  const { window } = shownWindow(health);
  const all = window.all;
  const n = runs(all);
  if (n === 0) return { text: '… no model answers yet', tone: 'none' };
  if (health.failSafeHeavy) return { text: `⚠ ${pct(all.failSafe, n)} fail-safe`, tone: 'warn' };
  return { text: `✓ ${pct(all.ok + all.repaired + all.retried, n)} usable`, tone: 'ok' };
}

/** One line per task for the tooltip. */
function taskLines(window: HealthWindow): string[] {
  return Object.entries(window.byTask).map(([task, c]) => `${task}: ${runs(c)} runs, ${pct(c.ok + c.repaired + c.retried, runs(c))} usable, ${pct(c.failSafe, runs(c))} fail-safe`);
}

function table(window: HealthWindow): HTMLTableElement {
  const row = (name: string, c: HealthCounts, cls?: string) =>
    h(
      'tr',
      { class: cls },
      h('th', null, name),
      h('td', null, runs(c)),
      h('td', null, pct(c.ok, runs(c))),
      h('td', null, pct(c.repaired, runs(c))),
      h('td', null, pct(c.retried, runs(c))),
      h('td', { class: c.failSafe && c.failSafe * 10 >= runs(c) * 3 ? 'bad' : undefined }, pct(c.failSafe, runs(c))),
    );
  return h(
    'table',
    null,
    h('thead', null, h('tr', null, h('th', null, 'task'), h('th', null, 'runs'), h('th', null, 'ok'), h('th', null, 'repaired'), h('th', null, 'retried'), h('th', null, 'fail-safe'))),
    h('tbody', null, ...Object.entries(window.byTask).map(([task, c]) => row(task, c)), row('all', window.all, 'total')),
  );
}

/** The words of the alert (the server's cause text after them). */
export function alertText(health: MindHealth): string | null {
  const alert = health.alert;
  if (!alert) return null;
  return `${Math.round(alert.failSafeShare * 100)}% of the model's answers over the last game hour were unusable: the town runs on fail-safes (routine plans, default importance). Likely cause: ${alert.cause}.`;
}

/** A small "fallback" tag for inspector rows whose value is a fail-safe default, not the model's. */
export function fallbackTag(what: string): HTMLElement {
  return h('span', { class: 'fallback-tag', title: `${what} is the fail-safe default: the model gave no usable answer for it` }, 'fallback');
}

export function mountHealthBadge(app: HamletApp): void {
  const { client } = app;
  const mind = byId('mind-badge');
  const badge = h('button', { id: 'health-badge', type: 'button', class: 'badge health none', hidden: true, 'aria-expanded': 'false' });
  mind.after(badge);
  const panel = h('div', { id: 'health-details', class: 'health-details', hidden: true, role: 'dialog', 'aria-label': 'Model answers by task' });
  const notice = h('div', { id: 'health-alert', class: 'health-alert', role: 'alert', hidden: true });
  document.body.append(panel, notice);
  let current: MindHealth | null = null;
  /** The alert is said once per page (its badge stays ⚠ while fail-safes dominate). */
  let alertSaid = false;

  const renderPanel = () => {
    if (!current || panel.hidden) return;
    const { window: shown, label } = shownWindow(current);
    const failures = Object.entries(current.failures);
    const parts: (Node | null)[] = [
      h('h4', null, `Model answers — ${label}`),
      table(shown),
      failures.length ? h('p', { class: 'sub' }, `Why the fail-safes: ${failures.map(([k, n]) => `${k} ${n}`).join(', ')}`) : null,
      current.alert ? h('p', { class: 'cause' }, `⚠ ${alertText(current)}`) : null,
      label === 'last game hour' ? h('h4', null, 'Whole run') : null,
      label === 'last game hour' ? table(current.run) : null,
      h('p', { class: 'sub' }, 'ok: used as written · repaired: fixed JSON or values · retried: usable after asking again · fail-safe: no usable answer, a default was used'),
    ];
    panel.replaceChildren(...parts.filter((p): p is Node => p !== null));
    const r = badge.getBoundingClientRect();
    panel.style.top = `${Math.round(r.bottom + 6)}px`;
    panel.style.right = `${Math.max(8, Math.round(window.innerWidth - r.right))}px`;
  };

  const show = (health: MindHealth | null) => {
    current = health;
    if (!health) {
      badge.hidden = true;
      panel.hidden = true;
      return;
    }
    const { text, tone } = healthLabel(health);
    badge.hidden = false;
    badge.textContent = text;
    badge.className = `badge health ${tone}`;
    const { window: w, label } = shownWindow(health);
    badge.title = [`Model answers (${label}), click for details:`, ...taskLines(w)].join('\n');
    renderPanel();
    const said = alertText(health);
    if (said && !alertSaid) {
      alertSaid = true;
      notice.replaceChildren(h('span', null, `⚠ ${said}`), h('button', { type: 'button', class: 'close', title: 'Dismiss' }, '✕'));
      notice.hidden = false;
    }
  };

  badge.addEventListener('click', () => {
    panel.hidden = !panel.hidden;
    badge.setAttribute('aria-expanded', String(!panel.hidden));
    renderPanel();
  });
  notice.addEventListener('click', (e) => {
    if ((e.target as HTMLElement).closest('.close')) notice.hidden = true;
  });
  const closePanel = () => {
    panel.hidden = true;
    badge.setAttribute('aria-expanded', 'false');
  };
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && !panel.hidden) closePanel();
  });
  // A click elsewhere closes the details (they cover part of the page).
  document.addEventListener('pointerdown', (e) => {
    const target = e.target as Node;
    if (!panel.hidden && !panel.contains(target) && !badge.contains(target)) closePanel();
  });

  client.on('snapshot', (state) => show(state.health));
  client.on('health', (health) => show(health));
}
