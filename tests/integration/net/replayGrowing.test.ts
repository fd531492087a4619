/**
 * Replaying a run that is still being written: the replay looks for new steps in its file
 * (a WAL reader sees every commit) and tells every viewer the longer span (`replaySpan`), so the
 * timeline extends; the new steps can be sought and played like the others. For a generative
 * run the time-travel inspector and the mind's markers (reflections, plan changes) extend too.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openTown } from '../../../server/cli/town';
import type { AgentView, ReplayInfo } from '../../../server/net/protocol';
import { ReplaySource } from '../../../server/net/replay';
import { createHamletServer, type HamletServer } from '../../../server/net/server';
import { agentView } from '../../../server/net/views';
import { writeMiniTown } from '../../support/miniTown';
import { connectViewer, request, type Viewer } from './helpers';
import { ScriptedModel } from '../../support/scriptedModel';
import { townScriptAnswer } from '../../support/townScript';
import { openGenerativeTown } from '../mind/helpers';

const TOKEN = 'growing-replay-token-1';

describe('replaying a run that grows', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hamlet-replay-grow-'));
  let server: HamletServer | null = null;
  let replay: ReplaySource | null = null;
  const viewers: Viewer[] = [];
  afterAll(async () => {
    for (const v of viewers) v.socket.close();
    await server?.close();
    replay?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('extends the timeline as the writer commits steps', { timeout: 60_000 }, async () => {
    const files = writeMiniTown(join(dir, 'town'));
    const db = join(dir, 'run.db');
    const town = await openTown({ mapPath: files.mapPath, personasPath: files.personasPath, dbPath: db, seed: 3, snapshotEverySteps: 100 });
    const positions = new Map<number, AgentView[]>();
    const runTo = async (step: number) => {
      while (town.sim.state.step < step) {
        await town.sim.step();
        positions.set(town.sim.state.step, town.sim.state.agents.map(agentView));
      }
    };
    try {
      await runTo(150);
      replay = ReplaySource.open(db);
      server = createHamletServer({ replay, token: TOKEN, clientDir: null, runner: { stepsPerSecond: 10, paused: true }, replayPollMs: 50, log: () => {} });
      const { url } = await server.listen(0);
      const viewer = connectViewer(url, TOKEN);
      viewers.push(viewer);
      const spans: ReplayInfo[] = [];
      viewer.socket.on('replaySpan', (span) => spans.push(span));
      expect((await viewer.firstSnapshot).replay).toMatchObject({ firstStep: 0, lastStep: 150 });

      // The writer goes on (as `hamlet run` or `hamlet start` in another process would).
      town.sim.enqueueAt(260, { kind: 'event', id: 'late', address: 'Minitown:Corner Cafe:cafe floor', description: 'a late party', durationSteps: 30 });
      await runTo(320);
      await waitUntil(() => spans.at(-1)?.lastStep === 320, 'a replaySpan with lastStep 320');
      expect(spans.every((s, i) => s.firstStep === 0 && (i === 0 || s.lastStep > spans[i - 1].lastStep))).toBe(true);

      // New viewers get the longer span; the new steps are there to seek and their markers listed.
      expect(server.snapshot('viewer').replay).toMatchObject({ firstStep: 0, lastStep: 320 });
      const sought = await request(viewer.socket, 'seek', { step: 300 });
      expect(sought.ok).toBe(true);
      expect((sought as unknown as { snapshot: { agents: AgentView[] } }).snapshot.agents).toEqual(positions.get(300));
      const timeline = (await request(viewer.socket, 'timeline', {})) as unknown as { markers: { step: number; label: string }[] };
      expect(timeline.markers.some((m) => m.step === 260 && m.label === 'a late party')).toBe(true);

      // Nothing new: no message.
      const count = spans.length;
      await new Promise((r) => setTimeout(r, 300));
      expect(spans.length).toBe(count);
    } finally {
      town.store.close();
    }
  });
});

describe('replaying a generative run that grows', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hamlet-replay-grow-gen-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('extends the inspector as of the step and the reflection and plan markers', { timeout: 120_000 }, async () => {
    const files = writeMiniTown(join(dir, 'town'));
    const db = join(dir, 'run.db');
    // Memories rated 9 (idle ones 1): reflections come early.
    const llm = new ScriptedModel({
      name: 'poignant',
      respond: (request) => {
        if (request.tag?.task === 'rateImportance') {
          const items = (request.messages[0].content.match(/^\d+\. .*$/gm) ?? []).map((l) => (/\b(idle|sleeping)\b/.test(l) ? 1 : 9));
          return JSON.stringify({ scores: items });
        }
        return townScriptAnswer(request).text;
      },
    });
    const town = await openGenerativeTown({ ...files, dbPath: db, llm, startTime: '2026-02-13T06:30', snapshotEverySteps: 100, config: { importanceBatchMinutes: 5, reflectionThreshold: 30 } });
    const ids = town.sim.state.agents.map((a) => a.id);
    const live = new Map<number, unknown[]>();
    const runTo = async (step: number) => {
      while (town.sim.state.step < step) {
        await town.sim.step();
        if (town.sim.state.step % 37 === 0) live.set(town.sim.state.step, ids.map((id) => structuredClone(town.sim.mind.inspect(id, town.sim.time))));
      }
    };
    let replay: ReplaySource | null = null;
    try {
      await runTo(120);
      replay = ReplaySource.open(db);
      const early = replay.markers();
      // Seen before it grows: the inspector at the end so far (its views are kept).
      replay.seek(replay.lastStep);
      ids.forEach((id) => replay!.mind.inspect(id, replay!.time));
      await runTo(420);
      expect(replay.refresh()).toBe(true);
      expect(replay.lastStep).toBe(420);
      const later = replay.markers();
      const mind = (m: { kind: string; step: number }) => (m.kind === 'reflection' || m.kind === 'plan') && m.step >= 120;
      expect(early.filter(mind)).toEqual([]);
      expect(later.filter(mind).length).toBeGreaterThan(0);
      expect(later.filter((m) => m.step < 120)).toEqual(early.filter((m) => m.step < 120));
      // The inspector as of the new steps is what the live mind showed then (fail-safe marks aside).
      const strip = (i: unknown) => i && { ...(i as { memories: { fallback?: true }[] }), memories: (i as { memories: { fallback?: true }[] }).memories.map(({ fallback: _f, ...m }) => m) };
      let checked = 0;
      for (const [step, shown] of live) {
        if (step <= 120) continue;
        replay.seek(step);
        expect(ids.map((id) => strip(replay!.mind.inspect(id, replay!.time))), `step ${step}`).toEqual(shown.map(strip));
        checked++;
      }
      expect(checked).toBeGreaterThan(3);
    } finally {
      replay?.close();
      town.store.close();
    }
  });
});

async function waitUntil(condition: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = performance.now() + ms;
  while (!condition()) {
    if (performance.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
