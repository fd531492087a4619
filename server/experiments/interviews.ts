/**
 * The experiment's interviews. All go through the mind's read-only interview path (retrieval
 * without touching memories, nothing stored, the step log untouched); the judge is the raw model
 * (its calls are not recorded in the run).
 *   - facts: the scenario's fixed question per agent, judged against the fact's criterion;
 *   - relationships: "Do you know <name>?" for every ordered pair;
 *   - believability: the paper's five categories with fixed questions, answers kept per agent
 *     and condition (exportable as CSV), optionally ranked between conditions by the model judge
 *     with openskill (a Plackett–Luce / TrueSkill-like rating).
 */
import { rate, rating, ordinal } from 'openskill';
import type { AgentId } from '../engine/types';
import { runTask } from '../llm/task';
import { Semaphore } from '../llm/semaphore';
import type { LanguageModel } from '../llm/types';
import type { InterviewAnswer } from '../mind/generative/innerLife';
import type { GameMoment } from '../mind/memory/types';
import { judgeAnswerTask, rankAnswersTask } from './judgeTasks';
import type { FactJudgment, RecordAgent } from './metrics';
import { mentionsFact, type ScenarioFact } from './scenario';

/** What the interviews need of a mind: the read-only interview. */
export interface Interviewee {
  interview(agentId: AgentId, question: string, history?: { question: string; answer: string }[], at?: GameMoment, interviewer?: string): Promise<InterviewAnswer>;
}

export const INTERVIEWER = 'A researcher';

/** Runs `fn` over items with at most `limit` at once, keeping the order of the results. */
async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const gate = new Semaphore(limit);
  return Promise.all(items.map((item) => gate.run(() => fn(item))));
}

