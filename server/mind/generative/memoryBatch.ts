/**
 * The memories of a step, per agent: the importance batch (one rateImportance call for the
 * drafts without a score and, when due, the perceived events waiting for one; scores known from
 * the cache need no call; the rating is a deferred result, landing a few game minutes later) and storing (every draft of the step embedded in one batch, then
 * inserted in agent order, so memory ids never depend on which answer came first).
 */
import type { AgentState } from '../../engine/types';
import type { NewMemory } from '../memory/types';
import type { Persona } from '../persona';
import type { TaskResult } from '../../llm/task';
import type { RateImportanceOutput } from '../tasks/contracts';
import { DEFAULT_IMPORTANCE, rateImportanceTask } from '../tasks/index';
import type { AgentResult } from './apply';
import { dueAfter, type DeferredEntry } from './deferred';
import { personaCard, stepsIn, type DraftMemory, type GenerativeDeps } from './deps';
import { FALLBACK_IDS_KEPT, type AgentScratch, type PendingEvent } from './scratch';

const MS_PER_DAY = 86_400_000;

/** What the batch needs of an agent's work this step. */
export interface AgentDrafts {
  agent: AgentState;
  persona: Persona;
  scratch: AgentScratch;
  /** Memories to store this step (rated by `rateDrafts`, emptied by `storeDrafts`). */
  drafts: DraftMemory[];
}

/** Whether the agent's waiting events are due for their rating: enough of them, the oldest waited long enough, or the agent sleeps. */
export function ratingDue(deps: GenerativeDeps, w: AgentDrafts, step: number): boolean {
  const pending = w.scratch.pending;
  if (pending.length === 0) return false;
  return pending.length >= deps.config.importanceBatchSize || step - pending[0].step >= stepsIn(deps.config.importanceBatchMinutes, deps.clock.stepMs) || w.agent.sleeping;
}

/** What a deferred importance rating lands with: the drafts it rates and the events waiting for it. */
export interface RatingContext {
  /** Drafts without importance, in their order (evidenceDrafts index into this list). */
  drafts: DraftMemory[];
  /** Events waiting for their rating (their texts follow the drafts' in the call, deduplicated). */
  events: PendingEvent[];
  eventTexts: string[];
}

/**
 * Rates now (one call, waited for in this step) the drafts made from this step's inputs and
 * from seeding: starting memories, whispered thoughts, remembered interviews. They are rare, and
 * what a person just told an agent is in its memory at once. Drafts marked `rateLater` (landed
 * conversation closings) are left for the deferred batch.
 */
export async function rateNow(deps: GenerativeDeps, w: AgentDrafts, step: number): Promise<void> {
  const unrated = w.drafts.filter((d) => d.importance === undefined && !d.rateLater);
  if (unrated.length === 0) return;
  const result = await deps.call(rateImportanceTask, { persona: personaCard(w.persona, w.scratch), memories: unrated.map((d) => d.description) }, w.agent.id, step);
  unrated.forEach((d, i) => {
    d.importance = clampImportance(result.value.scores[i]);
    // A fail-safe answer, or a score the model left out, is the default importance rather than a rating.
    if (result.outcome === 'fail-safe' || !Number.isFinite(result.value.scores[i])) d.importanceFallback = true;
  });
}

/**
 * The agent's importance batch (deferred: the result is used `deferImportanceMinutes` later, see
 * deferred.ts): drafts still without importance (a landed closing's chat and thoughts) and, when
 * due, the events waiting for a rating (those meanwhile rated elsewhere use the cache and are
 * stored now). One rateImportance call for everything unknown; the drafts it rates leave
 * `w.drafts` (the step's own list) and are stored when the rating lands (`landRating`). Returns
 * the events stored now, the waiting events taken, and the rating call as deferred work.
 */
export function startRating(deps: GenerativeDeps, w: AgentDrafts, step: number): AgentResult[] {
  const { agent, persona, scratch: s } = w;
  const eventsDue = ratingDue(deps, w, step);
  const waiting: PendingEvent[] = [];
  const results: AgentResult[] = [];
  const knownNow: DraftMemory[] = [];
  if (eventsDue) {
    for (const p of s.pending) {
      const known = deps.importance.lookup(agent.id, p.description);
      if (known !== undefined) knownNow.push({ type: 'event', description: p.description, triple: p.triple, importance: known, ...(deps.fallbackTexts.has(p.description) ? { importanceFallback: true as const } : {}) });
      else waiting.push(p);
    }
    results.push({ kind: 'pendingRated' });
  }
  // The unrated drafts travel with the call; their evidenceDrafts are re-pointed into that list
  // (a reference to a draft stored now is dropped: none of today's drafts cite a rated one).
  const position = new Map<number, number>();
  const unrated: DraftMemory[] = [];
  w.drafts.forEach((d, i) => {
    if (d.importance === undefined) position.set(i, unrated.push(d) - 1);
  });
  const eventTexts = [...new Set(waiting.map((p) => p.description))];
  if (knownNow.length) results.push({ kind: 'memories', drafts: knownNow });
  if (unrated.length === 0 && eventTexts.length === 0) return results;
  w.drafts = w.drafts.filter((d) => d.importance !== undefined);
  const drafts = unrated.map(({ rateLater: _, ...d }) => {
    if (!d.evidenceDrafts) return d;
    const evidenceDrafts = d.evidenceDrafts.map((i) => position.get(i)).filter((i): i is number => i !== undefined);
    return { ...d, evidenceDrafts };
  });
  const input = { persona: personaCard(persona, s), memories: [...drafts.map((d) => d.description), ...eventTexts] };
  const entry: DeferredEntry<RatingContext> = {
    key: `rate:${agent.id}:${step}`,
    kind: RATING_KIND,
    agentId: agent.id,
    startStep: step,
    dueStep: dueAfter(step, deps.config.deferImportanceMinutes, deps.clock.stepMs, deps.config.deferLandingEveryMinutes),
    calls: [{ task: rateImportanceTask.name, input }],
    context: { drafts, events: waiting, eventTexts },
  };
  results.push({ kind: 'defer', entry });
  return results;
}

