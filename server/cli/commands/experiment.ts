/**
 * `hamlet experiment <scenario>`: runs a scenario (maps/scenarios/<name>.scenario.json) under one
 * or more conditions (ablations) and runs, or measures a stored run with --db, and writes a report
 * folder (index.html with Hamlet's figures beside the paper's, SVG charts, CSV and JSON).
 */
import { join } from 'node:path';
import { ABLATIONS, ABLATION_LABELS, parseAblation, type Ablation } from '../../mind/generative/ablation';
import { experimentSteps, measureStoredRun, runExperiment, checkScenarioTown, type ExperimentProgress, type ExperimentResults } from '../../experiments/experiment';
import { figuresTable, writeReport } from '../../experiments/report';
import { loadScenario, ScenarioError } from '../../experiments/scenario';
import { NEEDS_A_MODEL } from '../../net/requests/interviewDesk';
import { boolOpt, numberOpt, stringOpt, UsageError, type CommandSpec, type ParsedArgs } from '../args';
import { mindFactoryFor } from '../minds';
import { chooseModels, modelConfig, modelOptionSpecs } from '../models';
import { ProgressBar } from '../progress';
import { openRunCopy } from './interview';

export const experimentCommand: CommandSpec = {
  name: 'experiment',
  summary: 'run a scenario (or measure a stored run) and write a report beside the paper\'s figures',
  usage: 'hamlet experiment <scenario> [--ablate A[,B…]|all] [--runs N] [--db FILE] [--out DIR] [model flags]',
  details: [
    'Runs the scenario (a name from maps/scenarios, or a path to a .scenario.json file) with the generative',
    'mind, interviews every agent at set game times (read-only: measuring never changes the run), and writes',
    'a report folder: index.html (the figures beside the paper\'s), SVG charts (diffusion, relationship graph at',
    'the start and the end, attendance, conditions compared, cost), results.json, facts.csv and believability.csv.',
    `Conditions (--ablate, comma-separated, or all): ${ABLATIONS.join(', ')}.`,
    'With --db it measures a stored run instead: interviews at its last snapshot, curves from memory provenance.',
  ].join('\n'),
  options: {
    ablate: { type: 'string', value: '<list>', description: 'conditions to run, comma-separated, or "all" (default: the scenario\'s, usually none = the full architecture)' },
    runs: { type: 'string', value: '<n>', description: 'runs per condition, seeds scenario seed, +1, … (default 1)' },
    db: { type: 'string', value: '<file>', description: 'measure this stored run instead of running the scenario' },
    out: { type: 'string', value: '<dir>', description: 'report folder (default: reports/<scenario>-<date>-<time>)' },
    hours: { type: 'string', value: '<n>', description: 'game hours to run (default: the scenario\'s)' },
    agents: { type: 'string', value: '<n>', description: 'only the first N personas (quick trials)' },
    'no-judge': { type: 'boolean', description: 'judge answers by the fact\'s words only, not by the model' },
    'no-rank': { type: 'boolean', description: 'do not rank the conditions by believability with the model judge' },
    quiet: { type: 'boolean', short: 'q', description: 'no progress bar' },
    ...modelOptionSpecs,
    help: { type: 'boolean', short: 'h', description: 'show this help' },
  },
  examples: ['hamlet experiment party', 'hamlet experiment party --ablate all --hours 12 --agents 10', 'hamlet experiment election --db data/day.db --out reports/day'],
  run: experimentMain,
};

function conditionsOpt(raw: string | undefined, fallback: Ablation): Ablation[] {
  if (raw === undefined) return [fallback];
  if (raw.trim() === 'all') return [...ABLATIONS];
  try {
    return [...new Set(raw.split(',').filter((s) => s.trim()).map((s) => parseAblation(s, '--ablate')))];
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

function stamp(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

async function experimentMain(args: ParsedArgs): Promise<number> {
  const [name, ...extra] = args.positionals;
  if (!name) throw new UsageError('give a scenario: hamlet experiment <scenario> (shipped: party, election)');
  if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const runs = numberOpt(args, 'runs', { integer: true, min: 1, max: 100 }) ?? 1;
  const hours = numberOpt(args, 'hours', { min: 0.01, max: 24 * 14 });
  const agents = numberOpt(args, 'agents', { integer: true, min: 1 });
  const dbPath = stringOpt(args, 'db');
  const quiet = boolOpt(args, 'quiet');
  if (dbPath && (stringOpt(args, 'ablate') !== undefined || args.values.runs !== undefined || hours !== undefined)) throw new UsageError('--db measures a stored run as it is: --ablate, --runs and --hours do not apply');
  let scenario;
  try {
    scenario = loadScenario(name);
  } catch (err) {
    if (err instanceof ScenarioError) throw new Error(err.message);
    throw err;
  }
  const conditions = conditionsOpt(stringOpt(args, 'ablate'), scenario.ablation);
  const outDir = stringOpt(args, 'out') ?? join('reports', `${scenario.name}-${stamp()}`);
  const log = (line: string) => {
    if (!quiet) process.stderr.write(`${line}\n`);
  };
  const models = await chooseModels(modelConfig(args), log, { progress: !quiet, brief: true });
  if (models.kind === 'none') throw new Error(`an experiment interviews the agents and needs the generative mind: ${NEEDS_A_MODEL}\n${models.message}`);
  const mindFactory = mindFactoryFor(models, { configPath: stringOpt(args, 'config') });
  const judge = boolOpt(args, 'no-judge') ? undefined : models.llm;

  let bar: ProgressBar | null = null;
  const progress: ExperimentProgress = {
    step: (done, time) => bar?.update(done, time),
    note: (line) => (bar ? bar.note(line) : log(line)),
  };
  let results: ExperimentResults;
  if (dbPath) {
    const run = await openRunCopy(dbPath, mindFactory);
    try {
      checkScenarioTown(run.town, scenario);
      log(`Measuring ${dbPath} (${run.town.sim.mind.label}) with scenario ${scenario.name}`);
      results = await measureStoredRun(run.town, { scenario, outDir, judge, modelLabel: models.label, progress, db: dbPath });
    } finally {
      run.close();
    }
  } else {
    const total = experimentSteps(scenario, conditions.length, runs, hours);
    log(`Experiment ${scenario.name}: ${conditions.map((c) => ABLATION_LABELS[c]).join(' · ')} × ${runs} run(s) of ${hours ?? scenario.hours} game hours → ${outDir}`);
    bar = quiet ? null : new ProgressBar({ total });
    try {
      results = await runExperiment({ scenario, conditions, runs, outDir, mindFactory, judge, rank: !boolOpt(args, 'no-rank'), hours, agents, modelLabel: models.label, progress });
    } finally {
      bar?.finish();
    }
  }
  const written = await writeReport(results, outDir);
  const table = figuresTable(results);
  const width = Math.max(...table.rows.map((r) => r[0].length));
  process.stdout.write(`\nExperiment ${scenario.name} · report: ${join(written.dir, 'index.html')}\n`);
  for (const row of table.rows) process.stdout.write(`  ${row[0].padEnd(width)}  paper: ${row[1]}  ·  Hamlet: ${row.slice(2).join(' | ')}\n`);
  return 0;
}
