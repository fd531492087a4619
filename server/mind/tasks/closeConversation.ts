/**
 * closeConversation (per participant, when a conversation ends): a one-sentence summary (the chat
 * memory's description), a planning thought, a memo, and — only when the talk changed the
 * persona's plans — the re-planned rest of the current block. One call instead of the
 * reference's three, plus the re-plan it did separately.
 */
import { z } from 'zod';
import { defineTask } from '../../llm/task';
import type { CloseConversationInput, CloseConversationOutput } from './contracts';
import { asRecord, cleanText, isNothing, listFrom, looksCut, parseTimeOfDay, pick } from './answerRepairs';
import { renderKnownPlaces } from './placeChoice';
import { clip, clockText, firstName, jsonReply, personaPrompt, PROMPT_LIMITS, shape } from './promptParts';
import { repairSubTasks, SubTaskSchema, subTaskShape } from './subTasks';

const text = z.string().trim().min(1);

const NO_REPLAN = /^(?:|none|null|n\/?a|no|nothing|false|-+|no changes?|unchanged|same|keep (?:the |my )?(?:current |same )?plan)\.?$/i;

const CloseSchema = z.object({
  summary: text,
  planningThought: text,
  memo: text,
  replan: z.array(SubTaskSchema).min(1).optional(),
});

/** "Ana talked with Klaus; Klaus said: …" — from the transcript alone, for the fail-safe. */
function transcriptSummary(input: CloseConversationInput): string {
  const lines = input.transcript.filter((l) => l.text.trim());
  if (lines.length === 0) return `${input.persona.name} and ${input.partner} met briefly at ${input.time} but said nothing.`;
  const opener = lines[0];
  return `${input.persona.name} talked with ${input.partner} at ${input.time}; ${opener.speaker} began: "${clip(opener.text, 100)}"`;
}

function defaultPlanningThought(input: CloseConversationInput): string {
  return `${input.persona.name} will carry on with the plan after talking with ${input.partner}.`;
}

/** The partner's last words, verbatim: the one thing the fail-safe can honestly remember. */
function defaultMemo(input: CloseConversationInput): string {
  const said = [...input.transcript].reverse().find((l) => l.speaker !== input.persona.name && l.text.trim());
  return said ? `${input.partner} said: "${clip(said.text, 160)}"` : `${input.persona.name} talked with ${input.partner} at ${input.time}.`;
}

/** "HH:MM" of now, as minutes, to read clock times in a re-plan. */
function nowMinute(input: CloseConversationInput): number | undefined {
  return parseTimeOfDay(input.time);
}

/** Where the rest of the block was going to happen, in plan order. */
function planPlaces(input: CloseConversationInput): string[] {
  return input.remainingPlan.map((t) => t.place).filter((p) => !!p);
}

/** A remaining task as the prompt shows it: "HH:MM description @ place". */
function planLine(task: CloseConversationInput['remainingPlan'][number]): string {
  return `${clockText(task.start)} ${task.description} @ ${task.place}`;
}

