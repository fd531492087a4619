/**
 * Reflection (the paper's): when the importance of the events and chats an agent perceived since
 * its last reflection reaches the threshold, it asks itself three salient questions about its
 * ~100 latest memories, retrieves memories for each, and draws up to five insights per question,
 * each citing the memories it rests on. Insights are stored as thoughts with evidence links
 * (depth = 1 + the deepest evidence). At most 1 + 3 calls, in two deferred stages (deferred.ts):
 * the questions land a few game minutes after the trigger, the insights as long again after that.
 */
import type { AgentId } from '../../engine/types';
import type { MemoryNode, ScoredMemory } from '../memory/types';
import type { Persona } from '../persona';
import { reflectInsightsTask, reflectQuestionsTask } from '../tasks/index';
import type { PromptMemory, ReflectInsightsOutput } from '../tasks/contracts';
import type { AgentResult } from './apply';
import { dueAfter, type DeferredEntry } from './deferred';
import { personaCard, type DraftMemory, type GenerativeDeps } from './deps';
import { isIdleDescription } from './importance';
import type { AgentScratch } from './scratch';

/**
 * The memories the reference reflects on: its events and thoughts (idle ones left out), ordered
 * by last access, the latest as many as events and chats were stored since the last reflection
 * (the reference's importance_ele_n), at most reflectionRecentMemories.
 */
export function referenceFocus(deps: GenerativeDeps, agentId: AgentId, lastReflectionStep: number): MemoryNode[] {
  const all = deps.stream.all(agentId);
  const perceived = all.filter((m) => m.step > lastReflectionStep && (m.type === 'event' || m.type === 'chat')).length;
  const n = Math.min(Math.max(1, perceived), deps.config.reflectionRecentMemories);
  const pool = all.filter((m) => (m.type === 'event' || m.type === 'thought') && !isIdleDescription(m.description));
  pool.sort((a, b) => a.lastAccessed - b.lastAccessed || a.id - b.id);
  return pool.slice(-n);
}

/** Summed importance of the events and chats since the last reflection. */
export function reflectionPressure(deps: GenerativeDeps, agentId: AgentId, scratch: AgentScratch): number {
  return deps.stream.importanceSince(agentId, scratch.lastReflectionStep, ['event', 'chat']);
}

export function reflectionDue(deps: GenerativeDeps, agentId: AgentId, scratch: AgentScratch): boolean {
  return reflectionPressure(deps, agentId, scratch) >= deps.config.reflectionThreshold;
}

export const REFLECT_QUESTIONS_KIND = 'reflectQuestions';
export const REFLECT_INSIGHTS_KIND = 'reflectInsights';

/** What the insights stage lands with: the questions and the ids of the memories shown per question (their prompt indices). */
export interface InsightsContext {
  questions: string[];
  evidenceIds: number[][];
}

/**
 * Starts a reflection: the questions call, a deferred result landing `deferReflectionMinutes`
 * later (`landQuestions`). The trigger resets now (`reflected`), even when the model gives no
 * usable question, so a failing model is not asked again every step.
 */
export function startReflection(deps: GenerativeDeps, persona: Persona, scratch: Readonly<AgentScratch>, step: number): AgentResult[] {
  const showAll = deps.config.reflectionSelection === 'reference';
  const recent = showAll ? referenceFocus(deps, persona.id, scratch.lastReflectionStep) : deps.stream.recent(persona.id, deps.config.reflectionRecentMemories);
  const input = { persona: personaCard(persona, scratch), memories: recent.map((m, i) => ({ index: i + 1, description: m.description, importance: m.importance })), showAll };
  const entry: DeferredEntry = {
    key: `reflect:${persona.id}:${step}`,
    kind: REFLECT_QUESTIONS_KIND,
    agentId: persona.id,
    startStep: step,
    dueStep: dueAfter(step, deps.config.deferReflectionMinutes, deps.clock.stepMs, deps.config.deferLandingEveryMinutes),
    calls: [{ task: reflectQuestionsTask.name, input }],
    context: {},
  };
  return [{ kind: 'reflected', step }, { kind: 'defer', entry }];
}

/**
 * Lands the questions: retrieves memories for each (now, at the landing step) and returns the
 * insight calls, another deferred result (`landInsights`).
 */
export async function landQuestions(deps: GenerativeDeps, persona: Persona, scratch: Readonly<AgentScratch>, questions: string[], step: number, time: number): Promise<AgentResult[]> {
  if (questions.length === 0) return [];
  // Retrievals touch memories: one question after the other, then the insight calls at once.
  await deps.stream.embed(questions);
  const retrieved: ScoredMemory[][] = [];
  for (const question of questions) retrieved.push(await deps.retrieve(persona.id, question, deps.config.retrieveForReflection, { step, time }));
  const card = personaCard(persona, scratch);
  const showAll = deps.config.reflectionSelection === 'reference';
  const entry: DeferredEntry<InsightsContext> = {
    key: `insights:${persona.id}:${step}`,
    kind: REFLECT_INSIGHTS_KIND,
    agentId: persona.id,
    startStep: step,
    dueStep: dueAfter(step, deps.config.deferReflectionMinutes, deps.clock.stepMs, deps.config.deferLandingEveryMinutes),
    calls: questions.map((question, q) => {
      const memories: PromptMemory[] = retrieved[q].map((r, i) => ({ index: i + 1, description: r.memory.description, importance: r.memory.importance }));
      return { task: reflectInsightsTask.name, input: { persona: card, question, memories, showAll } };
    }),
    context: { questions, evidenceIds: retrieved.map((list) => list.map((r) => r.memory.id)) },
  };
  return [{ kind: 'defer', entry }];
}

/** Lands the insights: thoughts citing the memories they rest on. */
export function landInsights(persona: Persona, context: InsightsContext, answers: ReflectInsightsOutput[]): AgentResult[] {
  const { questions, evidenceIds } = context;
  const thoughts: DraftMemory[] = [];
  const seen = new Set<string>();
  answers.forEach((answer, q) => {
    for (const insight of answer.insights) {
      const text = insight.insight.trim();
      if (!text || seen.has(text.toLowerCase())) continue;
      seen.add(text.toLowerCase());
      const evidence = [...new Set(insight.evidence.map((i) => evidenceIds[q][i - 1]).filter((id): id is number => id !== undefined))];
      thoughts.push({
        type: 'thought',
        description: text,
        triple: [persona.name, 'reflects', questions[q]],
        keywords: [persona.name, 'reflection'],
        importance: insight.importance,
        evidence,
      });
    }
  });
  return [{ kind: 'memories', drafts: thoughts }];
}
