/**
 * The report folder of an experiment: index.html (Hamlet's figures beside the paper's, the
 * charts, the believability answers), one SVG per chart (Vega-Lite specs from charts.ts rendered
 * in Node by vega), results.json (everything measured), believability.csv (for human raters) and
 * facts.csv (every fact interview with its judgment).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { ABLATION_LABELS, type Ablation } from '../mind/generative/ablation';
import { barsSpec, costSpec, diffusionSpec, networkSpec, PAPER, type ChartSpec, type CostRow, type CountRow, type DiffusionRow } from './charts';
import type { ExperimentResults, RunResult } from './experiment';
import { believabilityCsv } from './interviews';

/** Renders a Vega-Lite spec to an SVG text (headless: no browser, no canvas). */
export async function renderSvg(spec: ChartSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec as unknown as TopLevelSpec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

const label = (r: RunResult, runs: number) => `${ABLATION_LABELS[r.condition as Ablation] ?? r.condition}${runs > 1 ? ` · run ${r.run + 1}` : ''}`;

/** The charts of an experiment, by file name. */
export function reportCharts(results: ExperimentResults): Record<string, ChartSpec> {
  const runsPer = Math.max(...results.runs.map((r) => r.run + 1), 1);
  const diffusion: DiffusionRow[] = results.runs.flatMap((r) =>
    r.facts.flatMap((f) =>
      f.curve.flatMap((p) => [
        ...(p.byInterview !== null ? [{ series: `${f.label} · ${label(r, runsPer)}`, fact: f.id, method: 'interview' as const, hour: p.hour, share: p.byInterview / p.agents }] : []),
        { series: `${f.label} · ${label(r, runsPer)}`, fact: f.id, method: 'memory' as const, hour: p.hour, share: p.byMemory / p.agents },
      ]),
    ),
  );
  const first = results.runs[0];
  const charts: Record<string, ChartSpec> = { 'diffusion.svg': diffusionSpec(diffusion) };
  if (first) {
    const net = (n: RunResult['network']['start']) => n.byInterview ?? n.byMemory;
    const how = (n: RunResult['network']['start']) => (n.byInterview ? 'by interview' : 'by memory');
    charts['network-start.svg'] = networkSpec(first.agents, net(first.network.start).edges, `Who knows whom at the start (${how(first.network.start)}, density ${net(first.network.start).density.toFixed(2)})`);
    charts['network-end.svg'] = networkSpec(first.agents, net(first.network.end).edges, `… and at the end (${how(first.network.end)}, density ${net(first.network.end).density.toFixed(2)})`);
  }
  const att: CountRow[] = results.runs.flatMap((r) =>
    r.attendance
      ? [
          { series: label(r, runsPer), group: 'invited', count: r.attendance.invited.length },
          { series: label(r, runsPer), group: 'came', count: r.attendance.attendees.length },
          { series: label(r, runsPer), group: 'invited and came', count: r.attendance.invitedAttending.length },
        ]
      : [],
  );
  if (att.length) charts['attendance.svg'] = barsSpec([...att, { series: 'paper', group: 'invited', count: PAPER.attendance.invited }, { series: 'paper', group: 'invited and came', count: PAPER.attendance.came }], 'Attendance at the gathering');
  const comparison: CountRow[] = results.runs.flatMap((r) => [
    ...r.facts.map((f) => ({ series: label(r, runsPer), group: `knew: ${f.id}`, count: shareAtEnd(r, f.id) })),
    { series: label(r, runsPer), group: 'network density', count: (r.network.end.byInterview ?? r.network.end.byMemory).density },
  ]);
  charts['ablations.svg'] = barsSpec(comparison, 'Conditions compared at the end', 'share');
  if (results.ranking.length) {
    const ranked = results.ranking.map((k) => ({ series: ABLATION_LABELS[k.condition as Ablation] ?? k.condition, group: 'believability', count: k.mu }));
    charts['believability.svg'] = barsSpec(ranked, `Believability ranked by the model judge (openskill μ, ${results.ranking[0].matches} comparisons)`, 'μ');
  }
  const cost: CostRow[] = results.runs.flatMap((r) => r.cost.perHour.map((h) => ({ series: label(r, runsPer), hour: h.hour, calls: h.callsPerAgent, tokens: h.tokensPerAgent })));
  charts['cost.svg'] = costSpec(cost);
  return charts;
}

/** Share of agents who know a fact at the end: by interview when asked, else by memory. */
export function shareAtEnd(r: RunResult, factId: string): number {
  const p = r.facts.find((f) => f.id === factId)?.curve.at(-1);
  if (!p) return 0;
  return (p.byInterview ?? p.byMemory) / p.agents;
}

function shareAtStart(r: RunResult, factId: string): number {
  const p = r.facts.find((f) => f.id === factId)?.curve[0];
  if (!p) return 0;
  return (p.byInterview ?? p.byMemory) / p.agents;
}

const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Rows of the figures table: [figure, paper, one cell per run]. */
export function figuresTable(results: ExperimentResults): { head: string[]; rows: string[][] } {
  const runsPer = Math.max(...results.runs.map((r) => r.run + 1), 1);
  const head = ['figure', 'paper (25 agents, 2 days)', ...results.runs.map((r) => label(r, runsPer))];
  const rows: string[][] = [];
  const cells = (fn: (r: RunResult) => string) => results.runs.map(fn);
  const factIds = [...new Set(results.runs.flatMap((r) => r.facts.map((f) => f.id)))];
  for (const id of factIds) {
    const paper = id === 'party' ? PAPER.party : id === 'election' ? PAPER.election : null;
    const name = results.runs.flatMap((r) => r.facts).find((f) => f.id === id)?.label ?? id;
    rows.push([`${name}: knew at the start → at the end`, paper ? `${pct(paper.start)} → ${pct(paper.end)}` : '—', ...cells((r) => `${pct(shareAtStart(r, id))} → ${pct(shareAtEnd(r, id))}`)]);
    rows.push([`${name}: at the end by memory (who told them)`, '—', ...cells((r) => { const p = r.facts.find((f) => f.id === id)?.curve.at(-1); return p ? `${p.byMemory} of ${p.agents} (${conversationShare(r, id)})` : '—'; })]);
  }
  rows.push(['network density, start → end', `${PAPER.density.start} → ${PAPER.density.end}`, ...cells((r) => `${(r.network.start.byInterview ?? r.network.start.byMemory).density.toFixed(3)} → ${(r.network.end.byInterview ?? r.network.end.byMemory).density.toFixed(3)}${r.network.end.byInterview ? ' (interview)' : ' (memory)'}`)]);
  rows.push(['network density by memory, start → end', '—', ...cells((r) => `${r.network.start.byMemory.density.toFixed(3)} → ${r.network.end.byMemory.density.toFixed(3)}`)]);
  const gathering = results.scenario.gathering;
  if (gathering || results.runs.some((r) => r.attendance)) {
    const notReached = gathering ? `not reached: the run ends before ${gathering.from.replace('T', ' ')}` : '—';
    rows.push(['invited who came to the gathering', `${PAPER.attendance.came} of ${PAPER.attendance.invited}`, ...cells((r) => (r.attendance ? `${r.attendance.invitedAttending.length} of ${r.attendance.invited.length} (${r.attendance.attendees.length} there in all)` : notReached))]);
  }
  rows.push(['conversations per agent per game day', '—', ...cells((r) => perDay(r, 'conversations'))]);
  rows.push(['reflections per agent per game day', '—', ...cells((r) => perDay(r, 'reflections'))]);
  rows.push(['model calls per agent per game hour', '≈ 54 (reference code, waking hour)', ...cells((r) => r.cost.callsPerAgentHour.toFixed(1))]);
  rows.push(['tokens per agent per game hour', '≈ 26k (reference code, waking hour)', ...cells((r) => Math.round(r.cost.tokensPerAgentHour).toLocaleString('en-US'))]);
  if (results.ranking.length) rows.push(['believability rank (model judge, openskill)', 'full > no reflection > no planning > no observation', ...cells((r) => { const i = results.ranking.findIndex((k) => k.condition === r.condition); return i < 0 ? '—' : `#${i + 1} (μ ${results.ranking[i].mu.toFixed(1)})`; })]);
  return { head, rows };
}

function conversationShare(r: RunResult, factId: string): string {
  const prov = r.facts.find((f) => f.id === factId)?.provenance ?? [];
  const told = prov.filter((p) => p.kind === 'conversation').length;
  return `${told} told in a conversation`;
}

function perDay(r: RunResult, key: 'conversations' | 'reflections'): string {
  const days = Math.max(r.hours / 24, 1e-9);
  const total = r.activity.reduce((s, a) => s + a[key], 0);
  return (total / Math.max(r.agents.length, 1) / days).toFixed(2);
}

export interface WrittenReport {
  dir: string;
  files: string[];
}

/** Writes the report folder. */
export async function writeReport(results: ExperimentResults, dir: string): Promise<WrittenReport> {
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    files.push(name);
  };
  const charts = reportCharts(results);
  for (const [name, spec] of Object.entries(charts)) {
    write(name, await renderSvg(spec));
    write(name.replace(/\.svg$/, '.vl.json'), `${JSON.stringify(spec, null, 1)}\n`);
  }
  write('results.json', `${JSON.stringify(results, null, 1)}\n`);
  write('believability.csv', believabilityCsv(results.runs.flatMap((r) => r.believability)));
  write('facts.csv', factsCsv(results));
  write('index.html', html(results, Object.keys(charts)));
  return { dir, files };
}

