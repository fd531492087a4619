import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { minuteOfDay } from '../../../server/engine/clock';
import { relativeAddress } from '../../../server/world/spatial';
import { ScriptedModel } from '../../support/scriptedModel';
import { writeMiniTown } from '../../support/miniTown';
import { townScriptAnswer } from '../../support/townScript';
import { openGenerativeTown } from './helpers';
import { asAgentId } from '../../../server/engine/ids';

const files = writeMiniTown();
afterAll(() => rmSync(files.dir, { recursive: true, force: true }));

describe('planning', () => {
  it('plans the day, decomposes each piece into tasks covering it exactly, at known places only', async () => {
    const town = await openGenerativeTown({ ...files });
    const llm = town.llm as ScriptedModel;
    const addresses = new Map<string, Set<string>>();
    for (let i = 0; i < 1400; i++) {
      const delta = await town.sim.step();
      for (const a of delta.agents ?? []) if (a.action) (addresses.get(a.id) ?? addresses.set(a.id, new Set()).get(a.id)!).add(a.action.address);
    }
    // One day plan per agent (the run stays within the day).
    expect(new Set(llm.callsFor('planDay').map((r) => r.tag?.agentId)).size).toBe(4);
    expect(llm.callsFor('planDay')).toHaveLength(4);

    for (const persona of town.personas) {
      const scratch = town.mind.scratchOf(persona.id)!;
      const plan = scratch.plan!;
      expect(plan.goals.length).toBeGreaterThanOrEqual(1);
      // The blocks cover the whole day without gaps; before wake-up is sleep.
      expect(plan.blocks[0].start).toBe(0);
      for (let i = 1; i < plan.blocks.length; i++) expect(plan.blocks[i].start).toBe(plan.blocks[i - 1].end);
      expect(plan.blocks[plan.blocks.length - 1].end).toBe(1440);
      expect(plan.blocks[0].sleep).toBe(true);

      const known = new Set(town.mind.knownPlaces(persona.id));
      const decomposed = plan.chunks.filter((c) => c.tasks);
      expect(decomposed.length).toBeGreaterThan(1);
      for (const chunk of decomposed) {
        expect(chunk.end - chunk.start).toBeLessThanOrEqual(60 + 14);
        let t = chunk.start;
        for (const task of chunk.tasks!) {
          expect(task.start).toBe(t);
          expect(task.minutes).toBeGreaterThan(0);
          expect(known.has(task.place), `${persona.id}: ${task.place} is not a known place`).toBe(true);
          expect(task.emoji).toBeTruthy();
          expect(task.event[0]).toBe(persona.name);
          t += task.minutes;
        }
        expect(t).toBe(chunk.end);
      }
      // Only the pieces up to the next one are decomposed (current and next hour).
      const minute = minuteOfDay(town.sim.time);
      for (const chunk of plan.chunks) if (chunk.start > minute + 60) expect(chunk.tasks).toBeNull();
      // Every place the agent was sent to is one it knows.
      for (const address of addresses.get(persona.id) ?? []) expect(known.has(relativeAddress(town.map, address)), `${persona.id} went to ${address}`).toBe(true);
    }
    // The inspector shows the schedule with the block under way broken into its tasks: one row
    // is current (not the block and its task both), and no task repeats its block.
    const insight = town.mind.inspect(asAgentId('ada-ash'), town.sim.time)!;
    expect(insight.plan.filter((p) => p.current).length).toBe(1);
    const subs = insight.plan.filter((p) => p.sub);
    expect(subs.length).toBeGreaterThan(0);
    for (const sub of subs) {
      expect(sub.emoji).toBeTruthy();
      expect(sub.description).not.toMatch(/^·/);
    }
    insight.plan.forEach((p, i) => {
      const block = insight.plan.slice(0, i + 1).reverse().find((b) => !b.sub)!;
      if (p.sub) expect(p.description.toLowerCase()).not.toBe(block.description.toLowerCase());
    });
    expect(town.mind.problems).toEqual([]);
  });

  it('maps places the model invents to places the agent knows', async () => {
    const llm = new ScriptedModel({
      respond: (request) => {
        if (request.tag?.task === 'decomposeBlock') {
          const total = Number(/\((\d+) min\)/.exec(request.messages[0].content)?.[1] ?? 60);
          return JSON.stringify({ tasks: [{ minutes: total, description: 'looking around', place: 'the old lighthouse', emoji: '🔭', event: ['x', 'is', 'looking around'] }] });
        }
        return townScriptAnswer(request).text;
      },
    });
    const town = await openGenerativeTown({ ...files, llm });
    for (let i = 0; i < 800; i++) await town.sim.step();
    for (const persona of town.personas) {
      const known = new Set(town.mind.knownPlaces(persona.id));
      for (const chunk of town.mind.scratchOf(persona.id)!.plan!.chunks) for (const task of chunk.tasks ?? []) expect(known.has(task.place)).toBe(true);
    }
  });

  it('reuses a decomposition when a piece repeats instead of asking again', async () => {
    const town = await openGenerativeTown({ ...files, startTime: '2026-02-13T11:30' });
    const llm = town.llm as ScriptedModel;
    // 12:00-23:00 is "working at home" in hour pieces: the first two are asked for, the rest reuse them.
    for (let i = 0; i < 4 * 360; i++) await town.sim.step();
    for (const persona of town.personas) {
      const pieces = town.mind.scratchOf(persona.id)!.plan!.chunks.filter((c) => c.tasks && c.activity.startsWith('working at home'));
      expect(pieces.length).toBeGreaterThanOrEqual(4);
      expect(pieces.filter((c) => c.reused).length).toBeGreaterThanOrEqual(2);
      const asked = llm.callsFor('decomposeBlock').filter((r) => r.tag?.agentId === persona.id && r.messages[0].content.includes('working at home'));
      expect(asked.length).toBe(pieces.filter((c) => !c.reused).length);
    }
  });

  it('thinks nothing while asleep: between midnight and waking only the day plans are made', async () => {
    const town = await openGenerativeTown({ ...files, startTime: '2026-02-13T22:00' });
    const llm = town.llm as ScriptedModel;
    for (let i = 0; i < 9.5 * 360; i++) {
      await town.sim.step();
      if (i === 5 * 360) expect(town.sim.state.agents.every((a) => a.sleeping)).toBe(true); // 03:00
    }
    const calls = llm.requests.map((r) => ({ task: r.tag!.task, minute: minuteOfDay(town.sim.clock.timeAt(r.tag!.step!)) }));
    expect(calls.filter((c) => c.minute >= 1 && c.minute < 7 * 60)).toEqual([]);
    expect(calls.filter((c) => c.task === 'planDay' && c.minute === 0)).toHaveLength(4);
    expect(town.sim.state.agents.every((a) => !a.sleeping)).toBe(true); // 07:30: up again
  });
});
