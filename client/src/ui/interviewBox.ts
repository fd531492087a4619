/**
 * The interview box at the foot of the inspector: ask the selected person a question and watch
 * the answer stream in ("thinking…" until the first word; the queue position while waiting),
 * with a collapsible "why" under each answer: the memories it drew on with their recency,
 * importance, relevance and total. Follow-up questions continue the same interview (the server
 * keeps each connection's turns per person); "New interview" starts over (`fresh`). The
 * controller may tick "let them remember this" and whisper to the person. Errors from the
 * server's acks show next to the control that caused them.
 */
import type { InterviewMemory, InterviewMessage } from '../../../server/net/protocol';
import type { HamletApp } from '../app';
import { byId, h } from './dom';
import { clockTime } from './format';

interface Turn {
  agentId: string;
  question: string;
  /** The server's id for it, from its first `interview` message. */
  id: string | null;
  text: string;
  position: number | null;
  memories: InterviewMemory[] | null;
  done: boolean;
  outcome: string | null;
  error: string | null;
  /** Whether the "why" is open (kept across re-renders). */
  whyOpen: boolean;
}

const INPUT_MAX = { question: 500, whisper: 300 };

export function mountInterviewBox(app: HamletApp): void {
  const box = byId('interview-box');
  const turns = new Map<string, Turn[]>();
  /** People whose next question starts a new interview. */
  const fresh = new Set<string>();
  let current: Turn | null = null;
  /** The server's own explanation why this connection cannot interview (rule-based mind), once asked. */
  let refusal: string | null = null;
  let probed = false;

  const client = app.client;
  const role = () => client.state?.role ?? 'viewer';
  const ruleBased = () => client.state?.sim.mindKind === 'rule-based';
  /** In a replay: interviews ask the agent as it was at the step shown (read-only); `interviews` says why there are none. */
  const replay = () => client.state?.replay ?? null;

  const log = h('div', { id: 'interview-log' });
  const hint = h('p', { id: 'interview-hint', class: 'hint' });
  const question = h('input', { id: 'interview-question', type: 'text', maxlength: String(INPUT_MAX.question), placeholder: 'Ask them something…', autocomplete: 'off' });
  const ask = h('button', { id: 'interview-ask', type: 'submit' }, 'Ask');
  const form = h('form', { id: 'interview-form', class: 'row' }, question, ask);
  const remember = h('input', { id: 'interview-remember', type: 'checkbox' });
  const rememberLabel = h('label', { id: 'interview-remember-label', title: 'They keep this question and answer as a conversation memory' }, remember, ' let them remember this');
  const restart = h('button', { id: 'interview-new', type: 'button', title: 'Forget the earlier questions: the next one starts a new interview' }, 'New interview');
  const error = h('p', { id: 'interview-error', class: 'error', role: 'alert', hidden: true });
  const whisperText = h('input', { id: 'whisper-text', type: 'text', maxlength: String(INPUT_MAX.whisper), placeholder: 'An inner voice: "You should call your sister"', autocomplete: 'off' });
  const whisperForm = h('form', { id: 'whisper-form', class: 'row' }, whisperText, h('button', { id: 'whisper-button', type: 'submit' }, '🤫 Whisper'));
  const whisperNote = h('p', { id: 'whisper-note', class: 'note', hidden: true });
  const whisperError = h('p', { id: 'whisper-error', class: 'error', role: 'alert', hidden: true });
  const whisperPart = h('div', { id: 'whisper-part' }, h('h3', null, 'Whisper'), whisperForm, whisperNote, whisperError);
  box.replaceChildren(h('h3', null, '💬 Interview'), hint, log, form, h('div', { class: 'row options' }, rememberLabel, restart), error, whisperPart);

  const showError = (el: HTMLElement, message: string | null) => {
    el.textContent = message ?? '';
    el.hidden = !message;
  };

  const name = (id: string) => client.state?.agents.get(id)?.name ?? id;

  /** What the box says before any question: who may ask, and what is needed. */
  const renderHint = () => {
    const controller = role() === 'controller';
    const past = replay();
    if (past) {
      // A replay: the server says up front why there are no interviews (no model given, a rule-based run).
      const note = past.interviews ?? null;
      const at = client.state ? `${clockTime(client.state.status.time)} (step ${client.state.status.step})` : '';
      hint.textContent = note ?? (controller ? `As they were at ${at}: only what they remembered then. Read-only.` : 'Interviews need the controller link printed by "hamlet replay".');
      hint.className = note || !controller ? 'hint warn' : 'hint';
      rememberLabel.hidden = true;
      whisperPart.hidden = true;
      question.disabled = note !== null;
      ask.disabled = note !== null || current !== null;
      return;
    }
    if (refusal) hint.textContent = refusal;
    else if (ruleBased()) hint.textContent = 'Interviews need a language model; this town runs the rule-based mind.';
    else if (!controller)
      hint.textContent = 'Interviews need the controller token (🔑 Control, or the Control link "hamlet start" printed), unless the town was started with --open-interviews.';
    else hint.textContent = 'Ask in plain words; follow-up questions continue the interview.';
    hint.className = refusal || ruleBased() || !controller ? 'hint warn' : 'hint';
    // Remembering and whispering are the controller's, and both need a model.
    rememberLabel.hidden = !controller || ruleBased();
    whisperPart.hidden = !controller || ruleBased();
    const blocked = refusal !== null;
    question.disabled = blocked;
    ask.disabled = blocked || current !== null;
  };

  const renderTurn = (t: Turn): HTMLElement => {
    const answer = t.error
      ? h('div', { class: 'answer error' }, t.error)
      : t.text
        ? h('div', { class: 'answer' }, t.text, t.done ? null : h('span', { class: 'cursor' }, '▍'))
        : t.done
          ? h('div', { class: 'answer empty' }, '(no answer)')
          : h('div', { class: 'answer waiting' }, t.position ? `⏳ waiting: ${ordinal(t.position)} in the queue` : 'thinking…');
    const why = t.memories
      ? h(
          'details',
          { class: 'why', open: t.whyOpen },
          h('summary', null, `why: ${t.memories.length} memor${t.memories.length === 1 ? 'y' : 'ies'} it drew on`),
          t.memories.length
            ? h(
                'table',
                null,
                h('thead', null, h('tr', null, h('th', null, 'memory'), h('th', { title: 'recency (0–1)' }, 'rec'), h('th', { title: 'importance (0–1; the 1–10 rating in brackets)' }, 'imp'), h('th', { title: 'relevance to the question (0–1)' }, 'rel'), h('th', { title: 'weighted total' }, 'total'))),
                h(
                  'tbody',
                  null,
                  ...t.memories.map((m) =>
                    h('tr', null, h('td', { title: `${m.type} · ${clockTime(m.created)}` }, m.description), h('td', null, fix(m.recency)), h('td', null, `${fix(m.importanceScore)} (${m.importance})`), h('td', null, fix(m.relevance)), h('td', { class: 'total' }, fix(m.score))),
                  ),
                ),
              )
            : h('p', { class: 'empty' }, 'No memories were retrieved.'),
        )
      : null;
    if (why) why.addEventListener('toggle', () => (t.whyOpen = (why as HTMLDetailsElement).open));
    return h('div', { class: 'turn' }, h('div', { class: 'q' }, h('strong', null, 'You: '), t.question), h('div', { class: 'a' }, h('strong', null, `${name(t.agentId).split(' ')[0]}: `), answer), t.outcome === 'fail-safe' ? h('span', { class: 'fallback-tag' }, 'no usable answer') : null, why);
  };

  const render = () => {
    renderHint();
    const id = app.selection;
    const list = id ? (turns.get(id) ?? []) : [];
    log.replaceChildren(...list.map(renderTurn));
    restart.hidden = list.length === 0;
  };

  /** For the rule-based mind the server's own words say what is missing and how to add a model (no model is called). */
  const probe = async () => {
    if (probed || !ruleBased() || !app.selection || replay()) return;
    probed = true;
    const answer = await client.request('interview', { agent: app.selection, question: 'Can we talk?' });
    if (!answer.ok) {
      refusal = answer.error;
      render();
    }
  };

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const agentId = app.selection;
    const text = question.value.trim();
    if (!agentId || current) return;
    if (!text) return showError(error, 'Type a question first.');
    showError(error, null);
    const turn: Turn = { agentId, question: text, id: null, text: '', position: null, memories: null, done: false, outcome: null, error: null, whyOpen: false };
    const startOver = fresh.delete(agentId);
    turns.set(agentId, [...(startOver ? [] : (turns.get(agentId) ?? [])), turn]);
    current = turn;
    question.value = '';
    render();
    const wantsMemory = role() === 'controller' && remember.checked && !replay();
    const answer = await client.request('interview', { agent: agentId, question: text, ...(startOver ? { fresh: true } : {}), ...(wantsMemory ? { remember: true } : {}) }, INTERVIEW_TIMEOUT_MS);
    current = null;
    if (answer.ok) {
      const r = answer.interview;
      Object.assign(turn, { text: r.answer, memories: r.memories, outcome: r.outcome, done: true });
      app.addToFeed({ kind: 'asked', time: client.state?.status.time ?? 0, text: `💬 asked ${name(agentId)}: ${text}`, focus: { agentId } });
    } else {
      turn.error = answer.error;
      turn.done = true;
      // The question did not count: it stays in the field to try again, and the error sits by the Ask button.
      turns.set(agentId, (turns.get(agentId) ?? []).filter((t) => t !== turn));
      question.value = text;
      showError(error, answer.error);
    }
    if (app.selection === agentId) render();
  });

  client.on('interview', (m: InterviewMessage) => {
    const t = current;
    if (!t) return;
    if (t.id === null) t.id = m.id;
    if (m.id !== t.id) return;
    if (m.kind === 'queued') t.position = m.position;
    else if (m.kind === 'thinking') {
      t.position = null;
      t.memories = m.memories;
    } else if (m.kind === 'text') t.text += m.text;
    else if (m.kind === 'restart') t.text = '';
    else if (m.kind === 'done') {
      t.text = m.answer;
      t.outcome = m.outcome;
    }
    if (app.selection === t.agentId) render();
  });

  restart.addEventListener('click', () => {
    const id = app.selection;
    if (!id) return;
    fresh.add(id);
    turns.delete(id);
    render();
    question.focus();
  });

  whisperForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const agentId = app.selection;
    const text = whisperText.value.trim();
    if (!agentId) return;
    showError(whisperError, null);
    whisperNote.hidden = true;
    if (!text) return showError(whisperError, 'Type what they should hear first.');
    const answer = await client.request('whisper', { agent: agentId, text });
    if (!answer.ok) return showError(whisperError, answer.error);
    whisperText.value = '';
    whisperNote.textContent = `✓ ${name(agentId)} hears it at step ${answer.step}.`;
    whisperNote.hidden = false;
  });

  app.onSelect((id) => {
    showError(error, null);
    showError(whisperError, null);
    whisperNote.hidden = true;
    if (id) {
      render();
      void probe();
    }
  });
  client.on('role', () => render());
  client.on('snapshot', () => render());
  // In a replay the hint names the step shown: follow it while playing.
  client.on('step', () => {
    if (replay() && app.selection && !current) renderHint();
  });
}

/** Interviews wait in a queue behind the town's own model calls: allow minutes. */
const INTERVIEW_TIMEOUT_MS = 10 * 60_000;

function fix(n: number): string {
  return Number.isFinite(n) ? n.toFixed(2) : '–';
}

function ordinal(n: number): string {
  const s = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${s}`;
}
