/**
 * A slow step is visible: while the town waits for its minds, viewers get `status` broadcasts
 * carrying `thinking` (how long, and how many model calls are in flight), repeated while it lasts
 * and cleared when the step lands. Real sockets, the real page client (TownClient), the runner's
 * injected timers (no sleeping); the generative mind is the real one with a gated scripted model.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { TownClient } from '../../../client/src/net/townClient';
import { generativeMindFor } from '../../../server/cli/minds';
import { defaultMindFactory } from '../../../server/cli/town';
import type { AgentInsight, AgentIntent, Mind, MindStepContext } from '../../../server/engine/ports';
import type { AgentId } from '../../../server/engine/types';
import type { GenerateRequest, GenerateResult, LanguageModel } from '../../../server/llm/types';
import { resolveGenerativeConfig } from '../../../server/mind/generative/index';
import type { RunStatus } from '../../../server/net/protocol';
import { THINKING_AFTER_MS, THINKING_EVERY_MS } from '../../../server/net/runner';
import { HashEmbedder } from '../../support/scriptedModel';
import { createTownScriptModel } from '../../support/townScript';
import { connectViewer, runSteps, startTestTown, waitFor, type TestTown, type Viewer } from './helpers';

/** A model whose answers wait while the gate is shut (a slow local model, under the test's control). */
class GatedModel implements LanguageModel {
  readonly name = 'gated town-script';
  waiting = 0;
  private readonly inner = createTownScriptModel();
  private gate: Promise<void> | null = null;
  private openGate: () => void = () => undefined;

  shut(): void {
    this.gate = new Promise((resolve) => (this.openGate = resolve));
  }

  open(): void {
    this.gate = null;
    this.openGate();
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    if (this.gate) {
      this.waiting++;
      await this.gate;
      this.waiting--;
    }
    return this.inner.generate(request);
  }
}

/** The rule-based mind, but each step's decision waits for the test; it reports no progress. */
class GatedMind implements Mind {
  readonly kind = 'rule-based' as const;
  readonly label = 'gated rule-based';
  private gate: { promise: Promise<void>; resolve: () => void; reject: (err: Error) => void } | null = null;

  constructor(private readonly inner: Mind) {}

  shut(): void {
    let resolve!: () => void;
    let reject!: (err: Error) => void;
    const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
    this.gate = { promise, resolve, reject };
  }

  fail(message: string): void {
    this.gate?.reject(new Error(message));
    this.gate = null;
  }

  async decide(ctx: MindStepContext): Promise<Map<AgentId, AgentIntent>> {
    if (this.gate) await this.gate.promise;
    return this.inner.decide(ctx);
  }

  inspect(agentId: AgentId, time: number): AgentInsight | null {
    return this.inner.inspect(agentId, time);
  }

  snapshot(): unknown {
    return this.inner.snapshot();
  }

  restore(data: unknown): void {
    this.inner.restore(data);
  }
}

let t: TestTown | null = null;
const sockets: { close(): void }[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await t?.cleanup();
  t = null;
});

function viewer(): Viewer {
  const v = connectViewer(t!.url);
  sockets.push(v.socket);
  return v;
}

/** What a viewer heard, in order: "step N", "thinking <ms> <pending>/<done>", "status". */
function transcript(v: Viewer): string[] {
  const heard: string[] = [];
  v.socket.on('step', (d) => heard.push(`step ${d.step}`));
  v.socket.on('status', (s: RunStatus) => heard.push(s.thinking ? `thinking ${s.thinking.forMs} ${s.thinking.pendingCalls ?? '-'}/${s.thinking.doneCalls ?? '-'}` : `status${s.paused ? ' paused' : ''}`));
  return heard;
}

