/**
 * Interviews over the wire. An interview costs a model call, so questions wait in one queue
 * (a controller's go first; `concurrency` run at once) and each waiting asker is told its
 * position. Each connection keeps its own interview history per agent, so a follow-up question
 * sees the earlier turns. Answers stream to the asker only, as `interview` messages:
 *   queued (position) → thinking (the memories retrieved) → text pieces → done (the final answer).
 * Read-only: the mind's interview retrieves without touching and stores nothing.
 */
import type { Mind } from '../../engine/ports';
import type { AgentId } from '../../engine/types';
import type { InterviewAnswer, InterviewProgress, UsedMemory } from '../../mind/generative/innerLife';
import { InputError } from './inputs';
import { INPUT_LIMITS } from './schemas';

/** What the desk needs from a mind: the generative mind's interview. */
export interface Interviewee {
  interview(agentId: AgentId, question: string, history: { question: string; answer: string }[], at: undefined, interviewer: string, progress: InterviewProgress): Promise<InterviewAnswer>;
}

export const NEEDS_A_MODEL =
  'interviews need a language model, and this town runs the rule-based mind: start it with a model, the local default ' +
  '(leave out --llm-backend none) or an OpenAI-compatible server (--llm-base-url URL or LLM_BASE_URL); see "Language models" in the README';

/** The mind's interview, or null for minds that cannot answer (the rule-based one). */
export function intervieweeOf(mind: Mind): Interviewee | null {
  const m = mind as Partial<Interviewee>;
  return mind.kind === 'generative' && typeof m.interview === 'function' ? (mind as unknown as Interviewee) : null;
}

/** A memory under an answer: why it was retrieved (components normalised 0–1, weighted into `score`). */
export type InterviewMemory = UsedMemory;

/** Server → asker, while an interview runs. */
export type InterviewMessage =
  | { id: string; kind: 'queued'; position: number }
  | { id: string; kind: 'thinking'; agentId: AgentId; question: string; memories: InterviewMemory[] }
  | { id: string; kind: 'text'; text: string }
  | { id: string; kind: 'restart' }
  | { id: string; kind: 'done'; answer: string; outcome: InterviewAnswer['outcome'] };

/** The `interview` ack. */
export interface InterviewResult {
  id: string;
  agentId: AgentId;
  answer: string;
  outcome: InterviewAnswer['outcome'];
  memories: InterviewMemory[];
}

interface Waiting {
  priority: boolean;
  send: (m: InterviewMessage) => void;
  id: string;
  go: () => void;
}

export interface InterviewDeskOptions {
  /** Interviews answered at once (default 1: the model also serves the town). */
  concurrency?: number;
}

export class InterviewDesk {
  private readonly concurrency: number;
  private running = 0;
  private readonly queue: Waiting[] = [];
  private readonly histories = new Map<string, Map<AgentId, { question: string; answer: string }[]>>();
  private seq = 0;

  constructor(
    private readonly mind: Interviewee,
    options: InterviewDeskOptions = {},
  ) {
    this.concurrency = Math.max(1, options.concurrency ?? 1);
  }

  /** Interviews waiting for their turn. */
  get waiting(): number {
    return this.queue.length;
  }

  /**
   * Asks `agentId` a question for connection `conn`; `send` gets the stream. `priority` puts the
   * question ahead of those that are not (the controller's).
   */
  async ask(conn: string, agentId: AgentId, question: string, options: { fresh?: boolean; priority: boolean; interviewer: string }, send: (m: InterviewMessage) => void): Promise<InterviewResult> {
    const id = `iv${++this.seq}`;
    await this.turn({ id, priority: options.priority, send });
    try {
      const sessions = this.histories.get(conn) ?? new Map();
      this.histories.set(conn, sessions);
      if (options.fresh) sessions.delete(agentId);
      const history = sessions.get(agentId) ?? [];
      const answer = await this.mind.interview(agentId, question, history, undefined, options.interviewer, {
        onMemories: (memories) => send({ id, kind: 'thinking', agentId, question, memories }),
        onText: (text) => send({ id, kind: 'text', text }),
        onRestart: () => send({ id, kind: 'restart' }),
      });
      sessions.set(agentId, [...history, { question, answer: answer.answer }].slice(-INPUT_LIMITS.historyTurns));
      send({ id, kind: 'done', answer: answer.answer, outcome: answer.outcome });
      return { id, agentId, answer: answer.answer, outcome: answer.outcome, memories: answer.memories };
    } finally {
      this.release();
    }
  }

  /** Forgets a connection's interviews (on disconnect). */
  forget(conn: string): void {
    this.histories.delete(conn);
  }

  private turn(entry: Omit<Waiting, 'go'>): Promise<void> {
    if (this.running < this.concurrency && this.queue.length === 0) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const waiting: Waiting = { ...entry, go: resolve };
      // Controllers' questions go before everyone else's, in order among themselves.
      const at = entry.priority ? this.queue.findIndex((w) => !w.priority) : -1;
      if (at < 0) this.queue.push(waiting);
      else this.queue.splice(at, 0, waiting);
      this.announcePositions();
    });
  }

  private release(): void {
    const next = this.queue.shift();
    if (next) {
      next.go();
      this.announcePositions();
    } else this.running--;
  }

  private announcePositions(): void {
    this.queue.forEach((w, i) => w.send({ id: w.id, kind: 'queued', position: i + 1 }));
  }
}

/** Refuses a viewer's question asked too soon after the last one (controllers are not limited). */
export class ViewerInterviewLimit {
  private last = -Infinity;
  constructor(
    private readonly minIntervalMs: number,
    private readonly now: () => number,
  ) {}

  check(): void {
    const wait = this.last + this.minIntervalMs - this.now();
    if (wait > 0) throw new InputError(`viewers may ask one question every ${Math.round(this.minIntervalMs / 1000)} s: ask again in ${Math.ceil(wait / 1000)} s`);
    this.last = this.now();
  }
}
