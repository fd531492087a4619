/**
 * A scripted "town model" for tests: a ScriptedModel that answers every generative-mind task
 * (server/mind/tasks) realistically from the prompt alone — day plans from the usual routine in
 * the prompt, steps at places from the prompt's list with durations that fill the block, talks
 * with acquaintances some of the time, short conversations that end after a few lines,
 * reflections that cite real memory numbers — and, at a chosen rate, answers broken the ways
 * small models break them (prose around JSON, code fences, trailing commas, single quotes,
 * numbers as words, out-of-range values, unknown places and names, truncation, empty answers).
 *
 * Fully deterministic: every choice comes from a hash of the request's prompt (and `seed`), so
 * the same prompt always gets the same answer. A retry has a different prompt (it carries the
 * rejected answer and the feedback), so it may well get a good answer.
 */
import type { GenerateRequest } from '../../server/llm/types';
import { defaultEmoji, isSleepActivity } from '../../server/mind/tasks/activityHints';
import { fnv1a, ScriptedModel } from './scriptedModel';

export const MALFORMATIONS = [
  'prose',
  'fence',
  'trailing-commas',
  'single-quotes',
  'number-words',
  'out-of-range',
  'unknown-names',
  'truncated',
  'empty',
] as const;
export type Malformation = (typeof MALFORMATIONS)[number];

export interface TownScriptOptions {
  /** Fraction (0–1) of answers that come back broken; which ones is decided by the prompt's hash. Default 0. */
  malformedRate?: number;
  /** The kinds of breakage to use (default: all of MALFORMATIONS). */
  malformations?: readonly Malformation[];
  /** Fraction (0–1) of react calls about an acquaintance that decide to talk. Default 0.5. */
  talkRate?: number;
  /**
   * People whose "currently" carries news (a party, an election) tell it in their conversations
   * (their third or fourth line), and the summary of a conversation is about the news when there
   * was some: an invitation spreads by word of mouth (the experiments' diffusion). Default false.
   */
  tellNews?: boolean;
  /** Salt for the hash: another seed gives other (still deterministic) choices. */
  seed?: string;
  /** Model name reported in results. Default "town-script". */
  name?: string;
}

/** One answer and how it was broken, if it was. */
export interface TownScriptAnswer {
  text: string;
  malformed?: Malformation;
}

/** A ScriptedModel answering every mind task from its prompt; see the module comment. */
export function createTownScriptModel(options: TownScriptOptions = {}): ScriptedModel {
  return new ScriptedModel({ name: options.name ?? 'town-script', respond: (request) => townScriptAnswer(request, options).text });
}

/** The answer the town script gives to a request (exported for tests of the script itself). */
export function townScriptAnswer(request: GenerateRequest, options: TownScriptOptions = {}): TownScriptAnswer {
  const prompt = ScriptedModel.promptText(request);
  const seed = options.seed ?? '';
  const ctx = new PromptContext(request, seed);
  const task = request.tag?.task ?? '';
  const answer = ANSWERS[task]?.(ctx, options) ?? {};
  const good = JSON.stringify(answer);
  const rate = Math.min(1, Math.max(0, options.malformedRate ?? 0));
  if (rate > 0 && unit(fnv1a(`${seed}|malformed|${prompt}`)) < rate) {
    const kinds = options.malformations?.length ? options.malformations : MALFORMATIONS;
    const kind = kinds[fnv1a(`${seed}|kind|${prompt}`) % kinds.length];
    return { text: malform(answer, good, kind, ctx), malformed: kind };
  }
  return { text: good };
}

// ---------------------------------------------------------------- hashing

/** A hash as a number in [0, 1). */
function unit(h: number): number {
  return h / 2 ** 32;
}

// ---------------------------------------------------------------- reading the prompt

class PromptContext {
  readonly system: string;
  /** The task's own prompt (the first user message; retries add more messages after it). */
  readonly body: string;
  readonly lines: string[];
  readonly name: string;
  readonly first: string;