describe('a slow step is visible to viewers', () => {
  it('announces a step waiting for its model calls every few seconds, with the calls in flight, and clears it when the step lands', async () => {
    const model = new GatedModel();
    model.shut();
    t = await startTestTown({
      mindFactory: (town) => generativeMindFor(town, { llm: model, embedder: new HashEmbedder(64), label: model.name }, resolveGenerativeConfig({ concurrency: 2 })),
    });
    const v = viewer();
    const heard = transcript(v);
    await v.firstSnapshot;
    // The page's own client, to see what the top bar sees.
    const page = new TownClient({ url: t.url });
    sockets.push(page);
    const pageThinking: (RunStatus['thinking'] | undefined)[] = [];
    page.on('status', (_s, state) => pageThinking.push(state.status.thinking));
    const thinkingAtStep: (RunStatus['thinking'] | undefined)[] = [];
    page.on('step', (_d, state) => thinkingAtStep.push(state.status.thinking));
    await waitFor(() => page.state !== null, 'the page snapshot');

    // Step 0: everyone plans their day; the model is slow, so the calls wait (two at a time, the rest queued).
    expect(t.timers.fireNext()).toBe(true);
    await waitFor(() => model.waiting === 2, 'two model calls waiting');
    expect(t.timers.scheduled).toBe(1); // only the thinking watch: no second step starts meanwhile
    expect(heard).toEqual([]); // under a second: nothing to say yet

    t.timers.fireNext(); // one second into the step
    await waitFor(() => heard.length === 1, 'the first thinking status');
    const mind = t.town.sim.mind;
    const first = mind.progress!();
    expect(first.pendingCalls).toBeGreaterThan(2); // running + queued
    expect(first.doneCalls).toBe(0);
    expect(heard).toEqual([`thinking ${THINKING_AFTER_MS} ${first.pendingCalls}/0`]);
    expect(v.statuses[0]).toMatchObject({ paused: false, step: 0, thinking: { forMs: THINKING_AFTER_MS } });

    // Someone opening the page now sees it at once.
    const late = viewer();
    expect((await late.firstSnapshot).status.thinking).toEqual({ forMs: THINKING_AFTER_MS, pendingCalls: first.pendingCalls, doneCalls: 0 });

    t.timers.fireNext(); // repeated while it lasts
    await waitFor(() => heard.length === 2, 'the repeated thinking status');
    expect(heard[1]).toBe(`thinking ${THINKING_AFTER_MS + THINKING_EVERY_MS} ${first.pendingCalls}/0`);
    await waitFor(() => pageThinking.length === 2, 'the page hearing it');
    expect(pageThinking.at(-1)).toEqual({ forMs: THINKING_AFTER_MS + THINKING_EVERY_MS, pendingCalls: first.pendingCalls, doneCalls: 0 });

    // The model answers: the step lands, then one status without `thinking` clears the note.
    model.open();
    await v.stepReached(0);
    await waitFor(() => heard.length === 4, 'the clearing status');
    expect(heard.slice(2)).toEqual(['step 0', 'status']);
    expect(v.statuses.at(-1)).not.toHaveProperty('thinking');
    expect(v.statuses.at(-1)).toMatchObject({ paused: false, step: 1 });
    expect(t.server.runner.status.thinking).toBeUndefined();
    expect(mind.progress!()).toMatchObject({ pendingCalls: 0 });
    expect(mind.progress!().doneCalls).toBeGreaterThanOrEqual(first.pendingCalls);
    await waitFor(() => page.state?.status.step === 1 && pageThinking.length === 3, 'the page clearing');
    expect(thinkingAtStep).toEqual([undefined]); // the page drops the note as soon as the step arrives
    expect(page.state!.status.thinking).toBeUndefined();
    expect(t.timers.scheduled).toBe(1); // the next step; no watch left behind

    // Fast steps are never announced.
    await runSteps(t, v, 3);
    expect(heard.slice(4)).toEqual(['step 1', 'step 2', 'step 3']);
  });

  it('says only how long when the mind has no model calls to count, and a slow step that fails pauses the town without leaving the note', async () => {
    let gated: GatedMind | null = null;
    const errors: unknown[] = [];
    t = await startTestTown({
      mindFactory: async (town) => (gated = new GatedMind(await defaultMindFactory(town))),
      runner: { onError: (err) => errors.push(err) },
    });
    const v = viewer();
    const heard = transcript(v);
    await v.firstSnapshot;
    await runSteps(t, v, 1);

    gated!.shut();
    t.timers.fireNext(); // step 1 starts and waits
    await waitFor(() => t!.server.runner.busy, 'the step under way');
    t.timers.fireNext();
    await waitFor(() => heard.length === 2, 'the thinking status');
    expect(v.statuses.at(-1)).toEqual({ paused: false, speed: 5, step: 1, time: t.town.sim.time, thinking: { forMs: THINKING_AFTER_MS } });

    gated!.fail('the model server went away');
    await waitFor(() => heard.length === 3, 'the pausing status');
    expect(heard).toEqual(['step 0', 'thinking 1000 -/-', 'status paused']);
    expect(v.statuses.at(-1)).not.toHaveProperty('thinking');
    expect(errors).toHaveLength(1);
    expect(t.timers.scheduled).toBe(0);
  });
});
