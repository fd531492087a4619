/**
 * Reactions and dialogue, per agent: deciding what to do on seeing someone (react: talk, wait or
 * carry on, with the opening line and a relationship summary when talking), saying the next
 * line of a conversation (speak, conditioned on the relationship summary and memories retrieved
 * about the partner), and closing a conversation (a chat memory with transcript and summary, a
 * planning thought, a memo, and a re-plan of the rest of the piece when the talk changed plans;
 * a deferred result, landing a game minute after the conversation ended).
 */
import { formatClock, formatDate, minuteOfDay } from '../../engine/clock';
import type { AgentId, AgentState, Conversation } from '../../engine/types';
import type { Persona } from '../persona';
import type { CloseConversationOutput, ReactInput, ReactOutput } from '../tasks/contracts';
import { closeConversationTask, decomposeBlockTask, reactTask, speakLinesTask, speakTask } from '../tasks/index';
import type { SpeakerContext } from '../tasks/contracts';
import type { AgentResult } from './apply';
import { dueAfter, type DeferredEntry } from './deferred';
import { firstName } from '../tasks/promptParts';
import { currentPlaceOf, personaCard, stepsIn, type GenerativeDeps } from './deps';
import { activityAt, chunkIndexAt, remainingPlan, replannedRest, withSpan, type PieceSchedule } from './planning';
import type { AgentScratch, PlannedTask } from './scratch';

export type Reaction =
  | { kind: 'talk'; with: AgentId; firstLine: string; relationship?: string }
  | { kind: 'wait'; for: AgentId; untilStep: number }
  | { kind: 'continue' };

/** How `persona` knows `otherId`, in words for a prompt. */
export function relationOf(deps: GenerativeDeps, persona: Persona, otherId: AgentId): string {
  const own = persona.relationships.find((r) => r.id === otherId);
  if (own) return own.relation;
  const other = deps.personas.get(otherId);
  const theirs = other?.relationships.find((r) => r.id === persona.id);
  if (theirs) return `knows you (you are their ${theirs.relation})`;
  if (other && deps.stream.byKeyword(persona.id, other.name).length > 0) return 'acquaintance';
  return 'someone you have not met';
}

/** "25 minutes", "3 hours", "2 days": how long ago, roughly, for a prompt. */
function agoText(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes < 90) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.round(minutes / 60);
  if (hours < 36) return `${hours} hours`;
  return `${Math.round(hours / 24)} days`;
}

/**
 * When `persona` last talked with `partner` and about what, from the newest chat memory with
 * them created before `time` (the reference tells both its decide-to-talk and its conversation
 * prompts this). Undefined when they never talked or the setting is off.
 */
export function lastChatWith(deps: GenerativeDeps, agentId: AgentId, partner: string, time: number): string | undefined {
  if (!deps.config.lastChatContext) return undefined;
  let last: { created: number; description: string } | undefined;
  for (const m of deps.stream.byKeyword(agentId, partner)) {
    if (m.type !== 'chat' || m.triple[2] !== partner || m.created >= time) continue;
    if (!last || m.created > last.created) last = m;
  }
  if (!last) return undefined;
  return `You last talked with ${firstName(partner)} ${agoText(time - last.created)} ago (at ${formatClock(last.created)}): ${last.description}`;
}

/** The focal text for memories about someone (react and speak retrieve with it). */
export function aboutFocal(otherName: string, context: string): string {
  return `${otherName} ${context}`.trim();
}

/** One react call: what `self` does on seeing `other`. */
export async function react(deps: GenerativeDeps, self: AgentState, other: AgentState, persona: Persona, scratch: Readonly<AgentScratch>, step: number, time: number): Promise<Reaction> {
  const input = await reactInput(deps, self, other, persona, scratch, step, time);
  const result = await deps.call(reactTask, input, self.id, step);
  return reactionFrom(deps, result.value, { other: other.id, otherName: other.name, otherEnds: other.action.startStep + other.action.durationSteps }, step);
}

