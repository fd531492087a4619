/**
 * The agent's inner voice and the questions people ask it: starting memories (the persona's
 * memories and relationships, stored on the first step), whispers (an inner-voice line becomes a
 * thought, one innerVoice call), and interviews (retrieve 50 read-only, answer in character,
 * show the memories used).
 */
import { formatClock, minuteOfDay } from '../../engine/clock';
import { asAgentId } from '../../engine/ids';
import type { AgentState } from '../../engine/types';
import type { TaskOutcome } from '../../llm/task';
import type { GameMoment, MemoryType } from '../memory/types';
import type { Persona } from '../persona';
import { answerInterviewTask, innerVoiceTask } from '../tasks/index';
import { clip, firstName } from '../tasks/promptParts';
import { personaCard, type DraftMemory, type GenerativeDeps } from './deps';
import type { AgentResult } from './apply';
import { AnswerStream } from './answerStream';
import { activityAt } from './planning';
import { STARTING_PREDICATE } from './insightView';
import type { AgentScratch } from './scratch';

/** The persona's starting memories and one line per relationship ("Tomas Delgado is Rosa's husband"). */
export function startingMemories(deps: GenerativeDeps, persona: Persona): string[] {
  const first = firstName(persona.name);
  const relations = persona.relationships.map((r) => `${deps.personas.get(r.id)?.name ?? nameFromId(r.id)} is ${first}'s ${r.relation}`);
  return [...persona.memories, ...relations].map((t) => t.trim()).filter((t) => t.length > 0);
}

/** "jun-tanaka" → "Jun Tanaka" (for people of the persona file who are not simulated). */
function nameFromId(id: string): string {
  return id
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
}

/** The predicate of starting memories (the inspector tells them from reflections by it). */
export { STARTING_PREDICATE };

/** Starting memories as thoughts that never expire (importance rated in the agent's batch). */
export function startingDrafts(deps: GenerativeDeps, persona: Persona): DraftMemory[] {
  return startingMemories(deps, persona).map((text) => ({
    type: 'thought' as const,
    description: text,
    triple: [persona.name, STARTING_PREDICATE, clip(text, 100)],
    keywords: [persona.name],
    expiresAt: null,
  }));
}

/** Whispered thoughts at least this important reach the next planDay prompt. */
export const IMPORTANT_WHISPER = 5;

/** One innerVoice call: the whispered line as the agent's own thought (a memory, with its importance), and on its mind if important. */
export async function hearWhisper(deps: GenerativeDeps, agent: AgentState, persona: Persona, scratch: Readonly<AgentScratch>, whisper: string, step: number, time: number): Promise<AgentResult[]> {
  const minute = minuteOfDay(time);
  const status = activityAt(scratch.plan, minute) ?? agent.action.description;
  const result = await deps.call(innerVoiceTask, { persona: personaCard(persona, scratch), time: formatClock(time), status, whisper }, persona.id, step);
  // An important whisper ("you want to throw a party on Saturday") is carried into the next day plan.
  const onMind: AgentResult[] = result.value.importance >= IMPORTANT_WHISPER ? [{ kind: 'onMind', thought: result.value.thought }] : [];
  const thought: DraftMemory = {
    type: 'thought',
    description: result.value.thought,
    triple: [persona.name, 'thinks', clip(result.value.thought, 100)],
    keywords: [persona.name, 'inner voice'],
    importance: result.value.importance,
  };
  return [...onMind, { kind: 'memories', drafts: [thought] }];
}

/** An interview turn the agent was asked to remember (a recorded `remember` input). */
export interface RememberedInterview {
  interviewer: string;
  question: string;
  answer: string;
}

/** The conversation memory of a remembered interview turn (importance rated in the agent's batch). */
export function interviewMemory(persona: Persona, r: RememberedInterview): DraftMemory {
  // "A visitor asks you" in the prompt; "asked by a visitor" in the memory.
  const who = clip(r.interviewer.replace(/^(A|An|The) /, (m) => m.toLowerCase()), 60);
  const summary = `${persona.name} was asked by ${who}: "${clip(r.question, 200)}" and answered: "${clip(r.answer, 300)}"`;
  return {
    type: 'chat',
    description: summary,
    triple: [persona.name, 'talked with', who],
    keywords: [persona.name, who, 'interview'],
    transcript: [
      // (the interviewer is no agent of the town: its name stands where a speaker's id goes)
      { speaker: asAgentId(who), text: r.question, step: -1 },
      { speaker: persona.id, text: r.answer, step: -1 },
    ],
    embeddingText: summary,
  };
}

/** A memory an interview answer drew on, with why it was retrieved. */
export interface UsedMemory {
  id: number;
  type: MemoryType;
  description: string;
  importance: number;
  created: number;
  /** Retrieval score: the weighted sum of the three components below (normalised over the candidates). */
  score: number;
  recency: number;
  relevance: number;
  /** Normalised importance (the component; `importance` is the 1–10 rating). */
  importanceScore: number;
}

export interface InterviewAnswer {
  answer: string;
  /** How the answer was obtained (fail-safe: the model gave nothing usable). */
  outcome: TaskOutcome;
  /** The memories retrieved for the question, best first (read-only: none was touched). */
  memories: UsedMemory[];
}

/** What an interview reports while it runs (all optional). */
export interface InterviewProgress {
  /** The memories were retrieved; the model is about to be asked ("thinking"). */
  onMemories?(memories: UsedMemory[]): void;
  /** A piece of the answer text as the model writes it. */
  onText?(piece: string): void;
  /** The model's answer was rejected and it is asked again: drop the text streamed so far. */
  onRestart?(): void;
}

/** Answers a question in character from up to `retrieveForInterview` memories, touching none. */
export async function answerInterview(
  deps: GenerativeDeps,
  persona: Persona,
  scratch: AgentScratch,
  question: string,
  history: { question: string; answer: string }[],
  at: GameMoment,
  interviewer: string,
  progress: InterviewProgress = {},
): Promise<InterviewAnswer> {
  const found = await deps.retrieve(persona.id, question, deps.config.retrieveForInterview, at, false);
  const memories: UsedMemory[] = found.map((m) => ({
    id: m.memory.id,
    type: m.memory.type,
    description: m.memory.description,
    importance: m.memory.importance,
    created: m.memory.created,
    score: m.score,
    recency: m.recency,
    relevance: m.relevance,
    importanceScore: m.importance,
  }));
  progress.onMemories?.(memories);
  const minute = minuteOfDay(at.time);
  let attempt = 0;
  let stream: AnswerStream | null = null;
  const onText = progress.onText
    ? (piece: string, n: number) => {
        if (n !== attempt) {
          if (attempt > 0) progress.onRestart?.();
          attempt = n;
          stream = new AnswerStream((text) => progress.onText!(text));
        }
        stream!.push(piece);
      }
    : undefined;
  const result = await deps.call(
    answerInterviewTask,
    {
      persona: personaCard(persona, scratch),
      time: formatClock(at.time),
      status: activityAt(scratch.plan, minute) ?? 'going about the day',
      memories: found.map((m) => m.memory.description),
      history,
      question,
      interviewer,
    },
    persona.id,
    undefined,
    onText,
  );
  return { answer: result.value.answer, outcome: result.outcome, memories };
}
