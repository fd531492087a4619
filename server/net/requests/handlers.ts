/**
 * Socket handlers of the requests that act on the town: interview (the controller, or anyone
 * with --open-interviews), inject, whisper and cancelInput (the controller). The caller's
 * `handle` has already rate-limited and validated the payload; role checks are here because
 * the interview rule depends on the server's options.
 */
import { randomBytes } from 'node:crypto';
import type { Simulation } from '../../engine/simulation';
import type { Role } from '../protocol';
import { agentIdOf, injectInput, InputError, whisperInput, type TownView } from './inputs';
import { intervieweeOf, InterviewDesk, NEEDS_A_MODEL, ViewerInterviewLimit, type InterviewMessage } from './interviewDesk';
import type { CancelInputPayload, InjectPayload, InterviewPayload, WhisperPayload } from './schemas';

export interface ActOptions {
  /** Viewers may interview too (`hamlet start --open-interviews`). */
  openInterviews?: boolean;
  /** Least time between two questions of one viewer connection (default 15 s). */
  viewerIntervalMs?: number;
  now?: () => number;
}

/** Per server: the interview queue (created on first use, when the mind can be interviewed). */
export class ActDesk {
  readonly interviews: InterviewDesk | null;
  constructor(
    readonly sim: Simulation,
    readonly options: ActOptions = {},
  ) {
    const mind = intervieweeOf(sim.mind);
    this.interviews = mind ? new InterviewDesk(mind) : null;
  }

  town(): TownView {
    const { sim } = this;
    return { map: sim.map, clock: sim.clock, step: sim.state.step, agents: sim.state.agents };
  }
}

export interface ActSocket {
  id: string;
  data: { role: Role };
  emit(event: 'interview', message: InterviewMessage): unknown;
  on(event: 'disconnect', fn: () => void): unknown;
}

type Handle = <P>(name: 'interview' | 'inject' | 'whisper' | 'cancelInput', run: (payload: P) => unknown) => void;

const needsController = (what: string) => `only a controller can ${what}: open the controller link printed by "hamlet start" (or claimControl with the token)`;

export function attachActHandlers(socket: ActSocket, desk: ActDesk, handle: Handle): void {
  const now = desk.options.now ?? (() => Date.now());
  const viewerLimit = new ViewerInterviewLimit(desk.options.viewerIntervalMs ?? 15_000, now);
  let asking = false;
  socket.on('disconnect', () => desk.interviews?.forget(socket.id));

  handle<InterviewPayload>('interview', async ({ agent, question, fresh, remember }) => {
    const controller = socket.data.role === 'controller';
    if (!controller && !desk.options.openInterviews) throw new InputError(`${needsController('interview')}; or start the town with --open-interviews`);
    if (!controller && remember) throw new InputError(needsController('let an agent remember an interview'));
    if (!desk.interviews) throw new InputError(NEEDS_A_MODEL);
    const agentId = agentIdOf(desk.town(), agent);
    if (asking) throw new InputError('one question at a time: wait for the answer under way');
    if (!controller) viewerLimit.check();
    asking = true;
    try {
      const interviewer = controller ? 'The town’s keeper' : 'A visitor';
      const result = await desk.interviews.ask(socket.id, agentId, question, { fresh, priority: controller, interviewer }, (m) => socket.emit('interview', m));
      // Remembering goes through a recorded input, so the memory is written at a step and replays stay exact.
      if (remember && result.outcome !== 'fail-safe') desk.sim.enqueue({ kind: 'remember', agentId, interviewer, question, answer: result.answer });
      return { interview: result };
    } finally {
      asking = false;
    }
  });

  handle<InjectPayload>('inject', (payload) => {
    if (socket.data.role !== 'controller') throw new InputError(needsController('inject events'));
    const town = desk.town();
    const id = `ev-${randomBytes(4).toString('hex')}`;
    const input = injectInput(payload, town, id);
    desk.sim.enqueue(input);
    return { id, input, startsAtStep: 'atStep' in input && input.atStep !== undefined ? input.atStep : town.step };
  });

  handle<WhisperPayload>('whisper', (payload) => {
    if (socket.data.role !== 'controller') throw new InputError(needsController('whisper'));
    const input = whisperInput(payload, desk.town());
    if (desk.sim.mind.kind !== 'generative') throw new InputError(NEEDS_A_MODEL.replace('interviews need', 'whispers need'));
    desk.sim.enqueue(input);
    return { input, step: desk.sim.state.step };
  });

  handle<CancelInputPayload>('cancelInput', ({ id }) => {
    if (socket.data.role !== 'controller') throw new InputError(needsController('cancel inputs'));
    if (desk.sim.unqueue(id)) return { id, cancelled: 'before it was applied' };
    const { state } = desk.sim;
    const scheduled = state.events.filter((e) => e.step > state.step);
    if (scheduled.some((e) => e.id === id)) {
      desk.sim.enqueue({ kind: 'cancel', eventId: id });
      return { id, cancelled: 'scheduled event' };
    }
    const started = state.events.some((e) => e.id === id);
    throw new InputError(
      started
        ? `event "${id}" has started and runs its course`
        : `no scheduled event "${id}"${scheduled.length ? `; scheduled: ${scheduled.map((e) => e.id).slice(0, 10).join(', ')}` : ' (nothing is scheduled)'}`,
    );
  });
}
