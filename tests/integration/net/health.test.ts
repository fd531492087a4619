/**
 * The minds' health reaches the page: with a model whose answers are all garbage, the snapshot
 * and the `health` messages carry the per-task counts and the alert with its likely cause; the
 * page's TownClient keeps it in its state; the inspector marks fail-safe plan items and
 * importances "fallback". The rule-based mind sends no health. Real sockets, real SQLite, the
 * real generative mind; only the model is scripted.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { TownClient } from '../../../client/src/net/townClient';
import { generativeMindFor } from '../../../server/cli/minds';
import { resolveGenerativeConfig } from '../../../server/mind/generative/index';
import type { Inspection, MindHealth } from '../../../server/net/protocol';
import { HashEmbedder, ScriptedModel } from '../../support/scriptedModel';
import { connectViewer, request, runSteps, startTestTown, waitFor, type TestTown } from './helpers';

let t: TestTown | null = null;
const clients: { close(): void }[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await t?.cleanup();
  t = null;
});

describe('mind health over the wire', () => {
  it('carries the health in the snapshot and in health messages, and marks fail-safe items in the inspector', async () => {
    const model = new ScriptedModel({ name: 'garbage', fallback: 'Well, I think the weather is lovely today and bread is nice.' });
    t = await startTestTown({
      runner: { paused: false },
      mindFactory: (town) => generativeMindFor(town, { llm: model, embedder: new HashEmbedder(64), label: model.name }, resolveGenerativeConfig({ concurrency: 2 })),
    });
    const viewer = connectViewer(t.url);
    clients.push(viewer.socket);
    const healths: MindHealth[] = [];
    viewer.socket.on('health', (h) => healths.push(h));
    const first = await viewer.firstSnapshot;
    // Before any step: a generative mind has a health, with nothing counted yet.
    expect(first.health).toMatchObject({ run: { all: { ok: 0, failSafe: 0 } }, alert: null, failSafeHeavy: false });

    await runSteps(t, viewer, 3);
    await waitFor(() => healths.length > 0, 'a health message');
    const last = healths[healths.length - 1];
    expect(last.run.byTask.planDay).toEqual({ ok: 0, repaired: 0, retried: 0, failSafe: 4 });
    expect(last.lastHour.all.failSafe).toBeGreaterThanOrEqual(10);
    expect(last.failSafeHeavy).toBe(true);
    expect(last.alert).toMatchObject({ failSafeShare: 1, kind: 'not-json' });
    expect(last.alert!.step).toBeLessThan(3);
    expect(last.alert!.cause).toMatch(/too small.*structured output/);
    expect(last.failures['not-json']).toBeGreaterThan(0);
    // Only steps that changed the counts send one (not more messages than steps).
    expect(healths.length).toBeLessThanOrEqual(3);

    // A late viewer (the page's own client) gets it in the snapshot.
    const page = new TownClient({ url: t.url });
    clients.push(page);
    await waitFor(() => page.state !== null, 'the page snapshot');
    expect(page.state!.health).toMatchObject({ failSafeHeavy: true, alert: { kind: 'not-json' } });
    const before = page.state!.health!.run.all.failSafe;
    await runSteps(t, viewer, 2);
    await waitFor(() => (page.state?.health?.run.all.failSafe ?? 0) >= before, 'the page health');

    const answer = (await request(viewer.socket, 'inspect', { agentId: 'ada-ash' })) as { ok: true; inspection: Inspection };
    expect(answer.ok).toBe(true);
    const insight = answer.inspection.insight!;
    expect(insight.plan.length).toBeGreaterThan(0);
    expect(insight.plan.every((item) => item.fallback === true)).toBe(true);
    expect(insight.memories.some((m) => m.fallback === true && m.importance === 4)).toBe(true);
  }, 60_000);

  it('sends no health for the rule-based mind', async () => {
    t = await startTestTown({ runner: { paused: false } });
    const viewer = connectViewer(t.url);
    clients.push(viewer.socket);
    let healthMessages = 0;
    viewer.socket.on('health', () => healthMessages++);
    const first = await viewer.firstSnapshot;
    expect(first.health).toBeUndefined();
    await runSteps(t, viewer, 3);
    expect(healthMessages).toBe(0);
  });
});
