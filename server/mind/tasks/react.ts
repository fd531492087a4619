/**
 * react (on perceiving another agent who is free): talk, wait or carry on, with a reason; when
 * talking, also the opening line and how the persona sees the other, so the conversation's first
 * turn and its relationship summary cost no extra call.
 */
import { z } from 'zod';
import { defineTask } from '../../llm/task';
import type { ReactInput, ReactOutput } from './contracts';
import { asRecord, cleanText, isNothing, pick } from './answerRepairs';
import { bulletList, clip, firstName, jsonReply, personaPrompt, PROMPT_LIMITS, shape } from './promptParts';

const DECISIONS = ['talk', 'wait', 'continue'] as const;
type Decision = (typeof DECISIONS)[number];

const ReactSchema = z.object({
  decision: z.enum(DECISIONS),
  reason: z.string(),
  firstLine: z.string().trim().min(1).optional(),
  relationship: z.string().trim().min(1).optional(),
});

/**
 * The decision a free-form answer means: "yes" / "talk to them" / "say hi" → talk;
 * "wait" / "later" → wait; "no" / "ignore" / "carry on" → continue. Undefined when unclear.
 */
export function readDecision(value: unknown): Decision | undefined {
  if (typeof value === 'boolean') return value ? 'talk' : 'continue';
  if (typeof value !== 'string') return undefined;
  const s = ` ${value.toLowerCase().replace(/[^a-z' ]+/g, ' ').replace(/\s+/g, ' ').trim()} `;
  if (/^ (talk|wait|continue) $/.test(s)) return s.trim() as Decision;
  if (/ (wait|later|until|pause|hold on|when (they|he|she) (is|are) (free|done)) /.test(s)) return 'wait';
  if (/ (no|nope|don't|do not|not|ignore|continue|carry on|keep|go on|proceed|skip|nothing|pass|move on|stay focused) /.test(s)) return 'continue';
  if (/ (yes|yeah|sure|y|talk|chat|greet|say|approach|conversation|converse|hello|hi|join|speak|engage|ask) /.test(s)) return 'talk';
  return undefined;
}

function normalizeReaction(value: unknown, input: ReactInput): ReactOutput {
  const obj = asRecord(value);
  if (!obj) throw new Error('expected an object with a decision');
  const decisionRaw = pick(obj, ['decision', 'action', 'choice', 'answer', 'react', 'reaction', 'response', 'shouldTalk', 'talk']);
  const decision = readDecision(decisionRaw);
  if (!decision) throw new Error(`decision must be talk, wait or continue (got ${JSON.stringify(decisionRaw ?? null)})`);
  const names = [input.persona.name, firstName(input.persona.name), 'me', 'I'];
  const out: ReactOutput = { decision, reason: clip(cleanText(pick(obj, ['reason', 'why', 'reasoning', 'explanation', 'because'])), 200) };
  if (decision === 'talk') {
    const line = cleanText(pick(obj, ['firstLine', 'line', 'opening', 'openingLine', 'greeting', 'say', 'utterance', 'message']), names);
    const relationship = cleanText(pick(obj, ['relationship', 'relation', 'relationshipSummary', 'opinion', 'view']));
    if (line && !isNothing(line)) out.firstLine = clip(line, 240);
    if (relationship && !isNothing(relationship)) out.relationship = clip(relationship, 240);
  }
  return out;
}

/** react: see the module comment. Fail-safe: continue (keep doing what the persona does). */
export const reactTask = defineTask<ReactInput, ReactOutput>({
  name: 'react',
  build: (input) => {
    const other = input.other.name;
    const first = firstName(other);
    return personaPrompt(input.persona, [
      `It is ${input.time}. You are ${clip(input.ownAction, 120)}.`,
      `You see ${other} (${clip(input.other.relation, 60)}), who is ${clip(input.other.action, 120)}.`,
      input.lastChat ? clip(input.lastChat, 280) : '',
      `What you remember about ${first}:`,
      bulletList(input.memories, PROMPT_LIMITS.reactMemories),
      `Do you talk to ${first} now, wait until ${first} is free, or continue what you are doing?`,
      jsonReply(
        { decision: 'talk', reason: 'why, briefly', firstLine: `what you say to ${first}`, relationship: `how you see ${first}, one sentence` },
        'decision is talk, wait or continue; firstLine and relationship only when you talk',
      ),
    ]);
  },
  schema: ReactSchema,
  jsonSchema: shape.obj(
    { decision: shape.enum(DECISIONS), reason: shape.str, firstLine: shape.str, relationship: shape.str },
    ['decision', 'reason'],
  ),
  maxTokens: 150,
  temperature: 0.3,
  normalize: normalizeReaction,
  failSafe: () => ({ decision: 'continue', reason: 'no decision could be had from the model; carrying on' }),
});
