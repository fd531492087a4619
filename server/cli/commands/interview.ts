/**
 * `hamlet interview <db> "<name>"`: ask a person of a stored run questions, as of its last
 * snapshot. Read-only: the questions go to a throwaway copy of the file, so the run itself is
 * untouched (no memory, no last-access time, no model call written); with --remember each
 * answered turn waits in the run as a `remember` input for its next --resume. The answer streams as the
 * model writes it; under it, "why": the memories it drew on with their retrieval scores.
 */
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { formatGameTime } from '../../engine/clock';
import type { InterviewAnswer, UsedMemory } from '../../mind/generative/innerLife';
import { agentIdOf } from '../../net/requests/inputs';
import { intervieweeOf, NEEDS_A_MODEL } from '../../net/requests/interviewDesk';
import { INPUT_LIMITS } from '../../net/requests/schemas';
import type { SimInput } from '../../engine/types';
import { addPendingInput } from '../../store/pendingInputs';
import { SimulationStore } from '../../store/simulationStore';
import { boolOpt, stringOpt, UsageError, type CommandSpec, type ParsedArgs } from '../args';
import { mindFactoryFor } from '../minds';
import { chooseModels, modelConfig, modelOptionSpecs } from '../models';
import { openPastRun } from '../pastRun';
import { stepOfAt } from '../atStep';
import { ReplaySource } from '../../net/replay';
import { openThrowawayCopy } from '../throwawayCopy';
import type { MindFactory, Town } from '../town';

export const interviewCommand: CommandSpec = {
  name: 'interview',
  summary: 'ask a person of a stored run questions (read-only; needs a language model)',
  usage: 'hamlet interview <db> "<name>" [--at <step | YYYY-MM-DDTHH:MM>] [--ask "<question>"] [--json] [model flags]',
  details: [
    'Opens the run at its last snapshot and lets you talk with one of its people: type questions at the',
    'prompt (an empty line or Ctrl-D ends), or give one with --ask. Follow-up questions see the earlier',
    'ones. Under each answer are the memories it drew on, with recency, importance, relevance and their',
    'weighted total. Nothing is written to the run (unless --remember). Use the same model flags as for "hamlet run".',
    'With --at they answer as they were at that step or game time: only memories made before it, recency as of then.',
  ].join('\n'),
  options: {
    ask: { type: 'string', value: '<question>', description: 'ask one question, print the answer and exit' },
    json: { type: 'boolean', description: 'with --ask: print the answer and its memories as JSON on stdout' },
    at: { type: 'string', value: '<step|time>', description: 'interview them as they were at this step or game time (YYYY-MM-DDTHH:MM) of the run' },
    remember: { type: 'boolean', description: 'let them remember this: each answered question becomes their conversation memory when the run continues (--resume)' },
    ...modelOptionSpecs,
    help: { type: 'boolean', short: 'h', description: 'show this help' },
  },
  examples: ['hamlet interview data/day.db "Rosa Delgado"', 'hamlet interview data/day.db "Rosa Delgado" --at 2026-02-13T12:00 --ask "How was your morning?"', 'hamlet interview data/day.db rosa-delgado --ask "Are you planning a party?" --json'],
  run: interviewMain,
};

/** A stored run opened on a throwaway copy, at its last snapshot. */
export async function openRunCopy(dbPath: string, mindFactory: MindFactory): Promise<{ town: Town; close(): void }> {
  if (!existsSync(dbPath)) throw new Error(`${dbPath}: no such simulation file`);
  return openThrowawayCopy(
    'hamlet-interview-',
    async (copy) => {
      const source = SimulationStore.open(dbPath, { readonly: true });
      try {
        await source.db.backup(copy);
      } finally {
        source.close();
      }
    },
    mindFactory,
    dbPath,
  );
}

/** The step `--at` names in the run (a step number or a game time), checked against its steps. */
function pastStep(dbPath: string, at: string): number {
  if (!existsSync(dbPath)) throw new Error(`${dbPath}: no such simulation file`);
  const replay = ReplaySource.open(dbPath);
  try {
    return stepOfAt(at, replay, { file: dbPath });
  } finally {
    replay.close();
  }
}

/** Queues a remembered interview turn in the run itself (applied and recorded when it continues). */
function rememberInRun(dbPath: string, input: SimInput): void {
  const store = SimulationStore.open(dbPath);
  try {
    addPendingInput(store.db, input);
  } finally {
    store.close();
  }
}