export const RATING_KIND = 'rate';

/** Lands a deferred importance rating: the rated drafts and events, to join the agent's drafts of this step. */
export function landRating(w: Readonly<AgentDrafts>, context: RatingContext, result: TaskResult<RateImportanceOutput>): AgentResult[] {
  const { drafts, events, eventTexts } = context;
  const score = (i: number) => clampImportance(result.value.scores[i]);
  // A fail-safe answer, or a score the model left out, is the default importance rather than a rating.
  const fallback = (i: number) => result.outcome === 'fail-safe' || !Number.isFinite(result.value.scores[i]);
  // Indices of evidenceDrafts point into `drafts`: shift them to where the drafts land in w.drafts.
  const offset = w.drafts.length;
  const rated: DraftMemory[] = [];
  drafts.forEach((d, i) => {
    rated.push({
      ...d,
      importance: score(i),
      ...(fallback(i) ? { importanceFallback: true as const } : {}),
      ...(d.evidenceDrafts ? { evidenceDrafts: d.evidenceDrafts.map((j) => j + offset) } : {}),
    });
  });
  const eventScore = new Map(eventTexts.map((t, i) => [t, { importance: score(drafts.length + i), fallback: fallback(drafts.length + i) }]));
  for (const p of events) {
    const score = eventScore.get(p.description)!;
    rated.push({ type: 'event', description: p.description, triple: p.triple, importance: score.importance, ...(score.fallback ? { importanceFallback: true as const } : {}) });
  }
  return [{ kind: 'memories', drafts: rated }];
}

/** Embeds every draft of the step in one batch, then inserts them in agent order (the order of `work`). */
export async function storeDrafts(deps: GenerativeDeps, work: Iterable<AgentDrafts>, step: number, time: number): Promise<void> {
  const agents = [...work];
  const all: { w: AgentDrafts; draft: DraftMemory }[] = [];
  for (const w of agents) for (const draft of w.drafts) all.push({ w, draft });
  if (all.length === 0) return;
  let vectors;
  try {
    vectors = await deps.stream.embed(all.map(({ draft }) => draft.embeddingText ?? draft.description));
  } catch (err) {
    deps.problem({ step, where: 'embed', message: `memories of this step were not stored: ${(err as Error).message}` });
    for (const w of agents) w.drafts = [];
    return;
  }
  const at = { step, time };
  const lifetime = deps.config.thoughtLifetimeDays * MS_PER_DAY;
  let k = 0;
  for (const w of agents) {
    const ids: (number | undefined)[] = [];
    for (const draft of w.drafts) {
      const vector = vectors[k++];
      const evidence = [...(draft.evidence ?? []), ...(draft.evidenceDrafts ?? []).map((i) => ids[i]).filter((id): id is number => id !== undefined)].filter(
        (id) => deps.stream.get(id)?.agentId === w.agent.id,
      );
      const memory: NewMemory = {
        type: draft.type,
        description: draft.description,
        triple: draft.triple,
        importance: draft.importance ?? DEFAULT_IMPORTANCE,
        ...(draft.keywords ? { keywords: draft.keywords } : {}),
        ...(draft.embeddingText ? { embeddingText: draft.embeddingText } : {}),
        ...(draft.transcript ? { transcript: draft.transcript } : {}),
        evidence: [...new Set(evidence)],
        expiresAt: draft.expiresAt !== undefined ? draft.expiresAt : draft.type === 'thought' ? time + lifetime : null,
      };
      try {
        const node = deps.stream.insert(w.agent.id, memory, vector, at);
        ids.push(node.id);
        if (node.type === 'event') deps.importance.remember(w.agent.id, node.description, node.importance);
        if (draft.importanceFallback) {
          const marked = (w.scratch.fallbackImportance ??= []);
          marked.push(node.id);
          if (marked.length > FALLBACK_IDS_KEPT) marked.splice(0, marked.length - FALLBACK_IDS_KEPT);
          if (node.type === 'event') deps.fallbackTexts.add(node.description);
        }
      } catch (err) {
        ids.push(undefined);
        deps.problem({ step, agentId: w.agent.id, where: 'insert', message: (err as Error).message });
      }
    }
    w.drafts = [];
  }
}

function clampImportance(value: number | undefined): number {
  return Number.isFinite(value) ? Math.min(10, Math.max(1, Math.round(value!))) : DEFAULT_IMPORTANCE;
}
