/**
 * A stored run as it was at a past step, for interviews of the past (`hamlet interview --at`,
 * and interviews in `hamlet replay`). Built on a throwaway copy of the file, never the file:
 *   1. the copy is rewound to the step (SimulationStore.truncateFrom: memories made at or after
 *      it are deleted and last-access times are restored from the touch log, so retrieval's
 *      recency is as of then);
 *   2. a snapshot is written at the step: the state rebuilt by the replay, and the mind's state
 *      of the latest snapshot before it with each agent's plan as of the step (the plan log);
 *   3. the copy is opened like any resume, from that snapshot.
 */
import { packScratch, readScratch } from '../mind/generative/scratch';
import { ReplaySource } from '../net/replay';
import { plansBefore } from '../store/planLog';
import { SimulationStore } from '../store/simulationStore';
import { openThrowawayCopy } from './throwawayCopy';
import type { MindFactory, Town } from './town';
import type { LlmConfig } from '../llm/config';
import { PAST_INTERVIEWS_NEED_A_MODEL } from '../net/server';
import { InputError } from '../net/requests/inputs';
import { intervieweeOf, type Interviewee } from '../net/requests/interviewDesk';
import { mindFactoryFor } from './minds';
import { chooseModels } from './models';

export interface PastRun {
  town: Town;
  /** The step it is at (the next step it would run). */
  step: number;
  close(): void;
}

/** Opens a throwaway copy of `dbPath` as the run was at `step` (see the module comment). */
export async function openPastRun(dbPath: string, step: number, mindFactory: MindFactory): Promise<PastRun> {
  const opened = await openThrowawayCopy(
    'hamlet-past-',
    async (copy) => {
        const replay = ReplaySource.open(dbPath);
        let state;
        let mind: unknown;
        try {
          state = replay.stateAt(step);
          const source = SimulationStore.open(dbPath, { readonly: true });
          try {
            const snapshot = source.snapshotAtOrBefore(step);
            mind = snapshot?.mind ?? null;
            if (replay.mind.kind === 'generative' && snapshot && snapshot.step !== step) {
              const scratch = readScratch(snapshot.mind);
              // Plans change between snapshots: take each agent's as of the step from the plan log.
              for (const row of plansBefore(source.db, step)) {
                const agent = scratch.agents[row.agentId];
                if (agent && row.step >= snapshot.step) Object.assign(agent, { plan: row.entry.plan, currently: row.entry.currently, actionKey: null });
              }
              scratch.nextStep = step;
              mind = packScratch(scratch);
            }
            await source.db.backup(copy);
          } finally {
            source.close();
          }
        } finally {
          replay.close();
        }
        const store = SimulationStore.open(copy);
        try {
          store.truncateFrom(step);
          store.writeSnapshot(step, state, mind);
        } finally {
          store.close();
        }
    },
    mindFactory,
    dbPath,
  );
  return { ...opened, step };
}

/**
 * Interviews in a replay: each question goes to a throwaway copy of the run rewound to the step
 * shown (openPastRun); the copy is kept while the step stays the same. The model is loaded at the
 * first question, so a replay opens at once; one is used only when configured explicitly (flags,
 * environment or config file), never the local default's download behind the user's back.
 */
export function pastInterviewsFor(dbPath: string, replay: ReplaySource, config: LlmConfig, configPath: string | undefined): { options: { interviewee: Interviewee } | { unavailable: string }; close(): void } {
  if (replay.mind.kind !== 'generative') {
    return { options: { unavailable: 'interviews need a language model, and this run used the rule-based mind: its people keep no memories to ask about' }, close: () => undefined };
  }
  if (config.backend === 'none' || !config.sources.backend) return { options: { unavailable: PAST_INTERVIEWS_NEED_A_MODEL }, close: () => undefined };
  let models: Promise<MindFactory> | null = null;
  let open: PastRun | null = null;
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const interviewee: Interviewee = {
    async interview(agentId, question, history, _at, interviewer, progress) {
      models ??= chooseModels(config, log, { brief: true }).then((choice) => {
        if (choice.kind === 'none') throw new InputError(PAST_INTERVIEWS_NEED_A_MODEL);
        return mindFactoryFor(choice, { configPath });
      });
      let factory: MindFactory;
      try {
        factory = await models;
      } catch (err) {
        models = null; // try again at the next question
        throw err instanceof InputError ? err : new InputError(`no language model for interviews: ${(err as Error).message}`);
      }
      // The desk asks one question at a time, so one rewound copy is enough: it follows the step shown.
      const step = replay.state.step;
      if (open?.step !== step) {
        open?.close();
        open = null;
        open = await openPastRun(dbPath, step, factory);
      }
      const mind = intervieweeOf(open.town.sim.mind);
      if (!mind) throw new InputError(PAST_INTERVIEWS_NEED_A_MODEL);
      return mind.interview(agentId, question, history, undefined, interviewer, progress);
    },
  };
  return { options: { interviewee }, close: () => open?.close() };
}
