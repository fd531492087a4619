/**
 * The inputs and answers of every model task a generative mind runs (see /shared/tasks.md,
 * "A merged design"). Each task module in this folder implements one of these with
 * `defineTask<Input, Output>` (server/llm/task.ts): a pure prompt builder, a zod schema, domain
 * repairs (`normalize`) and a fail-safe. The orchestrator only depends on these types.
 *
 * Conventions: times of day are minutes since midnight (0–1439) unless named otherwise; places
 * are world-relative addresses "Sector:arena:object" (or shorter) chosen from lists the prompt
 * gives; names are persona names.
 */
import type { EventTriple } from '../../engine/types';
import type { PlanEntry } from '../plan';

/** The short identity every prompt starts from (keeps prompts small: no full biography). */
export interface PersonaCard {
  name: string;
  age: number;
  /** Innate traits. */
  traits: string;
  occupation: string;
  /** One or two sentences of background (learned traits). */
  background: string;
  /** What they are up to these days. */
  currently: string;
  /** Daily habits (sleep and wake times). */
  lifestyle: string;
}

/** A memory as shown in a prompt: an index the model can cite, and its text. */
export interface PromptMemory {
  /** Index within the prompt's list (1-based), cited as evidence; mapped back to ids by the caller. */
  index: number;
  description: string;
  /**
   * Optional importance (1–10). When a list is longer than a prompt shows, the most important
   * memories are kept (in their given order) rather than just the first ones.
   */
  importance?: number;
}

// ---------------------------------------------------------------------------------------------
// planDay: once per game day at wake-up.

export interface PlanDayInput {
  persona: PersonaCard;
  /** "Saturday, February 14, 2026" */
  date: string;
  /** What the persona did yesterday and what mattered (memories, most relevant first). */
  memories: string[];
  /** The persona's usual routine in time order (a strong prior, and the fail-safe). */
  usualRoutine: PlanEntry[];
  /** Important thoughts from the agent's inner voice (whispers) since the last plan: the plan should make room for them. */
  onMind?: string[];
}

export interface PlanDayOutput {
  /** Minutes since midnight. */
  wakeUpMinute: number;
  /** 5–8 broad goals for the day, in order. */
  goals: string[];
  /**
   * Hourly schedule covering the day from wake-up: one entry per block, in time order, the first
   * at wake-up (cleaned by the plan's cleanSchedule); `place` where the activity usually happens.
   */
  schedule: { startMinute: number; activity: string; place?: string }[];
  /** Revised "currently" status from yesterday's memories. */
  currently: string;
}

// ---------------------------------------------------------------------------------------------
// decomposeBlock: when an hour block starts (and for the next one).

export interface DecomposeBlockInput {
  persona: PersonaCard;
  date: string;
  /** `place`: where the activity usually happens, when known (shown as a hint, preferred on ties). */
  block: { startMinute: number; endMinute: number; activity: string; place?: string };
  /** Places the agent knows (world-relative addresses), the only valid choices. */
  knownPlaces: string[];
  /** Where the agent is now (world-relative address). */
  currentPlace: string;
  /** A few relevant memories (e.g. plans for today). */
  memories: string[];
}

export interface SubTask {
  /** Duration in minutes (the normaliser makes durations sum to the block length). */
  minutes: number;
  /** Present-progressive description: "grinding coffee beans". */
  description: string;
  /** One of knownPlaces (unknown names are mapped to the nearest known place). */
  place: string;
  emoji: string;
  event: EventTriple;
  /** The used object's new state, e.g. "brewing coffee"; omitted when no object is used. */
  objectState?: string;
}

export interface DecomposeBlockOutput {
  /** 5–15 minute sub-tasks covering the block exactly, in order. */
  tasks: SubTask[];
}

// ---------------------------------------------------------------------------------------------
// rateImportance: once per step per agent, all its new memories at once.

export interface RateImportanceInput {
  persona: PersonaCard;
  /** Descriptions to rate (already filtered: idle/sleeping events score 1 without a call). */
  memories: string[];
}

export interface RateImportanceOutput {
  /** One integer 1–10 per memory, same order and length (missing → 4). */
  scores: number[];
}

// ---------------------------------------------------------------------------------------------
// react: on perceiving another agent who is free.

export interface ReactInput {
  persona: PersonaCard;
  /** "07:40" */
  time: string;
  /** What the persona is doing now and where. */
  ownAction: string;
  other: { name: string; action: string; /** e.g. "neighbour", "never met" */ relation: string };
  /** What the persona remembers about the other, most relevant first. */
  memories: string[];
  /** When the two last talked and about what ("You last talked with Maria 3 hours ago (at 09:10): ..."); absent when never or when the setting is off. */
  lastChat?: string;
}

export interface ReactOutput {
  decision: 'talk' | 'wait' | 'continue';
  reason: string;
  /** When talking: the opening line. */
  firstLine?: string;
  /** When talking: how the persona sees the other, one or two sentences (reused for every line). */
  relationship?: string;
}

// ---------------------------------------------------------------------------------------------
// speak: each turn of a conversation.