/** The react prompt's input: memories about the other retrieved now (retrieval touches them). */
async function reactInput(deps: GenerativeDeps, self: AgentState, other: AgentState, persona: Persona, scratch: Readonly<AgentScratch>, step: number, time: number): Promise<ReactInput> {
  const minute = minuteOfDay(time);
  const memories = await deps.retrieve(self.id, aboutFocal(other.name, other.action.description), deps.config.retrieveForReaction, { step, time });
  const ownActivity = activityAt(scratch.plan, minute) ?? self.action.description;
  return {
    persona: personaCard(persona, scratch),
    time: formatClock(time),
    ownAction: `${ownActivity} at ${currentPlaceOf(deps.map, self)}`,
    other: { name: other.name, action: other.action.description, relation: relationOf(deps, persona, other.id) },
    memories: memories.map((m) => m.memory.description),
    lastChat: lastChatWith(deps, self.id, other.name, time),
  };
}

/** A react answer as a decision taken at `step` (a wait lasts until the other's action ends, at most waitMaxMinutes). */
function reactionFrom(deps: GenerativeDeps, answer: ReactOutput, about: { other: AgentId; otherName: string; otherEnds: number }, step: number): Reaction {
  if (answer.decision === 'talk') {
    return { kind: 'talk', with: about.other, firstLine: answer.firstLine?.trim() || `Hi ${firstName(about.otherName)}!`, relationship: answer.relationship };
  }
  if (answer.decision === 'wait') {
    const longest = step + Math.max(1, stepsIn(deps.config.waitMaxMinutes, deps.clock.stepMs));
    return { kind: 'wait', for: about.other, untilStep: Math.max(step + 1, Math.min(longest, about.otherEnds)) };
  }
  return { kind: 'continue' };
}

export const REACT_KIND = 'react';

/** What a deferred reaction lands with (plain JSON, read when it started). */
export interface ReactContext {
  other: AgentId;
  otherName: string;
  /** The step the other's action (as seen when the reaction started) ends. */
  otherEnds: number;
  /** The agent had waited for the other before (a second wait means carrying on). */
  afterWait: boolean;
}

/**
 * The step a reaction started at `step` lands at: the next step that is a multiple of
 * `deferReactionMinutes` of game time, at least that long after (undefined: deferring is off,
 * decide now).
 */
export function reactionDueStep(deps: GenerativeDeps, step: number): number | undefined {
  const minutes = deps.config.deferReactionMinutes;
  return minutes > 0 ? dueAfter(step, minutes, deps.clock.stepMs, minutes) : undefined;
}

/**
 * How far apart (tiles, either axis) two may be when a deferred reaction lands for its talk or
 * wait to hold: twice the vision radius. Measured on the scripted town (a game day of six on the
 * Hamlet map): with the check "still in view" the day had 24 chat memories instead of 34 (people
 * who meet while walking have walked on); within twice the radius it had 34, as deciding at once.
 */
export const REACTION_REACH_RADII = 2;

/** Starts a reaction as deferred work landing at `dueStep` (see reactionDueStep and landReaction). */
export async function startReaction(
  deps: GenerativeDeps,
  self: AgentState,
  other: AgentState,
  persona: Persona,
  scratch: Readonly<AgentScratch>,
  afterWait: boolean,
  step: number,
  time: number,
  dueStep: number,
): Promise<AgentResult> {
  const input = await reactInput(deps, self, other, persona, scratch, step, time);
  const entry: DeferredEntry<ReactContext> = {
    key: `react:${self.id}:${step}`,
    kind: REACT_KIND,
    agentId: self.id,
    startStep: step,
    dueStep,
    calls: [{ task: reactTask.name, input }],
    context: { other: other.id, otherName: other.name, otherEnds: other.action.startStep + other.action.durationSteps, afterWait },
  };
  return { kind: 'defer', entry };
}

