/**
 * 📂 Runs (the page of `hamlet start` only): the stored runs of the server's data folder — name,
 * map, people, steps, game time span, size, last modified — each with ▶ Replay, which asks the
 * server to serve that run in replay on a port of its own and opens it in a new tab (with the
 * controller token, which opening needs). See server/net/runRoutes.ts.
 */
import type { HamletApp } from '../app';
import type { RunSummary } from '../../../server/net/protocol';
import { h } from './dom';
import { shortDateTime } from './format';

const megabytes = (n: number) => `${(n / 1e6).toFixed(n < 1e7 ? 1 : 0)} MB`;

export function mountRunList(app: HamletApp): void {
  // An icon only: the top bar is full at laptop widths.
  const button = h('button', { id: 'runs-button', type: 'button', title: 'Stored runs: open one in replay', 'aria-label': 'Stored runs', hidden: true }, '📂');
  document.getElementById('controls')?.append(button);
  const list = h('div', { id: 'runs-list' });
  const error = h('p', { id: 'runs-error', class: 'error', role: 'alert', hidden: true });
  const close = h('button', { id: 'runs-close', type: 'button', title: 'Close' }, '✕');
  const panel = h('section', { id: 'runs-panel', hidden: true }, h('header', null, h('h2', null, '📂 Stored runs'), close), error, list);
  document.body.append(panel);

  // Only a live town's server lists runs (a replay, or a static site, has no data folder to show).
  app.client.on('snapshot', (state) => (button.hidden = state.replay !== null));

  const fail = (message: string) => {
    error.textContent = message;
    error.hidden = false;
  };

  const open = async (run: RunSummary, row: HTMLElement) => {
    error.hidden = true;
    const token = sessionStorage.getItem('hamlet-token');
    if (!token) return fail('Opening a run needs the controller link printed by "hamlet start" (or 🔑 Control).');
    const response = await fetch('runs/open', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Hamlet-Token': token }, body: JSON.stringify({ name: run.name }) }).catch(() => null);
    const answer = (await response?.json().catch(() => null)) as { port?: number; error?: string } | null;
    if (!response?.ok || !answer?.port) return fail(answer?.error ?? 'the server did not answer');
    const url = `${location.protocol}//${location.hostname}:${answer.port}/#token=${encodeURIComponent(token)}`;
    row.querySelector('.opened')?.remove();
    row.querySelector('.actions')?.append(h('a', { class: 'opened', href: url, target: '_blank', rel: 'noopener' }, 'open ↗'));
    window.open(url, '_blank', 'noopener');
  };

  const render = (runs: RunSummary[]) => {
    if (!runs.length) return list.replaceChildren(h('p', { class: 'empty' }, 'No stored runs in the data folder yet.'));
    const head = h('tr', null, ...['run', 'map', 'people', 'steps', 'game time', 'size', 'modified', ''].map((t) => h('th', null, t)));
    const rows = runs.map((run) => {
      const row = h(
        'tr',
        { 'data-run': run.name },
        h('td', { class: 'name', title: run.file }, run.name),
        ...(run.error
          ? [h('td', { colspan: '4', class: 'error' }, run.error)]
          : [
              h('td', null, run.world ?? ''),
              h('td', null, String(run.agents ?? '')),
              h('td', null, String(run.steps ?? '')),
              h('td', null, run.startTime !== undefined && run.endTime !== undefined ? `${shortDateTime(run.startTime)} → ${shortDateTime(run.endTime)}` : ''),
            ]),
        h('td', null, megabytes(run.bytes)),
        h('td', null, new Date(run.modified).toLocaleString()),
        h('td', { class: 'actions' }),
      );
      if (!run.error) {
        const replay = h('button', { type: 'button', class: 'replay' }, '▶ Replay');
        replay.addEventListener('click', () => void open(run, row));
        row.querySelector('.actions')!.append(replay);
      }
      return row;
    });
    list.replaceChildren(h('table', null, h('thead', null, head), h('tbody', null, ...rows)));
  };

  const show = async () => {
    panel.hidden = false;
    error.hidden = true;
    list.replaceChildren(h('p', { class: 'empty' }, 'Loading…'));
    const response = await fetch('runs.json').catch(() => null);
    const answer = (await response?.json().catch(() => null)) as { runs?: RunSummary[]; error?: string } | null;
    if (!response?.ok || !answer?.runs) return fail(answer?.error ?? 'the server did not list its runs');
    render(answer.runs);
  };
  button.addEventListener('click', () => (panel.hidden ? void show() : (panel.hidden = true)));
  close.addEventListener('click', () => (panel.hidden = true));
}