function normalizeClose(value: unknown, input: CloseConversationInput): CloseConversationOutput {
  const obj = asRecord(value);
  if (!obj) throw new Error('expected an object with a summary');
  const summary = cleanText(pick(obj, ['summary', 'conversationSummary', 'chatSummary', 'description']));
  if (!summary || isNothing(summary)) throw new Error('summary is empty');
  let thought = cleanText(pick(obj, ['planningThought', 'planning', 'planThought', 'thought', 'nextStep', 'plan']));
  const memo = cleanText(pick(obj, ['memo', 'note', 'memory', 'remember', 'fact', 'takeaway']));
  // Fields come in order summary, planningThought, memo: a missing later field after a text that
  // stops mid-sentence means the answer was cut off there.
  if (!thought && !memo && looksCut(summary)) throw new Error('the summary seems cut off');
  if (thought && !memo && looksCut(thought)) thought = '';
  const out: CloseConversationOutput = {
    summary: clip(summary, 300),
    planningThought: thought && !isNothing(thought) ? clip(thought, 240) : defaultPlanningThought(input),
    memo: memo && !isNothing(memo) ? clip(memo, 240) : defaultMemo(input),
  };
  const replanRaw = pick(obj, ['replan', 'rePlan', 'newPlan', 'revisedPlan', 'updatedPlan', 'tasks', 'steps']);
  // "none", "no change", "keep the plan" (alone or as a one-item list) mean no re-plan.
  const items = replanRaw === false ? undefined : listFrom(replanRaw, [])?.filter((i) => !(typeof i === 'string' && NO_REPLAN.test(cleanText(i))));
  if (items && items.length > 0 && input.blockMinutesLeft >= 1) {
    const now = nowMinute(input);
    const places = planPlaces(input);
    const current = input.currentPlace ?? places[0] ?? input.knownPlaces[0] ?? '';
    try {
      out.replan = repairSubTasks(items, {
        name: input.persona.name,
        totalMinutes: input.blockMinutesLeft,
        startMinute: now,
        endMinute: now === undefined ? undefined : (now + input.blockMinutesLeft) % 1440,
        knownPlaces: input.knownPlaces,
        currentPlace: current,
        // A step at an unknown place stays where the persona is (the old plan's places may no longer apply).
        blockPlace: input.currentPlace ? undefined : places[0],
        prefer: input.currentPlace ? [...places, input.currentPlace] : places,
      });
    } catch {
      // A re-plan with no usable step means: keep the plan.
    }
  }
  return out;
}

function buildPrompt(input: CloseConversationInput) {
  const first = firstName(input.partner);
  const me = firstName(input.persona.name);
  const lines = input.transcript.slice(-PROMPT_LIMITS.closeTranscript);
  const canReplan = input.blockMinutesLeft >= 1;
  const places = planPlaces(input);
  return personaPrompt(input.persona, [
    `It is ${input.time}. You just talked with ${input.partner}:`,
    lines.length ? lines.map((l) => `${l.speaker}: ${clip(l.text, 200)}`).join('\n') : '(nothing was said)',
    canReplan ? `Your plan for the next ${input.blockMinutesLeft} minutes:` : '',
    canReplan ? (input.remainingPlan.length ? input.remainingPlan.slice(0, PROMPT_LIMITS.closePlan).map((t) => clip(planLine(t), 120)).join('\n') : '(nothing planned)') : '',
    canReplan ? `Places you know:\n${renderKnownPlaces(input.knownPlaces, input.currentPlace ? [input.currentPlace, ...places] : places, input.remainingPlan.map(planLine).join(' '), PROMPT_LIMITS.closePlaces)}` : '',
    `Write in the third person: a one-sentence summary of the talk, a planning thought (what ${me} will do differently, if anything), and a memo (a fact, promise or invitation worth remembering).`,
    canReplan
      ? `Only if the talk changes your next ${input.blockMinutesLeft} minutes, add "replan": steps (minutes, description, place "Sector:arena:object", emoji) adding up to ${input.blockMinutesLeft}.`
      : '',
    jsonReply({ summary: `${me} and ${first} talked about ...`, planningThought: `${me} will ...`, memo: `${first} ...` }, canReplan ? 'replan only when plans change' : ''),
  ]);
}

/** closeConversation: see the module comment. Fail-safe: a summary from the transcript, no re-plan. */
export const closeConversationTask = defineTask<CloseConversationInput, CloseConversationOutput>({
  name: 'closeConversation',
  build: buildPrompt,
  schema: CloseSchema,
  jsonSchema: shape.obj({ summary: shape.str, planningThought: shape.str, memo: shape.str, replan: shape.arr(subTaskShape) }, ['summary', 'planningThought', 'memo']),
  maxTokens: 400,
  temperature: 0.3,
  normalize: normalizeClose,
  failSafe: (input) => ({ summary: transcriptSummary(input), planningThought: defaultPlanningThought(input), memo: defaultMemo(input) }),
});