/**
 * Lands a deferred reaction at `step`: the decision holds only if the other is still near
 * (within REACTION_REACH_RADII vision radii; the opener walks to them) — the talk itself starts
 * if both are still free and awake (chooseIntents checks). A wait lasts from now as it would
 * have from the start; a second wait for the same person means carrying on.
 */
export function landReaction(deps: GenerativeDeps, self: AgentState, other: AgentState | undefined, context: ReactContext, answer: ReactOutput, step: number): Reaction | undefined {
  const reach = REACTION_REACH_RADII * deps.config.visionRadiusTiles;
  if (!other || Math.max(Math.abs(self.tile.x - other.tile.x), Math.abs(self.tile.y - other.tile.y)) > reach) return undefined;
  const reaction = reactionFrom(deps, answer, context, step);
  return reaction.kind === 'wait' && context.afterWait ? { kind: 'continue' } : reaction;
}

/** Names for speaker ids in transcripts. */
export type NameOf = (id: AgentId) => string;

/** One speak call: `self`'s next line in `conversation`. */
export async function speak(
  deps: GenerativeDeps,
  self: AgentState,
  conversation: Conversation,
  persona: Persona,
  scratch: AgentScratch,
  relationship: string,
  nameOf: NameOf,
  step: number,
  time: number,
): Promise<{ text: string; end: boolean; relationship?: string }> {
  const partnerId = conversation.participants.find((p) => p !== self.id)!;
  const partner = nameOf(partnerId);
  const minute = minuteOfDay(time);
  const last = conversation.lines[conversation.lines.length - 1];
  const memories = await deps.retrieve(self.id, aboutFocal(partner, last?.text ?? ''), deps.config.retrieveForUtterance, { step, time });
  const turn = conversation.lines.length + 1;
  const maxTurns = deps.config.maxConversationLines;
  const doing = activityAt(scratch.plan, minute);
  const result = await deps.call(
    speakTask,
    {
      persona: personaCard(persona, scratch),
      partner,
      time: formatClock(time),
      situation: `You are at ${currentPlaceOf(deps.map, self)}${doing ? `; you were ${doing}` : ''}.`,
      relationship,
      memories: memories.map((m) => m.memory.description),
      transcript: conversation.lines.map((l) => ({ speaker: nameOf(l.speaker), text: l.text })),
      lastChat: lastChatWith(deps, self.id, partner, time),
      turn,
      maxTurns,
    },
    self.id,
    step,
  );
  return { text: result.value.line, end: result.value.end || turn >= maxTurns, relationship: result.value.relationship };
}

/** One side of a conversation, for speakLines. */
export interface Side {
  agent: AgentState;
  persona: Persona;
  scratch: AgentScratch;
  /** How this person sees the other ('' when not made yet). */
  relationship: string;
}

/** A line written ahead by speakLines: said at the step where the conversation has `index` lines and `speaker` is next. */
export interface AheadLine {
  index: number;
  speaker: AgentId;
  text: string;
  end: boolean;
}

/**
 * One speakLines call (conversationLinesPerCall > 1): the next lines of `conversation`, `self`
 * first and then the two taking turns, each side with its own retrieved memories, situation,
 * view of the other and last chat. Returns them numbered by their place in the conversation;
 * the mind says the first now and keeps the rest for their steps. Relationship summaries that
 * were missing come back by agent.
 */