/** "why" lines under an answer: score = weighted recency + importance + relevance. */
export function formatWhy(memories: readonly UsedMemory[], max = 10): string {
  if (memories.length === 0) return '  why: no memories (the answer comes from the persona alone)\n';
  const lines = memories.slice(0, max).map((m) => `  ${m.score.toFixed(2)}  rec ${m.recency.toFixed(2)} · imp ${m.importanceScore.toFixed(2)} (${m.importance}) · rel ${m.relevance.toFixed(2)}  ${m.description}`);
  const more = memories.length > max ? [`  … and ${memories.length - max} more`] : [];
  return `  why (total  recency · importance · relevance):\n${[...lines, ...more].join('\n')}\n`;
}

async function interviewMain(args: ParsedArgs): Promise<number> {
  const [dbPath, who, ...extra] = args.positionals;
  if (!dbPath || !who) throw new UsageError('give the simulation file and a name: hamlet interview <db> "<name>"');
  if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}" (quote a name with spaces)`);
  const ask = stringOpt(args, 'ask');
  const json = boolOpt(args, 'json');
  const remember = boolOpt(args, 'remember');
  const at = stringOpt(args, 'at');
  if (json && ask === undefined) throw new UsageError('--json needs --ask "<question>"');
  if (at !== undefined && remember) throw new UsageError('--remember cannot be used with --at: what is remembered joins the run where it continues, not in the past');
  if (at !== undefined && at.trim() === '') throw new UsageError('--at needs a step number or a game time YYYY-MM-DDTHH:MM');
  if (ask !== undefined && (ask.trim() === '' || ask.length > INPUT_LIMITS.question)) throw new UsageError(`--ask: a question of 1 to ${INPUT_LIMITS.question} characters`);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  // Checked before any model is loaded: a wrong --at costs no model.
  const atStep = at === undefined ? undefined : pastStep(dbPath, at);
  const models = await chooseModels(modelConfig(args), json ? () => undefined : log, { progress: !json });
  if (models.kind === 'none') throw new Error(NEEDS_A_MODEL);
  const mindFactory = mindFactoryFor(models, { configPath: stringOpt(args, 'config') });
  const run = atStep === undefined ? await openRunCopy(dbPath, mindFactory) : await openPastRun(dbPath, atStep, mindFactory);
  try {
    const { town } = run;
    const mind = intervieweeOf(town.sim.mind);
    if (!mind) throw new Error(NEEDS_A_MODEL);
    const agentId = agentIdOf({ agents: town.sim.state.agents }, who);
    const name = town.sim.state.agents.find((a) => a.id === agentId)!.name;
    const history: { question: string; answer: string }[] = [];
    const askOnce = async (question: string, stream: boolean): Promise<InterviewAnswer> => {
      if (stream) process.stdout.write(`${name}: `);
      let streamed = false;
      const answer = await mind.interview(agentId, question, history, undefined, 'An interviewer', {
        onText: stream
          ? (piece) => {
              streamed = true;
              process.stdout.write(piece);
            }
          : undefined,
        onRestart: stream ? () => process.stdout.write(' … (the model tries again) ') : undefined,
      });
      if (stream) process.stdout.write(`${streamed ? '' : answer.answer}\n${formatWhy(answer.memories)}`);
      if (remember && answer.outcome !== 'fail-safe') rememberInRun(dbPath, { kind: 'remember', agentId, interviewer: 'An interviewer', question, answer: answer.answer });
      history.push({ question, answer: answer.answer });
      history.splice(0, Math.max(0, history.length - INPUT_LIMITS.historyTurns));
      return answer;
    };

    if (ask !== undefined) {
      const answer = await askOnce(ask.trim(), !json);
      if (json) {
        const out = { db: dbPath, agent: { id: agentId, name }, step: town.sim.state.step, time: formatGameTime(town.sim.time), question: ask.trim(), ...answer };
        process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
      }
      return answer.outcome === 'fail-safe' ? 1 : 0;
    }

    log(`Interviewing ${name} as of ${formatGameTime(town.sim.time)} (step ${town.sim.state.step}). An empty line ends.`);
    // Lines are read as they come (a terminal, or questions piped in); an empty line or the end of input ends.
    const rl = createInterface({ input: process.stdin, terminal: false });
    try {
      process.stdout.write('You: ');
      for await (const line of rl) {
        const question = line.trim();
        if (!question) break;
        if (question.length > INPUT_LIMITS.question) log(`(a question has at most ${INPUT_LIMITS.question} characters)`);
        else await askOnce(question, true);
        process.stdout.write('You: ');
      }
      process.stdout.write('\n');
    } finally {
      rl.close();
    }
    return 0;
  } finally {
    run.close();
  }
}