  constructor(
    request: GenerateRequest,
    private readonly seed: string,
  ) {
    this.system = request.system ?? '';
    this.body = request.messages.find((m) => m.role === 'user')?.content ?? '';
    this.lines = this.body.split('\n');
    this.name = /^You are (.+?), \d+,/.exec(this.system)?.[1] ?? 'Someone';
    this.first = this.name.split(' ')[0];
  }

  /** A deterministic choice among n options, keyed by a label and the task prompt. */
  pick(label: string, n: number): number {
    return n <= 0 ? 0 : fnv1a(`${this.seed}|${label}|${this.system}|${this.body}`) % n;
  }

  chance(label: string): number {
    return unit(fnv1a(`${this.seed}|${label}|${this.system}|${this.body}`));
  }

  /** The lines after the one starting with `heading`, up to the next line that is not part of the list. */
  section(heading: string, isItem: (line: string) => boolean = (l) => l.startsWith('- ')): string[] {
    const start = this.lines.findIndex((l) => l.startsWith(heading));
    if (start < 0) return [];
    const out: string[] = [];
    for (const line of this.lines.slice(start + 1)) {
      if (!isItem(line)) break;
      out.push(line);
    }
    return out;
  }

  bullets(heading: string): string[] {
    return this.section(heading)
      .map((l) => l.slice(2).trim())
      .filter((l) => l !== '(none)');
  }

  match(re: RegExp): RegExpExecArray | null {
    return re.exec(this.body);
  }
}