export interface SpeakInput {
  persona: PersonaCard;
  partner: string;
  time: string;
  /** Where they are and what the persona was doing. */
  situation: string;
  /** How the persona sees the partner; empty on the listener's first line (the answer then adds one). */
  relationship: string;
  /** Memories retrieved about the partner and the conversation so far. */
  memories: string[];
  /** The conversation so far. */
  transcript: { speaker: string; text: string }[];
  /** When the two last talked before this conversation and about what; absent when never or when the setting is off. */
  lastChat?: string;
  /** The line number that will be produced (1-based) and the limit (16 = 8 rounds). */
  turn: number;
  maxTurns: number;
}

export interface SpeakOutput {
  line: string;
  /** True when this line closes the conversation. */
  end: boolean;
  /** Present when the input had no relationship summary. */
  relationship?: string;
}

// ---------------------------------------------------------------------------------------------
// speakLines: several lines of a conversation in one call, both speakers (conversationLinesPerCall > 1).

/** One side of a conversation as the speakLines prompt shows it. */
export interface SpeakerContext {
  persona: PersonaCard;
  /** What they were doing and where, one sentence. */
  situation: string;
  /** How this speaker sees the other; empty when not made yet (the answer then adds one). */
  relationship: string;
  /** Memories this speaker retrieved about the other and the conversation so far. */
  memories: string[];
  /** When the two last talked and about what, as this speaker remembers it; absent when never or the setting is off. */
  lastChat?: string;
}

export interface SpeakLinesInput {
  time: string;
  /** speakers[0] says the first of the new lines (the persona of the system prompt); then they take turns. */
  speakers: [SpeakerContext, SpeakerContext];
  /** The conversation so far. */
  transcript: { speaker: string; text: string }[];
  /** The line number of the first new line (1-based) and the conversation's limit. */
  turn: number;
  maxTurns: number;
  /** Most new lines to write (never past maxTurns). */
  lines: number;
}

export interface SpeakLinesOutput {
  /** The new lines in order, speakers taking turns from speakers[0] (0 or 1: the index in the input's speakers). */
  lines: { speaker: 0 | 1; text: string }[];
  /** True when the last of these lines closes the conversation. */
  end: boolean;
  /** How each speaker sees the other, for those whose relationship was empty in the input ('' when none). */
  relationships?: [string, string];
}

// ---------------------------------------------------------------------------------------------
// closeConversation: per participant when a conversation ends.

export interface CloseConversationInput {
  persona: PersonaCard;
  partner: string;
  time: string;
  transcript: { speaker: string; text: string }[];
  /** The rest of the current block's plan: each task's start (minutes since midnight, now at the earliest), what and where. */
  remainingPlan: { start: number; description: string; place: string }[];
  knownPlaces: string[];
  /** Minutes left in the current block. */
  blockMinutesLeft: number;
  /** Where the persona is now (world-relative address): a re-planned step with an unknown place goes here. */
  currentPlace?: string;
}

export interface CloseConversationOutput {
  /** One-sentence summary, stored as the chat memory's description. */
  summary: string;
  /** What the persona will do differently, stored as a thought. */
  planningThought: string;
  /** Something worth remembering from the talk (a fact, a promise, an invitation), stored as a thought. */
  memo: string;
  /** Re-planned rest of the block when the conversation changed plans; absent to keep the plan. */
  replan?: SubTask[];
}

// ---------------------------------------------------------------------------------------------
// reflect: when summed importance reaches the threshold (≤ 4 calls: questions, then insights).

export interface ReflectQuestionsInput {
  persona: PersonaCard;
  /** The ~100 most recent memories. */
  memories: PromptMemory[];
  /** Show every memory given (the reference's selection), not only the most important 20. */
  showAll?: boolean;
}

export interface ReflectQuestionsOutput {
  /** Exactly 3 salient high-level questions (none from the fail-safe: skip this reflection). */
  questions: string[];
}

export interface ReflectInsightsInput {
  persona: PersonaCard;
  question: string;
  /** Retrieved memories, numbered for citation. */
  memories: PromptMemory[];
  /** Show every retrieved memory (as the reference does), not only the most important 20. */
  showAll?: boolean;
}

export interface ReflectInsightsOutput {
  /** Up to 5 insights, each citing the memory indices it rests on (unknown indices dropped). */
  insights: { insight: string; evidence: number[]; importance: number }[];
}

// ---------------------------------------------------------------------------------------------
// answerInterview and innerVoice.

export interface AnswerInterviewInput {
  persona: PersonaCard;
  time: string;
  /** What the persona is doing now. */
  status: string;
  /** Retrieved memories for the question (up to 50, most relevant first). */
  memories: string[];
  /** Earlier turns of this interview. */
  history: { question: string; answer: string }[];
  question: string;
  /** How the persona sees the interviewer ("a stranger", "an inner voice"...). */
  interviewer: string;
}

export interface AnswerInterviewOutput {
  answer: string;
}

export interface InnerVoiceInput {
  persona: PersonaCard;
  time: string;
  status: string;
  /** The whispered line: "You want to run for mayor." */
  whisper: string;
}

export interface InnerVoiceOutput {
  /** The thought in the persona's own first-person-free description: "Sam wants to run for mayor". */
  thought: string;
  importance: number;
}
