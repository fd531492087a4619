/**
 * The experiment panel: the report's charts for the town on screen, live while it runs and in a
 * replay (figures up to the step shown), from the server's `experiment` request; and a cost meter
 * in the sidebar: model calls and tokens per agent per game hour against the budget. The charts
 * are the very Vega-Lite specs of the report (server/experiments/charts.ts), drawn by vega.
 */
import type { HamletApp } from '../app';
import { barsSpec, costSpec, diffusionSpec, networkSpec, type ChartSpec } from '../../../server/experiments/charts';
import type { LiveExperiment } from '../../../server/experiments/live';
import { byId, h } from './dom';

const METER_EVERY_MS = 15_000;
/**
 * After a new snapshot (a seek in a replay) the figures are asked for once seeking has paused this
 * long: each answer costs the server a read of the run up to the step shown (0.2–0.4 s for 2 game
 * days of 25 people), which held up the next seek while the slider was dragged (a seek every 150 ms).
 */
const AFTER_SEEK_MS = 1_000;
const CHARTS_EVERY_MS = 5_000;
const CHART_WIDTH = 400;

/** Renders a Vega-Lite spec as SVG into an element (vega loaded on first use: it is big). */
async function draw(el: HTMLElement, spec: ChartSpec): Promise<void> {
  const [vega, vl] = await Promise.all([import('vega'), import('vega-lite')]);
  const compiled = vl.compile(spec as never).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  el.innerHTML = svg;
}

const fmt = (n: number) => (n >= 1000 ? `${(n / 1000).toFixed(1)}k` : n.toFixed(n < 10 ? 1 : 0));

export function meterText(x: LiveExperiment): { text: string; over: boolean } {
  const { callsPerAgentHour: calls, tokensPerAgentHour: tokens, budget } = x.cost;
  const over = calls > budget.calls || tokens > budget.tokens;
  return { text: `${over ? '⚠' : '✓'} ${fmt(calls)} calls · ${fmt(tokens)} tokens per agent per game hour (budget ≤ ${budget.calls} · ≤ ${fmt(budget.tokens)})`, over };
}

export function mountExperimentPanel(app: HamletApp): void {
  const root = byId('experiment-panel');
  const meter = h('div', { class: 'cost-meter', id: 'cost-meter', title: 'Model calls and tokens per agent per game hour, this run so far (measuring interviews left out)' }, 'cost: …');
  const open = h('button', { type: 'button', id: 'experiment-open', title: 'Diffusion, relationships, attendance and cost charts for this run' }, '📊 Experiment');
  root.append(h('h2', null, 'Experiment'), open, meter);

  const charts = h('div', { id: 'experiment-charts', class: 'experiment-charts', hidden: true });
  document.body.append(charts);
  let timer: ReturnType<typeof setInterval> | null = null;
  let busy = false;

  const fetchFigures = async (): Promise<LiveExperiment | null> => {
    const answer = await app.client.request('experiment', {});
    if (!answer.ok) {
      meter.textContent = `cost: ${answer.error}`;
      return null;
    }
    const m = meterText(answer.experiment);
    meter.textContent = m.text;
    meter.classList.toggle('over', m.over);
    return answer.experiment;
  };

  const render = async () => {
    if (busy) return;
    busy = true;
    try {
      const x = await fetchFigures();
      if (!x || charts.hidden) return;
      const close = h('button', { type: 'button', class: 'close', title: 'Close' }, '✖');
      close.addEventListener('click', () => hide());
      const head = h(
        'div',
        { class: 'head' },
        h('strong', null, x.scenario ? x.scenario.title : 'This run'),
        h('span', { class: 'sub' }, ` · ${x.condition} · ${x.hours.toFixed(1)} game hours · step ${x.step} · density ${x.network.densityStart.toFixed(2)} → ${x.network.density.toFixed(2)} · ${x.conversationsPerAgentDay.toFixed(1)} conversations and ${x.reflectionsPerAgentDay.toFixed(1)} reflections per agent per day`),
        close,
      );
      const boxes: [string, ChartSpec][] = [];
      if (x.diffusion.length) boxes.push(['diffusion', { ...diffusionSpec(x.diffusion, 'Who knows (by memory)', 'the first memory that mentions it; the report adds interviews'), width: CHART_WIDTH }]);
      boxes.push(['network', networkSpec(x.agents, x.network.edges, `Who knows whom now (density ${x.network.density.toFixed(2)})`, 300)]);
      if (x.attendance.length) boxes.push(['attendance', barsSpec(x.attendance, 'Attendance at the gathering')]);
      boxes.push(['cost', { ...costSpec(x.cost.perHour), width: CHART_WIDTH }]);
      const els = boxes.map(([name]) => h('div', { class: 'chart', 'data-chart': name }));
      await Promise.all(boxes.map(([, spec], i) => draw(els[i], spec)));
      charts.replaceChildren(head, ...els);
      charts.dataset.step = String(x.step);
    } catch (err) {
      meter.textContent = `cost: ${(err as Error).message}`;
    } finally {
      busy = false;
    }
  };

  const hide = () => {
    charts.hidden = true;
    if (timer) clearInterval(timer);
    timer = setInterval(() => void fetchFigures().catch(() => undefined), METER_EVERY_MS);
  };
  open.addEventListener('click', () => {
    if (!charts.hidden) return hide();
    charts.hidden = false;
    charts.replaceChildren(h('div', { class: 'head' }, 'drawing the charts…'));
    void render();
    if (timer) clearInterval(timer);
    timer = setInterval(() => void render(), CHARTS_EVERY_MS);
  });
  // The meter from the first snapshot on, and again once a replay's seeking pauses.
  let firstSnapshot = true;
  let afterSeek: ReturnType<typeof setTimeout> | null = null;
  const refresh = () => void (charts.hidden ? fetchFigures().catch(() => undefined) : render());
  app.client.on('snapshot', () => {
    if (afterSeek) clearTimeout(afterSeek);
    afterSeek = null;
    if (firstSnapshot) {
      firstSnapshot = false;
      return refresh();
    }
    afterSeek = setTimeout(() => {
      afterSeek = null;
      refresh();
    }, AFTER_SEEK_MS);
  });
  timer = setInterval(() => void fetchFigures().catch(() => undefined), METER_EVERY_MS);
}