const CLOCK = /^\d{2}:\d{2}/;
const toMinute = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const clock = (m: number) => `${String(Math.floor(m / 60) % 24).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** Durations in 5-minute units (when possible) that sum to `total`, `count` of them. */
function splitMinutes(total: number, count: number, ctx: PromptContext): number[] {
  const unitSize = total % 5 === 0 && total >= count * 5 ? 5 : 1;
  const units = total / unitSize;
  const n = Math.max(1, Math.min(count, units));
  const out = new Array<number>(n).fill(Math.floor(units / n));
  for (let i = 0; i < units - Math.floor(units / n) * n; i++) out[(i + ctx.pick('split', n)) % n]++;
  return out.map((u) => u * unitSize);
}

/** "Corner Cafe: cafe floor (counter, table); kitchen (oven)" lines → addresses. */
function placesFrom(lines: string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const colon = line.indexOf(': ');
    if (colon < 0) {
      out.push(line.trim());
      continue;
    }
    const sector = line.slice(0, colon);
    for (const arenaText of line.slice(colon + 2).split('; ')) {
      const m = /^(.+?) \((.+)\)$/.exec(arenaText);
      if (!m) out.push(`${sector}:${arenaText}`);
      else for (const object of m[2].split(', ')) out.push(`${sector}:${m[1]}:${object}`);
    }
  }
  return out;
}

const words = (text: string) => (text.toLowerCase().match(/[a-z]{3,}/g) ?? []).filter((w) => !['the', 'and', 'for', 'with', 'you', 'your', 'are', 'was'].includes(w));

function bestPlace(activity: string, places: string[], fallback: string): string {
  const want = words(activity);
  if (isSleepActivity(activity)) return places.find((p) => /\bbed$/.test(p)) ?? fallback;
  let best = fallback;
  let bestScore = 0;
  for (const p of places) {
    const score = words(p).filter((w) => want.some((a) => a.startsWith(w.slice(0, 4)))).length;
    if (score > bestScore) [best, bestScore] = [p, score];
  }
  return best;
}

// ---------------------------------------------------------------- answers per task

/** News worth telling (tellNews). */
const NEWS = /\b(party|mayor|election|invit)/i;

type Answerer = (ctx: PromptContext, options: TownScriptOptions) => Record<string, unknown>;

const ANSWERS: Record<string, Answerer> = {
  choosePlace(ctx) {
    // One of the quoted options, the one where the person is when it is offered, else a seeded pick.
    const list = /Options: (.+)\.\n/.exec(ctx.body)?.[1] ?? '';
    const options = [...list.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
    const here = /You are at ([^;]+);/.exec(ctx.body)?.[1]?.split(':') ?? [];
    const stay = options.find((o) => here.includes(o));
    return { choice: stay ?? options[ctx.pick('choice', Math.max(1, options.length))] ?? '' };
  },

  planDay(ctx) {
    const routine = ctx.section('Your usual day:', (l) => CLOCK.test(l)).map((l) => ({ at: l.slice(0, 5), activity: l.slice(6).trim() }));
    const wakeItem = routine.find((r) => !isSleepActivity(r.activity)) ?? { at: '07:00', activity: 'waking up' };
    const day = routine.filter((r) => r.at >= wakeItem.at);
    // A little variety: some days one item starts a quarter of an hour later.
    const shift = ctx.pick('shift', Math.max(1, day.length));
    const schedule = day.map((r, i) => ({ time: i === shift && i > 0 && i < day.length - 1 ? clock(toMinute(r.at) + 15) : r.at, activity: r.activity }));
    const goals = [...new Set(day.map((r) => r.activity).filter((a) => !isSleepActivity(a)))].slice(0, 6);
    const currently = /Currently: (.+?)(?: Habits:|$)/.exec(ctx.system)?.[1] ?? `${ctx.first} is going about the usual routine.`;
    return { wakeUp: wakeItem.at, goals, schedule, currently };
  },

  decomposeBlock(ctx) {
    const m = ctx.match(/Plan for (\d{2}:\d{2})-(\d{2}:\d{2}) \((\d+) min\): (.+?)(?: \(usually at (.+?)\))?\.\n/);
    const total = m ? Number(m[3]) : 60;
    const activity = m?.[4] ?? 'going about the day';
    const places = placesFrom(ctx.section('Places you know:', (l) => l !== '' && !/^(Notes:|Split )/.test(l)));
    const current = /You are at (.+?)\.\n/.exec(ctx.body)?.[1] ?? places[0] ?? 'somewhere';
    const usual = m?.[5] && places.includes(m[5]) ? m[5] : undefined;
    const place = usual ?? bestPlace(activity, places, current);
    if (isSleepActivity(activity)) {
      return { tasks: [{ minutes: total, description: activity, place, emoji: '😴', event: [ctx.name, 'is', activity], objectState: 'in use' }] };
    }
    const count = total <= 20 ? 1 + ctx.pick('count', 2) : Math.min(8, Math.max(3, Math.round(total / 15) + ctx.pick('count', 2)));
    const minutes = splitMinutes(total, count, ctx);
    const labels = minutes.map((_, i) =>
      minutes.length === 1 ? activity : i === 0 ? `getting started with ${activity}` : i === minutes.length - 1 ? `wrapping up ${activity}` : i % 2 ? activity : `${activity}, taking a short pause`,
    );
    return {
      tasks: minutes.map((mins, i) => ({
        minutes: mins,
        description: labels[i],
        place,
        emoji: defaultEmoji(activity),
        event: [ctx.name, 'is', labels[i]],
        objectState: `being used for ${activity}`,
      })),
    };
  },

  rateImportance(ctx) {
    const items = ctx.lines.filter((l) => /^\d+\. /.test(l)).map((l) => l.replace(/^\d+\. /, ''));
    return {
      scores: items.map((text, i) => {
        const t = text.toLowerCase();
        if (/\b(idle|sleeping|asleep)\b/.test(t)) return 1;
        if (/\b(party|mayor|election|love|married|engaged|died|accepted|fired|fight|invit)/.test(t)) return 7 + ctx.pick(`s${i}`, 3);
        if (/\b(said|asked|told|talked|conversation)\b/.test(t)) return 4 + ctx.pick(`s${i}`, 2);
        return 2 + ctx.pick(`s${i}`, 3);
      }),
    };
  },

  react(ctx, options) {
    const m = ctx.match(/You see (.+?) \((.+?)\), who is (.+?)\.\n/);
    const other = m?.[1] ?? 'them';
    const otherFirst = other.split(' ')[0];
    const relation = m?.[2] ?? 'someone';
    const stranger = /never met|stranger|unknown|don't know/i.test(relation);
    const talkRate = (options.talkRate ?? 0.5) * (stranger ? 0.25 : 1);
    const roll = ctx.chance('react');
    if (roll < talkRate) {
      const openers = [`Hi ${otherFirst}! How are you doing today?`, `Morning, ${otherFirst}! Got a minute?`, `Oh, ${otherFirst}, good to see you!`];
      return {
        decision: 'talk',
        reason: stranger ? `${ctx.first} wants to meet someone new` : `${ctx.first} has not talked with ${otherFirst} today`,
        firstLine: openers[ctx.pick('opener', openers.length)],
        relationship: stranger ? `${ctx.first} does not know ${otherFirst} yet.` : `${ctx.first} sees ${otherFirst} as ${relation}.`,
      };
    }
    if (roll < talkRate + 0.1) return { decision: 'wait', reason: `${otherFirst} looks busy` };
    return { decision: 'continue', reason: `${ctx.first} is busy` };
  },

  speak(ctx, options) {
    const partner = ctx.match(/You are talking with (.+?)\.\n/)?.[1] ?? 'you';
    const partnerFirst = partner.split(' ')[0];
    const turnMatch = ctx.match(/\(line (\d+) of at most (\d+)\)/);
    const turn = Number(turnMatch?.[1] ?? 1);
    const maxTurns = Number(turnMatch?.[2] ?? 16);
    const memories = ctx.bullets('What you remember:');
    const wantsRelationship = /"relationship"/.test(ctx.body);
    // Conversations between the same two people end after 4–7 lines (stable over the talk).
    const pair = [ctx.name, partner].sort().join('+');
    const endAt = Math.min(maxTurns, 4 + (fnv1a(`${pair}|length`) % 4));
    const out: Record<string, unknown> = {};
    if (turn >= endAt) Object.assign(out, { line: `Good talking to you, ${partnerFirst}. See you later!`, end: true });
    else if (turn === 1) out.line = `Hi ${partnerFirst}! How are you?`;
    else if (turn === 2) out.line = `Hello ${partnerFirst}, I'm well, thanks. Busy day!`;
    else {
      const memory = memories.length ? memories[ctx.pick('memory', memories.length)] : '';
      const lines = [
        memory ? `By the way, I heard that ${memory.replace(/\.$/, '')}.` : `What have you been up to lately?`,
        `That sounds great. Tell me more!`,
        `I have been quite busy myself, ${partnerFirst}.`,
        memory ? `Did you know ${memory.replace(/\.$/, '')}?` : `How is work going?`,
      ];
      out.line = lines[ctx.pick('line', lines.length)];
    }
    const news = /Currently: (.+?)(?: Habits:|$)/.exec(ctx.system)?.[1];
    if (options.tellNews && out.end === undefined && turn >= 3 && news && NEWS.test(news)) out.line = `Have you heard? ${news}`;
    out.end ??= false;
    if (wantsRelationship) out.relationship = `${ctx.first} finds ${partnerFirst} pleasant to talk to.`;
    return out;
  },

  speakLines(ctx, options) {
    // The same conversation as speak would give, several lines at once: both sides take turns,
    // each line from its speaker's own memories, ending at the pair's length (4–7 lines).
    const partner = ctx.match(/You are talking with (.+?): /)?.[1] ?? 'Someone Else';
    const range = ctx.match(/\(lines (\d+)–(\d+) of at most (\d+)\)/);
    const from = Number(range?.[1] ?? 1);
    const to = Number(range?.[2] ?? from);
    const maxTurns = Number(range?.[3] ?? 16);
    const names = [ctx.name, partner];
    const pair = [ctx.name, partner].sort().join('+');
    const endAt = Math.min(maxTurns, 4 + (fnv1a(`${pair}|length`) % 4));
    const partnerNews = /You are talking with .+?Currently: (.+?)(?: Habits:|\n|$)/.exec(ctx.body)?.[1];
    const news = [/Currently: (.+?)(?: Habits:|$)/.exec(ctx.system)?.[1], partnerNews];
    const lines: { speaker: string; text: string }[] = [];
    let end = false;
    for (let turn = from; turn <= to && !end; turn++) {
      const who = (turn - from) % 2;
      const other = names[1 - who].split(' ')[0];
      const memories = ctx.bullets(`What ${names[who].split(' ')[0]} remembers:`);
      let text: string;
      if (turn >= endAt) {
        text = `Good talking to you, ${other}. See you later!`;
        end = true;
      } else if (turn === 1) text = `Hi ${other}! How are you?`;
      else if (turn === 2) text = `Hello ${other}, I'm well, thanks. Busy day!`;
      else {
        const memory = memories.length ? memories[ctx.pick(`line ${turn}`, memories.length)] : '';
        const choices = [
          memory ? `By the way, I heard that ${memory.replace(/\.$/, '')}.` : `What have you been up to lately?`,
          `That sounds great. Tell me more!`,
          `I have been quite busy myself, ${other}.`,
          memory ? `Did you know ${memory.replace(/\.$/, '')}?` : `How is work going?`,
        ];
        text = choices[ctx.pick(`choice ${turn}`, choices.length)];
        const told = news[who];
        if (options.tellNews && told && NEWS.test(told)) text = `Have you heard? ${told}`;
      }
      lines.push({ speaker: names[who], text });
    }
    const out: Record<string, unknown> = { lines, end };
    const wanted = [...(ctx.match(/"relationships":\{([^}]*)\}/)?.[1] ?? '').matchAll(/"([^"]+)":/g)].map((m) => m[1]);
    if (wanted.length) out.relationships = Object.fromEntries(wanted.map((n) => [n, `${n.split(' ')[0]} finds ${names.find((x) => x !== n)?.split(' ')[0] ?? 'them'} pleasant to talk to.`]));
    return out;
  },

  closeConversation(ctx, options) {
    const partner = ctx.match(/You just talked with (.+?):\n/)?.[1] ?? 'someone';
    const partnerFirst = partner.split(' ')[0];
    const transcript = ctx.section('It is ', (l) => /^[^:]{2,40}: /.test(l) && !/^(Your plan|Places you know)/.test(l)).map((l) => {
      const i = l.indexOf(': ');
      return { speaker: l.slice(0, i), text: l.slice(i + 2) };
    });
    const told = options.tellNews ? transcript.find((l) => NEWS.test(l.text))?.text : undefined;
    const topic = told ?? transcript.find((l, i) => i >= 2)?.text ?? transcript[0]?.text ?? 'the day';
    const theirs = [...transcript].reverse().find((l) => l.speaker === partner);
    const left = Number(ctx.match(/Your plan for the next (\d+) minutes:/)?.[1] ?? 0);
    const out: Record<string, unknown> = {
      summary: `${ctx.first} and ${partnerFirst} chatted; they talked about "${topic.slice(0, 80)}".`,
      planningThought: `${ctx.first} should check in with ${partnerFirst} again soon.`,
      memo: theirs ? `${partnerFirst} said: "${theirs.text.slice(0, 100)}"` : `${ctx.first} met ${partnerFirst}.`,
    };
    if (left >= 10 && ctx.chance('replan') < 0.25) {
      const plan = ctx.section(`Your plan for the next ${left} minutes:`, (l) => CLOCK.test(l));
      const places = placesFrom(ctx.section('Places you know:', (l) => l !== '' && !/^(Write|Only)/.test(l)));
      const first = plan[0] ? plan[0].slice(6).split(' @ ') : ['getting back to work'];
      const minutes = splitMinutes(left, 2, ctx);
      out.replan = [
        { minutes: minutes[0], description: `thinking over the talk with ${partnerFirst}`, place: first[1] ?? places[0], emoji: '💭' },
        ...(minutes[1] ? [{ minutes: minutes[1], description: first[0], place: first[1] ?? places[0], emoji: defaultEmoji(first[0]) }] : []),
      ];
    }
    return out;
  },

  reflectQuestions(ctx) {
    const memories = ctx.bullets('Your recent memories:');
    const counts = new Map<string, number>();
    for (const m of memories) {
      const name = /^([A-Z][a-z]+ [A-Z][a-z]+) /.exec(m)?.[1];
      if (name && name !== ctx.name) counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    const people = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([n]) => n);
    const questions = people.slice(0, 2).map((p) => `What does ${ctx.first} think of ${p}?`);
    questions.push(`What is ${ctx.first} most focused on these days?`, `How does ${ctx.first} feel about her work?`);
    return { questions: questions.slice(0, 3) };
  },

  reflectInsights(ctx) {
    const memories = ctx.lines
      .map((l) => /^\[(\d+)\] (.+)$/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => ({ index: Number(m[1]), text: m[2] }));
    if (memories.length === 0) return { insights: [] };
    const question = /^Question: (.+)$/m.exec(ctx.body)?.[1] ?? '';
    const count = Math.min(memories.length, 1 + ctx.pick('count', 3));
    const insights = [];
    for (let k = 0; k < count; k++) {
      const a = memories[(ctx.pick(`a${k}`, memories.length) + k) % memories.length];
      const b = memories[(ctx.pick(`b${k}`, memories.length) + 2 * k + 1) % memories.length];
      insights.push({
        insight: k === 0 && question ? `${ctx.first} has been thinking about this: ${question.replace(/\?$/, '')}` : `${ctx.first} notices that ${a.text.replace(/\.$/, '')}`,
        evidence: [...new Set([a.index, b.index])],
        importance: 4 + ctx.pick(`i${k}`, 4),
      });
    }
    return { insights };
  },

  answerInterview(ctx) {
    const question = / asks you: "(.+)"$/m.exec(ctx.body)?.[1] ?? '';
    const memories = ctx.bullets('What you remember:');
    const want = new Set(words(question));
    let best = '';
    let bestScore = 0;
    for (const m of memories) {
      const score = words(m).filter((w) => want.has(w)).length;
      if (score > bestScore) [best, bestScore] = [m, score];
    }
    return { answer: best ? `As far as I remember, ${best.replace(/\.$/, '')}.` : `I'm not sure; I don't remember anything about that.` };
  },

  // The experiment's judge (server/experiments/judgeTasks.ts): knows when the answer has a word of every sign group.
  judgeAnswer(ctx) {
    const speaker = /^(.+?) was asked: /m.exec(ctx.body)?.[1] ?? '';
    const said = (/^Answer: "([\s\S]*)"$/m.exec(ctx.body)?.[1] ?? '').replace(/^As far as I remember, /, '');
    // An answer in the first person speaks of the speaker.
    const answer = `${/\b(I|I'm|my)\b/.test(said) ? `${speaker} ` : ''}${said}`.toLowerCase();
    const groups = [...(/^Signs[^:]*: (.+)$/m.exec(ctx.body)?.[1] ?? '').matchAll(/\[([^\]]+)\]/g)].map((m) => m[1].split(' / ').map((w) => w.toLowerCase()));
    const has = (w: string) => new RegExp(`(^|[^a-z])${w.replace(/[^a-z ]/g, '')}`).test(answer);
    return { knows: groups.length > 0 && groups.every((g) => g.some(has)) };
  },

  // Ranks answers longest first (more said from memory reads as more believable here).
  rankAnswers(ctx) {
    const answers = ctx.lines.map((l) => /^([A-H]): (.*)$/.exec(l)).filter((m): m is RegExpExecArray => m !== null);
    return { order: [...answers].sort((a, b) => b[2].length - a[2].length || a[1].localeCompare(b[1])).map((m) => m[1]) };
  },

  innerVoice(ctx) {
    const whisper = /inner voice tells you: "(.+)"$/m.exec(ctx.body)?.[1] ?? '';
    const thought = whisper
      .replace(/^you (are|were|have|can|should|will|must|might|want|need|like|love|feel|think)\b/i, (_, verb: string) => {
        const v = verb.toLowerCase();
        const third: Record<string, string> = { are: 'is', were: 'was', have: 'has', can: 'can', should: 'should', will: 'will', must: 'must', might: 'might' };
        return `${ctx.first} ${third[v] ?? `${v}s`}`;
      })
      .replace(/\byour\b/gi, `${ctx.first}'s`)
      .replace(/\.$/, '');
    return { thought: thought || `${ctx.first} heard an inner voice`, importance: 5 + ctx.pick('importance', 4) };
  },
};