export async function speakAhead(
  deps: GenerativeDeps,
  self: Side,
  partner: Side,
  conversation: Conversation,
  nameOf: NameOf,
  step: number,
  time: number,
): Promise<{ lines: AheadLine[]; relationships: Map<AgentId, string> }> {
  const minute = minuteOfDay(time);
  const last = conversation.lines[conversation.lines.length - 1];
  const contextOf = async (me: Side, other: Side): Promise<SpeakerContext> => {
    const memories = await deps.retrieve(me.agent.id, aboutFocal(other.agent.name, last?.text ?? ''), deps.config.retrieveForUtterance, { step, time });
    const doing = activityAt(me.scratch.plan, minute);
    return {
      persona: personaCard(me.persona, me.scratch),
      situation: `at ${currentPlaceOf(deps.map, me.agent)}${doing ? `; was ${doing}` : ''}.`,
      relationship: me.relationship,
      memories: memories.map((m) => m.memory.description),
      lastChat: lastChatWith(deps, me.agent.id, other.agent.name, time),
    };
  };
  // In turn, not at once: each retrieval touches its own memories, the order is fixed.
  const mine = await contextOf(self, partner);
  const theirs = await contextOf(partner, self);
  const turn = conversation.lines.length + 1;
  const maxTurns = deps.config.maxConversationLines;
  const result = await deps.call(
    speakLinesTask,
    {
      time: formatClock(time),
      speakers: [mine, theirs],
      transcript: conversation.lines.map((l) => ({ speaker: nameOf(l.speaker), text: l.text })),
      turn,
      maxTurns,
      lines: deps.config.conversationLinesPerCall,
    },
    self.agent.id,
    step,
  );
  const ids = [self.agent.id, partner.agent.id];
  const answer = result.value;
  const lines = answer.lines.map((l, i) => ({ index: conversation.lines.length + i, speaker: ids[l.speaker], text: l.text, end: false }));
  const final = lines[lines.length - 1];
  final.end = answer.end || final.index + 1 >= maxTurns;
  const relationships = new Map<AgentId, string>();
  answer.relationships?.forEach((text, i) => {
    if (text.trim()) relationships.set(ids[i], text.trim());
  });
  return { lines, relationships };
}

/** What a deferred closeConversation lands with (plain JSON, read when the conversation ended). */
export interface CloseContext {
  partner: string;
  /** The conversation's lines, for the chat memory's transcript. */
  lines: Conversation['lines'];
  /** The plan's day and the minute the re-plan starts from (when the conversation ended). */
  day: number | null;
  minute: number;
  /** For replanAfterChat: the minute the conversation began, and where the agent was when it ended. */
  startMinute: number;
  place: string;
}

export const CLOSE_KIND = 'close';

/**
 * One closeConversation call for a participant, as deferred work (landing `deferCloseMinutes`
 * later: see deferred.ts and `landClose`).
 */
export function startClose(
  deps: GenerativeDeps,
  self: AgentState,
  conversation: Conversation,
  persona: Persona,
  scratch: Readonly<AgentScratch>,
  nameOf: NameOf,
  step: number,
  time: number,
): AgentResult {
  const partnerId = conversation.participants.find((p) => p !== self.id)!;
  const partner = nameOf(partnerId);
  const minute = minuteOfDay(time);
  const plan = scratch.plan;
  const index = plan ? chunkIndexAt(plan, minute) : -1;
  const chunk = index >= 0 ? plan!.chunks[index] : undefined;
  const known = deps.known.get(self.id)!;
  const transcript = conversation.lines.map((l) => ({ speaker: nameOf(l.speaker), text: l.text }));
  const input = {
    persona: personaCard(persona, scratch),
    partner,
    time: formatClock(time),
    transcript,
    remainingPlan: remainingPlan(chunk, minute),
    knownPlaces: deps.spatial.knownRelative(known),
    blockMinutesLeft: chunk?.tasks ? chunk.end - minute : 0,
    currentPlace: currentPlaceOf(deps.map, self),
  };
  const entry: DeferredEntry<CloseContext> = {
    key: `close:${self.id}:${conversation.id}`,
    kind: CLOSE_KIND,
    agentId: self.id,
    startStep: step,
    dueStep: dueAfter(step, deps.config.deferCloseMinutes, deps.clock.stepMs, deps.config.deferLandingEveryMinutes),
    calls: [{ task: closeConversationTask.name, input }],
    context: {
      partner,
      lines: conversation.lines.map((l) => ({ ...l })),
      day: plan?.day ?? null,
      minute,
      startMinute: minuteOfDay(deps.clock.timeAt(conversation.startStep)),
      place: input.currentPlace,
    },
  };
  return { kind: 'defer', entry };
}

