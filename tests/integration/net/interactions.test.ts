/**
 * interview, inject, whisper and cancelInput over real sockets: roles, validation with limits,
 * nearest-name errors, streaming to the asker only, the viewers' queue and rate limit.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { generativeMindFor } from '../../../server/cli/minds';
import { resolveGenerativeConfig } from '../../../server/mind/generative/index';
import type { InterviewMessage } from '../../../server/net/protocol';
import { HashEmbedder } from '../../support/scriptedModel';
import { createTownScriptModel } from '../../support/townScript';
import { connectViewer, request, runSteps, startTestTown, waitFor, type TestTown } from './helpers';

let t: TestTown | undefined;
afterEach(async () => {
  await t?.cleanup();
  t = undefined;
});

const generative = () => {
  const llm = createTownScriptModel();
  return { llm, mindFactory: (town: Parameters<typeof generativeMindFor>[0]) => generativeMindFor(town, { llm, embedder: new HashEmbedder(64), label: 'scripted' }, resolveGenerativeConfig({})) };
};

describe('inject, whisper and cancelInput', () => {
  it('are refused without the controller token, validated with their limits, and name the nearest valid place or person', async () => {
    t = await startTestTown();
    const viewer = connectViewer(t.url);
    const controller = connectViewer(t.url, 'secret-token');
    await Promise.all([viewer.firstSnapshot, controller.firstSnapshot]);
    const event = { kind: 'event', place: 'Corner Cafe', description: 'a band starts playing' };
    for (const [name, payload] of [['inject', event], ['whisper', { agent: 'Ada Ash', text: 'hi' }], ['cancelInput', { id: 'x' }]] as const) {
      const ack = await request(viewer.socket, name, payload);
      expect(ack).toMatchObject({ ok: false, error: expect.stringMatching(/only a controller/) });
    }
    expect(await request(controller.socket, 'inject', { ...event, place: 'Corner Caffe:cafe flor' })).toEqual({ ok: false, error: expect.stringMatching(/unknown place "Corner Caffe:cafe flor".*nearest: "Corner Cafe:cafe floor"/) });
    expect(await request(controller.socket, 'inject', { ...event, description: 'x'.repeat(301) })).toEqual({ ok: false, error: 'invalid inject payload: description: description is too long: at most 300 characters' });
    expect(await request(controller.socket, 'inject', { kind: 'objectState', object: 'Corner Cafe', state: 'on fire' })).toEqual({ ok: false, error: expect.stringMatching(/is a sector, not an object/) });
    expect(await request(controller.socket, 'inject', { ...event, radius: 99 })).toMatchObject({ ok: false, error: expect.stringMatching(/at most 30 tiles/) });
    expect(await request(controller.socket, 'inject', { ...event, at: '2020-01-01T10:00' })).toMatchObject({ ok: false, error: expect.stringMatching(/has passed/) });
    expect(await request(controller.socket, 'whisper', { agent: 'Ada Ashe', text: 'hello' })).toMatchObject({ ok: false, error: expect.stringMatching(/no one called "Ada Ashe".*nearest: "Ada Ash"/) });
    // The rule-based mind cannot hear whispers: say so rather than record a line nobody hears.
    expect(await request(controller.socket, 'whisper', { agent: 'Ada Ash', text: 'hello' })).toMatchObject({ ok: false, error: expect.stringMatching(/whispers need a language model/) });

    const ok: any = await request(controller.socket, 'inject', { ...event, radius: 4, durationMinutes: 10 });
    expect(ok).toMatchObject({ ok: true, id: expect.stringMatching(/^ev-/), startsAtStep: 0, input: { kind: 'event', address: 'Minitown:Corner Cafe', radiusTiles: 4, durationSteps: 60 } });
    await runSteps(t, viewer, 1);
    expect(viewer.steps[0].inputs).toEqual([ok.input]);
    expect(viewer.steps[0].events).toMatchObject([{ id: ok.id, description: 'a band starts playing', radiusTiles: 4, step: 0, expiresStep: 60 }]);
  });

  it('a scheduled event waits in the state and can be cancelled before it starts, not after', async () => {
    t = await startTestTown();
    const controller = connectViewer(t.url, 'secret-token');
    await controller.firstSnapshot;
    const at = '2026-02-13T06:10'; // step 60
    const a: any = await request(controller.socket, 'inject', { kind: 'announcement', text: 'Cake at the cafe', at });
    expect(a.startsAtStep).toBe(60);
    expect(await request(controller.socket, 'cancelInput', { id: a.id })).toEqual({ ok: true, id: a.id, cancelled: 'before it was applied' });
    const b: any = await request(controller.socket, 'inject', { kind: 'announcement', text: 'Cake at the cafe', at });
    await runSteps(t, controller, 1);
    expect(t.town.sim.state.events.map((e) => e.id)).toEqual([b.id]);
    expect(await request(controller.socket, 'cancelInput', { id: 'ev-nope' })).toEqual({ ok: false, error: `no scheduled event "ev-nope"; scheduled: ${b.id}` });
    expect(await request(controller.socket, 'cancelInput', { id: b.id })).toEqual({ ok: true, id: b.id, cancelled: 'scheduled event' });
    await runSteps(t, controller, 1);
    expect(controller.steps[1].inputs).toEqual([{ kind: 'cancel', eventId: b.id }]);
    expect(t.town.sim.state.events).toEqual([]);
  });
});

describe('interview over the wire', () => {
  it('with the rule-based mind says interviews need a language model; viewers are refused by default', async () => {
    t = await startTestTown();
    const viewer = connectViewer(t.url);
    const controller = connectViewer(t.url, 'secret-token');
    await Promise.all([viewer.firstSnapshot, controller.firstSnapshot]);
    expect(await request(viewer.socket, 'interview', { agent: 'ada-ash', question: 'Hi?' })).toMatchObject({ ok: false, error: expect.stringMatching(/only a controller can interview.*--open-interviews/) });
    expect(await request(controller.socket, 'interview', { agent: 'ada-ash', question: 'Hi?' })).toMatchObject({ ok: false, error: expect.stringMatching(/interviews need a language model.*--llm-base-url/) });
  });

  it('streams the answer to the asker only (thinking with memories, then text equal to the final answer); follow-ups see earlier turns', async () => {
    const g = generative();
    t = await startTestTown({ mindFactory: g.mindFactory });
    const controller = connectViewer(t.url, 'secret-token');
    const other = connectViewer(t.url);
    await Promise.all([controller.firstSnapshot, other.firstSnapshot]);
    await runSteps(t, controller, 3);
    const mine: InterviewMessage[] = [];
    const theirs: InterviewMessage[] = [];
    controller.socket.on('interview', (m) => mine.push(m));
    other.socket.on('interview', (m) => theirs.push(m));
    const hashBefore = t.town.store.stepLogHash();
    const ack = (await request(controller.socket, 'interview', { agent: 'Ada Ash', question: 'Do you like the coffee at Corner Cafe?' })) as any;
    expect(ack.ok).toBe(true);
    expect(ack.interview.answer).toContain('coffee at Corner Cafe');
    await waitFor(() => mine.some((m) => m.kind === 'done'), 'done');
    expect(mine[0]).toMatchObject({ kind: 'thinking', agentId: 'ada-ash', question: 'Do you like the coffee at Corner Cafe?' });
    const thinking = mine[0] as Extract<InterviewMessage, { kind: 'thinking' }>;
    expect(thinking.memories.length).toBeGreaterThan(0);
    expect(thinking.memories[0]).toEqual(expect.objectContaining({ description: expect.any(String), recency: expect.any(Number), relevance: expect.any(Number), importanceScore: expect.any(Number), score: expect.any(Number) }));
    const text = mine.filter((m) => m.kind === 'text').map((m) => (m as { text: string }).text);
    expect(text.length).toBeGreaterThan(1);
    expect(text.join('')).toBe(ack.interview.answer);
    expect(mine[mine.length - 1]).toEqual({ id: ack.interview.id, kind: 'done', answer: ack.interview.answer, outcome: 'ok' });
    expect(theirs).toEqual([]);
    await request(controller.socket, 'interview', { agent: 'ada-ash', question: 'Why?' });
    const prompts = g.llm.callsFor('answerInterview').map((r) => r.messages.map((m) => m.content).join('\n'));
    expect(prompts[1]).toContain('Q: Do you like the coffee at Corner Cafe?');
    expect(t.town.store.stepLogHash()).toBe(hashBefore); // read-only: no step, no memory

    // "Let them remember this": a recorded input for the next step.
    const kept: any = await request(controller.socket, 'interview', { agent: 'ada-ash', question: 'Will you remember me?', remember: true });
    expect(kept.ok).toBe(true);
    expect(t.town.sim.pendingInputs).toEqual([{ kind: 'remember', agentId: 'ada-ash', interviewer: 'The town’s keeper', question: 'Will you remember me?', answer: kept.interview.answer }]);
  });

  it('with --open-interviews viewers may ask, wait in a queue behind others with their position, and are rate-limited', async () => {
    const g = generative();
    t = await startTestTown({ mindFactory: g.mindFactory, openInterviews: true, viewerInterviewIntervalMs: 60_000 });
    const a = connectViewer(t.url);
    const b = connectViewer(t.url);
    await Promise.all([a.firstSnapshot, b.firstSnapshot]);
    await runSteps(t, a, 2);
    const bMessages: InterviewMessage[] = [];
    b.socket.on('interview', (m) => bMessages.push(m));
    const [ackA, ackB] = await Promise.all([
      request(a.socket, 'interview', { agent: 'ben-ash', question: 'Who is your sister?' }),
      request(b.socket, 'interview', { agent: 'cleo-birch', question: 'Who are your friends?' }),
    ]);
    expect(ackA.ok && ackB.ok).toBe(true);
    expect(bMessages[0]).toMatchObject({ kind: 'queued', position: 1 });
    expect(await request(a.socket, 'interview', { agent: 'ben-ash', question: 'And again?' })).toMatchObject({ ok: false, error: expect.stringMatching(/one question every 60 s/) });
    expect(await request(b.socket, 'interview', { agent: 'ben-ash', question: 'Remember?', remember: true })).toMatchObject({ ok: false, error: expect.stringMatching(/only a controller can let an agent remember/) });
  });
});