// ---------------------------------------------------------------- malformed answers

const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty'];

/** Serialises like JSON, with a custom rendering of strings and numbers. */
function serialize(value: unknown, str: (s: string) => string, num: (n: number) => string): string {
  if (typeof value === 'string') return str(value);
  if (typeof value === 'number') return num(value);
  if (Array.isArray(value)) return `[${value.map((v) => serialize(v, str, num)).join(', ')}]`;
  if (value && typeof value === 'object') return `{${Object.entries(value).map(([k, v]) => `${str(k)}: ${serialize(v, str, num)}`).join(', ')}}`;
  return JSON.stringify(value);
}

/** Deep copy with every value under one of the keys replaced. */
function mapValues(value: unknown, fn: (key: string, v: unknown) => unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => mapValues(v, fn, key));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapValues(fn(k, v), fn, k)]));
  return value;
}

function malform(answer: Record<string, unknown>, good: string, kind: Malformation, ctx: PromptContext): string {
  switch (kind) {
    case 'prose':
      return `Sure! Here is what ${ctx.first} would do:\n${good}\nI hope this helps.`;
    case 'fence':
      return `\`\`\`json\n${JSON.stringify(answer, null, 2)}\n\`\`\``;
    case 'trailing-commas':
      return JSON.stringify(answer, null, 1).replace(/([^\s[{,])(\s*[}\]])/g, '$1,$2');
    case 'single-quotes':
      return serialize(answer, (s) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`, String);
    case 'number-words':
      return serialize(answer, (s) => JSON.stringify(s), (n) => (Number.isInteger(n) && n >= 0 && n <= 20 ? NUMBER_WORDS[n] : String(n)));
    case 'out-of-range':
      return JSON.stringify(
        mapValues(answer, (k, v) => {
          if (typeof v === 'number') return k === 'minutes' ? v * 3 : v + 11;
          if (k === 'evidence' && Array.isArray(v)) return [...v, 99, 0];
          if (Array.isArray(v) && v.every((n) => typeof n === 'number')) return v.map((n) => n + 11);
          if (k === 'wakeUp' && typeof v === 'string') return `${v.slice(0, 2) === '00' ? 12 : Number(v.slice(0, 2)) % 12 || 12}:${v.slice(3)} ${Number(v.slice(0, 2)) < 12 ? 'am' : 'pm'}`;
          return v;
        }),
      );
    case 'unknown-names':
      return JSON.stringify(
        mapValues(answer, (k, v) => {
          if (k === 'place' && typeof v === 'string') return ctx.pick('typo', 2) ? v.replace(/:([^:]+)$/, (_, o: string) => `:the ${o.slice(0, -1)}`) : 'the old lighthouse';
          if (k === 'decision' && v === 'talk') return 'Yes, talk to them';
          if (k === 'decision' && v === 'continue') return 'ignore';
          if (k === 'line' && typeof v === 'string') return `${ctx.name}: "${v}"`;
          if ((k === 'firstLine' || k === 'memo') && typeof v === 'string') return `${v} Say hi to Zebulon Quark for me.`;
          return v;
        }),
      );
    case 'truncated':
      return good.slice(0, Math.max(1, Math.floor(good.length * 0.6)));
    case 'empty':
      return '';
  }
}

/**
 * The town script's answer to an OpenAI-compatible chat request body, for a fake server: the
 * task is the json_schema name the generative mind sends, the system message is the system.
 */
export function townScriptWireAnswer(body: { messages?: { role: string; content: string }[]; response_format?: { json_schema?: { name?: string } } }, options: TownScriptOptions = {}): string {
  const messages = body?.messages ?? [];
  const request: GenerateRequest = {
    system: messages.find((m) => m.role === 'system')?.content,
    messages: messages.filter((m) => m.role !== 'system') as GenerateRequest['messages'],
    maxTokens: 256,
    tag: { task: body?.response_format?.json_schema?.name ?? '' },
  };
  return townScriptAnswer(request, options).text;
}
