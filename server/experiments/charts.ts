/**
 * The experiment's charts as Vega-Lite specs, built from plain rows. Pure (no Node, no DOM): the
 * report renders them to SVG in Node with vega (report.ts), and the page renders the very same
 * specs in the browser (client/src/ui/experimentPanel.ts).
 */

/** A Vega-Lite spec (kept loose: vega-lite's own types are checked where specs are compiled). */
export type ChartSpec = Record<string, unknown>;

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** The paper's figures (Park et al., 2023; 25 agents, 2 game days). */
export const PAPER = {
  agents: 25,
  hours: 48,
  party: { start: 1 / 25, end: 12 / 25 },
  election: { start: 1 / 25, end: 8 / 25 },
  density: { start: 0.167, end: 0.74 },
  attendance: { invited: 12, came: 5 },
} as const;

/** The model-call budget per agent per (waking) game hour (shared/tasks.md). */
export const BUDGET = { calls: 15, tokens: 8000, stretchCalls: 8, stretchTokens: 4000 } as const;

export interface DiffusionRow {
  series: string;
  fact: string;
  method: 'interview' | 'memory';
  hour: number;
  share: number;
}

const base = (width = 420, height = 240) => ({ $schema: SCHEMA, width, height, background: 'white', config: { font: 'sans-serif', view: { stroke: null } } });

export function diffusionSpec(rows: DiffusionRow[], title = 'Diffusion: share of agents who know', subtitle = 'solid: by interview (judged) · dashed: by memory (provenance)'): ChartSpec {
  return {
    ...base(),
    title: { text: title, subtitle },
    data: { values: rows },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'hour', type: 'quantitative', title: 'game hours since the start' },
      y: { field: 'share', type: 'quantitative', title: 'share of agents', scale: { domain: [0, 1] }, axis: { format: '%' } },
      color: { field: 'series', type: 'nominal', title: null, legend: { orient: 'bottom', columns: 1, labelLimit: 400 } },
      strokeDash: { field: 'method', type: 'nominal', legend: null, scale: { domain: ['interview', 'memory'], range: [[1, 0], [5, 3]] } },
      tooltip: [{ field: 'series' }, { field: 'method' }, { field: 'hour', format: '.1f' }, { field: 'share', format: '.0%' }],
    },
  };
}

export interface NetworkNode {
  id: string;
  name: string;
}

/** A relationship graph: people on a circle, a line for each pair who know each other. */
export function networkSpec(nodes: NetworkNode[], edges: { a: string; b: string }[], title: string, size = 300): ChartSpec {
  const pos = new Map(nodes.map((n, i) => [n.id, { x: Math.cos((2 * Math.PI * i) / Math.max(1, nodes.length) - Math.PI / 2), y: Math.sin((2 * Math.PI * i) / Math.max(1, nodes.length) - Math.PI / 2) }]));
  const lines = edges.filter((e) => pos.has(e.a) && pos.has(e.b)).map((e) => ({ x: pos.get(e.a)!.x, y: pos.get(e.a)!.y, x2: pos.get(e.b)!.x, y2: pos.get(e.b)!.y, pair: `${e.a} – ${e.b}` }));
  const points = nodes.map((n) => ({ ...pos.get(n.id)!, name: n.name.split(' ')[0] }));
  const scale = { domain: [-1.35, 1.35] };
  const axis = null;
  return {
    ...base(size, size),
    title,
    layer: [
      {
        data: { values: lines },
        mark: { type: 'rule', opacity: 0.35, color: '#4a6fa5' },
        encoding: { x: { field: 'x', type: 'quantitative', scale, axis }, y: { field: 'y', type: 'quantitative', scale, axis }, x2: { field: 'x2' }, y2: { field: 'y2' }, tooltip: [{ field: 'pair' }] },
      },
      {
        data: { values: points },
        mark: { type: 'circle', size: 60, color: '#c0504d', opacity: 1 },
        encoding: { x: { field: 'x', type: 'quantitative', scale, axis }, y: { field: 'y', type: 'quantitative', scale, axis }, tooltip: [{ field: 'name' }] },
      },
      {
        data: { values: points },
        mark: { type: 'text', dy: -9, fontSize: 9 },
        encoding: { x: { field: 'x', type: 'quantitative', scale, axis }, y: { field: 'y', type: 'quantitative', scale, axis }, text: { field: 'name' } },
      },
    ],
  };
}

export interface CountRow {
  series: string;
  group: string;
  count: number;
}

/** Grouped bars of counts (attendance: invited, came, invited and came). */
export function barsSpec(rows: CountRow[], title: string, yTitle = 'agents'): ChartSpec {
  return {
    ...base(360, 220),
    title,
    data: { values: rows },
    mark: 'bar',
    encoding: {
      x: { field: 'group', type: 'nominal', title: null, sort: null, axis: { labelAngle: 0 } },
      xOffset: { field: 'series', type: 'nominal', sort: null },
      y: { field: 'count', type: 'quantitative', title: yTitle },
      color: { field: 'series', type: 'nominal', title: null, sort: null, legend: { orient: 'bottom', columns: 1, labelLimit: 400 } },
      tooltip: [{ field: 'series' }, { field: 'group' }, { field: 'count', format: '.3~f' }],
    },
  };
}

export interface CostRow {
  series: string;
  hour: number;
  calls: number;
  tokens: number;
}

/** Model calls per agent per game hour, with the budget as a rule. */
export function costSpec(rows: CostRow[], title = 'Model calls per agent per game hour'): ChartSpec {
  return {
    ...base(420, 200),
    title,
    layer: [
      {
        data: { values: rows },
        mark: { type: 'line', interpolate: 'step-after' },
        encoding: {
          x: { field: 'hour', type: 'quantitative', title: 'game hour' },
          y: { field: 'calls', type: 'quantitative', title: 'calls per agent' },
          color: { field: 'series', type: 'nominal', title: null, legend: { orient: 'bottom', columns: 1, labelLimit: 400 } },
          tooltip: [{ field: 'series' }, { field: 'hour' }, { field: 'calls', format: '.1f' }, { field: 'tokens', format: ',.0f' }],
        },
      },
      {
        data: { values: [{ budget: BUDGET.calls, label: `budget ${BUDGET.calls} calls / waking hour` }] },
        layer: [
          { mark: { type: 'rule', color: '#c0504d', strokeDash: [4, 3] }, encoding: { y: { field: 'budget', type: 'quantitative' } } },
          { mark: { type: 'text', align: 'left', dx: 4, dy: -6, color: '#c0504d', fontSize: 10, x: 0 }, encoding: { y: { field: 'budget', type: 'quantitative' }, text: { field: 'label' } } },
        ],
      },
    ],
  };
}