/**
 * Lands a closeConversation answer: returns the chat memory and the two thoughts (importance
 * rated in the agent's batch), a re-plan of the piece that was under way when the conversation
 * ended (if the day plan is still that day's), and the places the talk named. With
 * replanAfterChat the piece is decomposed again here, one call waited for at the landing step
 * (`step`, `time`): the reference's behaviour, not the default.
 */
export async function landClose(
  deps: GenerativeDeps,
  agentId: AgentId,
  persona: Persona,
  scratch: Readonly<AgentScratch>,
  context: CloseContext,
  answer: CloseConversationOutput,
  step: number,
  time: number,
): Promise<AgentResult[]> {
  const known = deps.known.get(agentId)!;
  const { partner, minute } = context;
  const plan = scratch.plan && scratch.plan.day === context.day ? scratch.plan : null;
  const index = plan ? chunkIndexAt(plan, minute) : -1;
  const chunk = index >= 0 ? plan!.chunks[index] : undefined;
  const results: AgentResult[] = [];
  if (answer.replan?.length && chunk?.tasks) {
    results.push({ kind: 'pieceTasks', chunk, ...scheduled(replannedRest(chunk, minute, answer.replan)) }, { kind: 'reissueAction' });
  } else if (deps.config.replanAfterChat && chunk?.tasks) {
    // The reference: the chat goes into the schedule from its start, and the rest of the piece
    // is decomposed again (its plan was made before the talk and its times are past).
    const startMinute = context.startMinute;
    const from = startMinute <= minute ? startMinute : chunk.start; // a talk begun before midnight
    let piece: PieceSchedule & { start: number; end: number } = { start: chunk.start, end: chunk.end, tasks: chunk.tasks, version: chunk.version };
    if (chunk.end - minute >= 5) {
      const redo = await deps.call(
        decomposeBlockTask,
        {
          persona: personaCard(persona, scratch),
          date: formatDate(time),
          block: { startMinute: minute, endMinute: chunk.end % 1440, activity: chunk.activity },
          knownPlaces: deps.spatial.knownRelative(known),
          currentPlace: context.place,
          memories: [answer.summary, answer.planningThought].filter((x) => x.trim() !== ''),
        },
        agentId,
        step,
      );
      if (redo.outcome !== 'fail-safe' && redo.value.tasks.length) piece = { ...piece, ...replannedRest(piece, minute, redo.value.tasks) };
    }
    piece = {
      ...piece,
      ...withSpan(piece, from, minute, {
        description: `talking with ${partner}`,
        place: context.place,
        emoji: '💬',
        event: [persona.name, 'is talking with', partner],
      }),
    };
    results.push({ kind: 'pieceTasks', chunk, ...scheduled(piece) }, { kind: 'reissueAction' });
  }
  results.push({ kind: 'learnPlaces', text: [...context.lines.map((l) => l.text), answer.summary, answer.memo, answer.planningThought].join('\n') });
  results.push({
    kind: 'memories',
    drafts: [
      {
        type: 'chat',
        description: answer.summary,
        triple: [persona.name, 'talked with', partner],
        keywords: [persona.name, partner],
        transcript: context.lines.map((l) => ({ ...l })),
        embeddingText: answer.summary,
        rateLater: true,
      },
      { type: 'thought', description: answer.planningThought, triple: [persona.name, 'plans', 'after talking with ' + partner], keywords: [persona.name, partner, 'plan'], evidenceDrafts: [0], rateLater: true },
      { type: 'thought', description: answer.memo, triple: [persona.name, 'remembers', `what ${partner} said`], keywords: [persona.name, partner], evidenceDrafts: [0], rateLater: true },
    ],
  });
  return results;
}

/** A re-planned schedule as a pieceTasks result's fields (a piece being re-planned has tasks). */
function scheduled(schedule: PieceSchedule): { tasks: PlannedTask[]; version: number } {
  return { tasks: schedule.tasks ?? [], version: schedule.version };
}