function factsCsv(results: ExperimentResults): string {
  const cell = (v: string | number | boolean) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  const rows: (string | number | boolean)[][] = [['condition', 'run', 'fact', 'step', 'agent', 'knows', 'judge', 'answer', 'memory_source', 'memory_step', 'told_by']];
  for (const r of results.runs) {
    for (const f of r.facts) {
      const prov = new Map(f.provenance.map((p) => [p.agentId, p]));
      for (const j of f.judgments) {
        const p = prov.get(j.agentId);
        rows.push([r.condition, r.run + 1, f.id, j.step, j.agentId, j.knows, j.judge, j.answer, p?.kind ?? '', p?.step ?? '', p?.from ?? '']);
      }
    }
  }
  return `${rows.map((row) => row.map(cell).join(',')).join('\n')}\n`;
}

function html(results: ExperimentResults, charts: string[]): string {
  const table = figuresTable(results);
  const s = results.scenario;
  const img = (name: string) => `<figure><img src="${name}" alt="${esc(name)}"><figcaption><a href="${name.replace(/\.svg$/, '.vl.json')}">Vega-Lite spec</a></figcaption></figure>`;
  const byAgent = new Map(results.runs.flatMap((r) => r.agents.map((a) => [a.id, a.name] as const)));
  const sample = results.runs.flatMap((r) => r.believability.filter((b) => b.agentId === r.agents[0]?.id).map((b) => ({ ...b, label: label(r, 1) })));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Hamlet experiment: ${esc(s.title)}</title>
<style>
body { font: 14px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 1100px; padding: 0 1em; color: #222; }
table { border-collapse: collapse; margin: 1em 0; } th, td { border: 1px solid #ccc; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f3f3f3; } figure { display: inline-block; margin: 0.5em; } figcaption { font-size: 11px; color: #666; }
.charts { display: flex; flex-wrap: wrap; } .muted { color: #666; }
</style></head><body>
<h1>${esc(s.title)}</h1>
<p class="muted">Scenario <code>${esc(s.name)}</code> (${esc(s.file)}) · start ${esc(s.start)} · ${results.runs[0]?.hours.toFixed(1) ?? s.hours} game hours · ${results.runs[0]?.agents.length ?? 0} agents · model: ${esc(results.model)}</p>
<h2>Hamlet beside the paper</h2>
<table><tr>${table.head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>
${table.rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('\n')}</table>
<p class="muted">Knowing a fact: by interview (a fixed question, the answer judged by the model against the scenario's criterion; a word check where no judgment could be had) and by memory (the first memory that mentions it; "told in a conversation" when that memory is a conversation). Density: pairs who know each other (either way) over all pairs, 2|E|/(n(n−1)). Cost leaves out the measuring interviews.</p>
<h2>Charts</h2>
<div class="charts">${charts.map(img).join('\n')}</div>
<h2>Believability interviews</h2>
<p>All answers per agent and condition: <a href="believability.csv">believability.csv</a> (for human raters); every fact interview with its judgment and memory provenance: <a href="facts.csv">facts.csv</a>; everything measured: <a href="results.json">results.json</a>.</p>
<table><tr><th>condition</th><th>category</th><th>question to ${esc(byAgent.get(results.runs[0]?.agents[0]?.id ?? ('' as never)) ?? '')}</th><th>answer</th></tr>
${sample.map((b) => `<tr><td>${esc(b.label)}</td><td>${esc(b.category)}</td><td>${esc(b.question)}</td><td>${esc(b.answer)}</td></tr>`).join('\n')}</table>
</body></html>
`;
}