/** Judges one answer: the model against the criterion, else (no usable judgment) the word check. */
export async function judge(judgeLlm: LanguageModel | undefined, speaker: string, question: string, answer: string, criterion: string, mentions: readonly (readonly string[])[]): Promise<{ knows: boolean; judge: 'model' | 'words' }> {
  if (judgeLlm) {
    const result = await runTask(judgeLlm, judgeAnswerTask, { speaker, question, answer, criterion, signs: mentions.map((g) => [...g]) });
    if (result.value.judged) return { knows: result.value.knows, judge: 'model' };
  }
  // The word check reads a first-person answer as the speaker's ("I am running for mayor").
  return { knows: mentionsFact(answer, mentions, /\b(I|I'm|my)\b/.test(answer) ? speaker : ''), judge: 'words' };
}

/** Every agent's answer to each fact's question at `at`, judged. */
export async function interviewFacts(mind: Interviewee, judgeLlm: LanguageModel | undefined, agents: readonly RecordAgent[], facts: readonly ScenarioFact[], at: GameMoment, concurrency = 8): Promise<FactJudgment[]> {
  const jobs = facts.flatMap((fact) => agents.map((agent) => ({ fact, agent })));
  return mapLimited(jobs, concurrency, async ({ fact, agent }) => {
    const { answer } = await mind.interview(agent.id, fact.question, [], at, INTERVIEWER);
    const verdict = await judge(judgeLlm, agent.name, fact.question, answer, fact.knowsIf, fact.mentions);
    return { factId: fact.id, agentId: agent.id, step: at.step, answer, knows: verdict.knows, judge: verdict.judge };
  });
}

/** "Do you know X?" for every ordered pair: who knows whom by interview. */
export async function interviewRelationships(mind: Interviewee, judgeLlm: LanguageModel | undefined, agents: readonly RecordAgent[], at: GameMoment, concurrency = 8): Promise<Map<AgentId, Set<AgentId>>> {
  const jobs = agents.flatMap((a) => agents.filter((b) => b.id !== a.id).map((b) => ({ a, b })));
  const verdicts = await mapLimited(jobs, concurrency, async ({ a, b }) => {
    const question = `Do you know ${b.name}?`;
    const { answer } = await mind.interview(a.id, question, [], at, INTERVIEWER);
    // Both names: a shared surname alone ("Delgado") is not knowing this person.
    const groups = b.name.split(' ').filter((w) => w.length >= 2).map((w) => [w]);
    return { a, b, ...(await judge(judgeLlm, a.name, question, answer, `the answer says they know who ${b.name} is; not knowing them, or not remembering, does not count`, groups)) };
  });
  const known = new Map(agents.map((a) => [a.id, new Set<AgentId>()]));
  for (const v of verdicts) if (v.knows) known.get(v.a.id)!.add(v.b.id);
  return known;
}

// ------------------------------------------------------------------ believability

export const BELIEVABILITY_CATEGORIES = ['self-knowledge', 'memory', 'plans', 'reactions', 'reflections'] as const;
export type BelievabilityCategory = (typeof BELIEVABILITY_CATEGORIES)[number];

/**
 * The fixed questions per category (after the paper's Appendix B). `{someone}` is a person the
 * agent knows from the start.
 */
export const BELIEVABILITY_QUESTIONS: Record<BelievabilityCategory, string[]> = {
  'self-knowledge': ['Give an introduction of yourself.', "What's your occupation, and what do you like about it?"],
  memory: ['Who is {someone}?', 'What have you done today?'],
  plans: ['What will you be doing at 10 am tomorrow?', 'What are you planning for this weekend?'],
  reactions: ['Your breakfast is burning! What would you do?', 'The person you are with collapses in front of you. What would you do?'],
  reflections: ['If you were to spend time with one person you met recently, who would it be and why?', 'What matters most to you these days?'],
};

export interface BelievabilityAnswer {
  condition: string;
  run: number;
  agentId: AgentId;
  category: BelievabilityCategory;
  question: string;
  answer: string;
}

/** The believability interview of every agent (every category's fixed questions). */
export async function interviewBelievability(mind: Interviewee, agents: readonly RecordAgent[], at: GameMoment, condition: string, run: number, concurrency = 8): Promise<BelievabilityAnswer[]> {
  const names = new Map(agents.map((a) => [a.id, a.name]));
  const jobs = agents.flatMap((agent) =>
    BELIEVABILITY_CATEGORIES.flatMap((category) =>
      BELIEVABILITY_QUESTIONS[category].map((template) => ({ agent, category, question: template.replace('{someone}', names.get(agent.knows.find((id) => names.has(id)) ?? ('' as AgentId)) ?? 'your closest friend') })),
    ),
  );
  return mapLimited(jobs, concurrency, async ({ agent, category, question }) => {
    const { answer } = await mind.interview(agent.id, question, [], at, INTERVIEWER);
    return { condition, run, agentId: agent.id, category, question, answer };
  });
}

/** The answers as CSV for human raters (RFC 4180 quoting). */
export function believabilityCsv(answers: readonly BelievabilityAnswer[]): string {
  const cell = (v: string | number) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  const rows = [['condition', 'run', 'agent', 'category', 'question', 'answer'], ...answers.map((a) => [a.condition, a.run, a.agentId, a.category, a.question, a.answer])];
  return `${rows.map((r) => r.map(cell).join(',')).join('\n')}\n`;
}

export interface ConditionRating {
  condition: string;
  mu: number;
  sigma: number;
  /** mu − 3σ: the conservative skill the conditions are ordered by. */
  ordinal: number;
  /** Comparisons the condition took part in. */
  matches: number;
}

/**
 * Ranks the conditions by believability, as the paper did with TrueSkill: for each agent and
 * question, the judge orders the conditions' answers (first run of each), and openskill updates
 * each condition's rating from that order. Comparisons the judge could not make are left out.
 */
export async function rankConditions(judgeLlm: LanguageModel, answers: readonly BelievabilityAnswer[], names: ReadonlyMap<AgentId, string>, concurrency = 4): Promise<ConditionRating[]> {
  const conditions = [...new Set(answers.map((a) => a.condition))];
  if (conditions.length < 2) return [];
  const byKey = new Map<string, Map<string, string>>();
  for (const a of answers) {
    const key = `${a.agentId}\u0000${a.question}`;
    const m = byKey.get(key) ?? new Map<string, string>();
    if (!m.has(a.condition)) m.set(a.condition, a.answer);
    byKey.set(key, m);
  }
  const matches = [...byKey].filter(([, m]) => m.size === conditions.length).map(([key, m]) => ({ agentId: key.split('\u0000')[0] as AgentId, question: key.split('\u0000')[1], answers: conditions.map((c) => m.get(c)!) }));
  const orders = await mapLimited(matches, concurrency, async (m) => (await runTask(judgeLlm, rankAnswersTask, { name: names.get(m.agentId) ?? m.agentId, question: m.question, answers: m.answers })).value.order);
  let ratings = conditions.map(() => rating());
  let played = 0;
  for (const order of orders) {
    if (order.length !== conditions.length) continue;
    // rank[i] = place of condition i (1 = best).
    const rank = conditions.map((_, i) => order.indexOf(i) + 1);
    ratings = rate(ratings.map((r) => [r]), { rank }).map((team) => team[0]);
    played++;
  }
  return conditions
    .map((condition, i) => ({ condition, mu: ratings[i].mu, sigma: ratings[i].sigma, ordinal: ordinal(ratings[i]), matches: played }))
    .sort((a, b) => b.ordinal - a.ordinal);
}
