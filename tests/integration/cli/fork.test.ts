/**
 * `hamlet fork`: a fork continues from its parent's state (with no what-if it repeats the
 * parent's future exactly, both minds), its log up to the fork step is the parent's, the parent
 * file is byte-identical afterwards, the lineage names the parent, and the what-if (an inject or
 * whisper) lands at the fork step in one command.
 */
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forkRun } from '../../../server/cli/fork';
import { openTown } from '../../../server/cli/town';
import { readScratch } from '../../../server/mind/generative/scratch';
import { readLineage } from '../../../server/store/lineage';
import { SimulationStore } from '../../../server/store/simulationStore';
import { hamletAsync } from '../../support/hamletCli';
import { startHamlet } from './hamletProcess';
import { writeMiniTown } from '../../support/miniTown';
import { memoryRows, openGenerativeTown, steps } from '../mind/helpers';

const dir = mkdtempSync(join(tmpdir(), 'hamlet-fork-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const mini = writeMiniTown(join(dir, 'town'));
const STEPS = 150;
/** The generative parent runs longer: its mind acts every few game minutes (plans, memories), not every step. */
const GEN_STEPS = 300;

const fileBytes = (path: string) => readFileSync(path);
/** The deferred model work pending in a file's snapshot at `step` (started before it, due after it). */
function pendingAt(path: string, step: number) {
  const store = SimulationStore.open(path, { readonly: true });
  try {
    const snapshot = store.snapshotAtOrBefore(step)!;
    expect(snapshot.step).toBe(step);
    return readScratch(snapshot.mind).deferred ?? [];
  } finally {
    store.close();
  }
}
/** The recorded calls tagged at or after `step` (deferred calls are tagged with their due step), in call order. */
const callsFrom = (db: Database.Database, step: number) =>
  db.prepare('SELECT task, agent_id, step, prompt_hash, answer FROM llm_calls WHERE step >= ? ORDER BY id').all(step) as { task: string; agent_id: string; step: number; prompt_hash: string; answer: string }[];

function logOf(path: string): { hash: string; before: (step: number) => string; count: number } {
  const store = SimulationStore.open(path, { readonly: true });
  try {
    const hash = store.stepLogHash();
    const count = store.stepCount();
    const hashes = new Map<number, string>();
    for (const s of [0, 60, 90, 100, 120, 130, STEPS, GEN_STEPS]) hashes.set(s, store.stepLogHashBefore(s));
    return { hash, count, before: (s) => hashes.get(s)! };
  } finally {
    store.close();
  }
}

let ruleParent: string;
let genParent: string;

beforeAll(async () => {
  ruleParent = join(dir, 'rule.db');
  const rule = await openTown({ mapPath: mini.mapPath, personasPath: mini.personasPath, dbPath: ruleParent, seed: 5, snapshotEverySteps: 60 });
  await steps(rule, STEPS);
  rule.sim.snapshot();
  rule.store.close();

  genParent = join(dir, 'generative.db');
  const gen = await openGenerativeTown({ mapPath: mini.mapPath, personasPath: mini.personasPath, dbPath: genParent, seed: 5, snapshotEverySteps: 60, startTime: '2026-02-13T07:00' });
  await steps(gen, GEN_STEPS);
  gen.sim.snapshot();
  gen.store.close();
}, 120_000);

describe('hamlet fork', () => {
  it('rule-based: the fork between snapshots holds the parent\'s log up to the step, continues to the parent\'s very future, and leaves the parent byte-identical', async () => {
    const before = fileBytes(ruleParent);
    const parent = logOf(ruleParent);
    const fork = join(dir, 'forks', 'rule-fork.db'); // a folder that does not exist yet
    const result = await forkRun({ parentPath: ruleParent, at: 100, dbPath: fork });
    expect(result).toMatchObject({ step: 100, snapshotStep: 60, rerunSteps: 40, inputs: [] });
    expect(fileBytes(ruleParent).equals(before)).toBe(true);

    const forked = logOf(fork);
    expect(forked.count).toBe(100);
    expect(forked.before(100)).toBe(parent.before(100));
    const lineage = readLineage(new Database(fork, { readonly: true }));
    expect(lineage).toEqual([
      expect.objectContaining({ generation: 1, parentPath: ruleParent, parentSteps: STEPS, parentLogSha256: parent.hash, step: 100, logSha256AtFork: parent.before(100), snapshotStep: 60, inputs: [] }),
    ]);

    // Continued without a what-if, the fork is its parent again: the same state, the same future.
    const town = await openTown({ dbPath: fork, resume: true });
    expect(town.startStep).toBe(100);
    await steps(town, STEPS - 100);
    expect(town.store.stepLogHash()).toBe(parent.hash);
    town.store.close();
    expect(fileBytes(ruleParent).equals(before)).toBe(true);
  });

  it('generative (scripted model): the mind re-run from the record gives a fork that continues exactly like the parent, memories and all', async () => {
    const before = fileBytes(genParent);
    const parent = logOf(genParent);
    const fork = join(dir, 'gen-fork.db');
    const result = await forkRun({ parentPath: genParent, at: 130, dbPath: fork });
    expect(result).toMatchObject({ step: 130, snapshotStep: 120, rerunSteps: 10, mind: 'generative (town-script)' });
    expect(fileBytes(genParent).equals(before)).toBe(true);
    expect(logOf(fork).before(130)).toBe(parent.before(130));
    expect(existsSync(`${fork}.hnsw`)).toBe(true);

    const forked = new Database(fork, { readonly: true });
    // Memories up to the fork step, none after; the record of calls stops there too.
    const parentDb = new Database(genParent, { readonly: true });
    const upTo = <T extends { step: number }>(rows: T[]) => rows.filter((r) => r.step < 130);
    // The stretch re-run (120–129) starts model work whose results land after the fork step
    // (deferred results), and the future holds memories: the test has teeth.
    const pending = pendingAt(fork, 130);
    expect(pending.filter((e) => e.startStep >= 120 && e.startStep < 130 && e.dueStep > 130).length).toBeGreaterThan(0);
    expect(memoryRows(parentDb).filter((m) => m.step >= 130).length).toBeGreaterThan(0);
    expect(memoryRows(forked).map((m) => m.id)).toEqual(upTo(memoryRows(parentDb)).map((m) => m.id));
    // The record holds the calls up to the fork step and the answers of the work pending at it
    // (tagged with their due steps, as in the parent), nothing the parent asked from the fork step on.
    const pendingCalls = pending.reduce((n, e) => n + e.calls.length, 0);
    expect(callsFrom(forked, 130).length).toBe(pendingCalls);
    for (const c of callsFrom(forked, 130)) expect(pending.some((e) => e.agentId === c.agent_id && e.dueStep === c.step)).toBe(true);
    expect(forked.prepare("SELECT value FROM meta WHERE key = 'mind'").get()).toEqual({ value: JSON.stringify('generative (town-script)') });
    forked.close();

    const town = await openGenerativeTown({ dbPath: fork, resume: true });
    expect(town.startStep).toBe(130);
    await steps(town, GEN_STEPS - 130);
    expect(town.store.stepLogHash()).toBe(parent.hash);
    const strip = (rows: ReturnType<typeof memoryRows>) => rows.map(({ last_accessed: _ignored, ...rest }) => rest);
    expect(strip(memoryRows(town.store.db))).toEqual(strip(memoryRows(parentDb)));
    town.store.close();
    parentDb.close();
    expect(fileBytes(genParent).equals(before)).toBe(true);
  }, 120_000);

  it('generative: a fork at a snapshot step that holds pending model work (nothing re-run) keeps the answers of that work in its record, and continues like the parent', async () => {
    // A fork at 130 ends with a snapshot at 130 holding deferred work due later; fork it there.
    const first = join(dir, 'gen-fork-130.db');
    await forkRun({ parentPath: genParent, at: 130, dbPath: first });
    const pending = pendingAt(first, 130);
    expect(pending.length).toBeGreaterThan(0);
    const second = join(dir, 'gen-fork-of-fork.db');
    const result = await forkRun({ parentPath: first, at: 130, dbPath: second });
    expect(result).toMatchObject({ step: 130, snapshotStep: 130, rerunSteps: 0 });
    const a = new Database(first, { readonly: true });
    const b = new Database(second, { readonly: true });
    // The restarted calls answered from the record before the file was finished (they were lost
    // when the fork closed at once, and a continuation asked the model again).
    expect(callsFrom(b, 130)).toEqual(callsFrom(a, 130));
    expect(callsFrom(b, 130).length).toBe(pending.reduce((n, e) => n + e.calls.length, 0));
    a.close();
    b.close();
    const town = await openGenerativeTown({ dbPath: second, resume: true });
    await steps(town, GEN_STEPS - 130);
    expect(town.store.stepLogHash()).toBe(logOf(genParent).hash);
    town.store.close();

    // Without those answers in the parent's record the fork is refused (it was made, with failed
    // calls in its record where the parent had answers, and continued unlike its parent).
    const thin = join(dir, 'thin-pending.db');
    copyFileSync(first, thin);
    const raw = new Database(thin);
    raw.prepare('DELETE FROM llm_calls WHERE step >= 130').run();
    raw.close();
    const refused = join(dir, 'thin-pending-fork.db');
    await expect(forkRun({ parentPath: thin, at: 130, dbPath: refused })).rejects.toThrow(/the replay record has no answer for \w+\|.*\(work pending at step 130\)/);
    expect(existsSync(refused)).toBe(false);
  }, 120_000);

  it('a fork of a fork keeps the whole lineage; a fork at a snapshot step re-runs nothing', async () => {
    const first = join(dir, 'gen1.db');
    await forkRun({ parentPath: ruleParent, at: 120, dbPath: first });
    const second = join(dir, 'gen2.db');
    const result = await forkRun({ parentPath: first, at: 60, dbPath: second });
    expect(result).toMatchObject({ step: 60, snapshotStep: 60, rerunSteps: 0 });
    const lineage = readLineage(new Database(second, { readonly: true }));
    expect(lineage.map((l) => [l.generation, l.parentPath, l.step])).toEqual([
      [1, ruleParent, 120],
      [2, first, 60],
    ]);
  });

  it('fork + inject in one command: the event happens at the fork step when the fork continues; the parent is unchanged', async () => {
    const before = fileBytes(ruleParent);
    const fork = join(dir, 'whatif.db');
    const out = await hamletAsync(['fork', ruleParent, '--at', '2026-02-13T06:15', '--db', fork, '--inject', 'a band starts playing', '--place', 'Corner Cafe', '--radius', '6', '--json']);
    expect(out.code, out.stderr).toBe(0);
    const made = JSON.parse(out.stdout);
    expect(made).toMatchObject({ step: 90, snapshotStep: 60, continueWith: `hamlet start --db ${fork} --resume` });
    expect(made.inputs).toEqual([expect.objectContaining({ kind: 'event', description: 'a band starts playing', radiusTiles: 6 })]);

    const run = await hamletAsync(['run', '--db', fork, '--resume', '--steps', '5', '--json', '--quiet']);
    expect(run.code, run.stderr).toBe(0);
    const store = SimulationStore.open(fork, { readonly: true });
    const [first] = [...store.readSteps(90, 91)];
    expect(first.events).toEqual([expect.objectContaining({ description: 'a band starts playing', address: expect.stringContaining('Corner Cafe'), radiusTiles: 6 })]);
    const forkedBefore = store.stepLogHashBefore(90);
    store.close();
    const parent = SimulationStore.open(ruleParent, { readonly: true });
    expect(forkedBefore).toBe(parent.stepLogHashBefore(90));
    parent.close();
    expect(fileBytes(ruleParent).equals(before)).toBe(true);
  }, 60_000);

  it('--start opens the fork live at once, from the fork step, and Ctrl-C prints how to continue it', async () => {
    const fork = join(dir, 'live.db');
    const p = startHamlet(['fork', ruleParent, '--at', '75', '--db', fork, '--start', '--port', '0', '--paused', '--token', 'fork-start-token-1234']);
    await p.waitFor(/Control:\s+http/);
    expect(p.stdout()).toMatch(/Forked .* at step 75 .*\n(.*\n)*  Opening it live…/);
    expect(p.stdout()).toMatch(/resumed at .*\(step 75\)/);
    await new Promise((r) => setTimeout(r, 300));
    p.child.kill('SIGINT');
    const done = await p.done;
    expect(done.code, `${done.signal} ${done.stderr}`).toBe(130);
    expect(done.stdout).toContain(`Continue with: hamlet start --db ${fork} --resume`);
  }, 60_000);

  it('says what is wrong: no --at (exit 2), a step outside the run, an unknown place, a file of an unknown format (exit 1), and leaves no file', async () => {
    const fork = join(dir, 'bad.db');
    const noAt = await hamletAsync(['fork', ruleParent, '--db', fork]);
    expect(noAt.code).toBe(2);
    expect(noAt.stderr).toMatch(/--at <step \| YYYY-MM-DDTHH:MM> is needed/);
    const outside = await hamletAsync(['fork', ruleParent, '--at', '999', '--db', fork]);
    expect(outside.code).toBe(1);
    expect(outside.stderr).toContain(`--at 999: ${ruleParent} holds steps 0–${STEPS}`);
    const place = await hamletAsync(['fork', ruleParent, '--at', '60', '--db', fork, '--inject', 'rain', '--place', 'Nowhere Hall']);
    expect(place.code).toBe(1);
    expect(place.stderr).toMatch(/Nowhere Hall/);
    expect(existsSync(fork)).toBe(false);

    const future = join(dir, 'future.db');
    await forkRun({ parentPath: ruleParent, at: 60, dbPath: future });
    const raw = new Database(future);
    raw.prepare("UPDATE store_parts SET version = 3 WHERE part = 'snapshots'").run();
    raw.close();
    const refused = await hamletAsync(['fork', future, '--at', '60', '--db', fork]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${future}: its "snapshots" part is in format version 3, but this Hamlet reads version 1 of it`);
    expect(existsSync(fork)).toBe(false);

    // A record that lacks an answer the re-run needs: refused, naming the snapshot step to fork at instead.
    const thin = join(dir, 'thin.db');
    copyFileSync(genParent, thin);
    const raw2 = new Database(thin);
    // (the work the re-run starts is deferred: its calls are tagged with the steps they land at)
    raw2.prepare('DELETE FROM llm_calls WHERE step >= 120').run();
    raw2.close();
    await expect(forkRun({ parentPath: thin, at: 130, dbPath: fork })).rejects.toThrow(
      new RegExp(`cannot re-run ${thin.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} from its snapshot at step 120 to rebuild the mind's state at step 130: the replay record has no answer .*Fork at a snapshot step instead, e.g. --at 120`),
    );
    expect(existsSync(fork)).toBe(false);
    expect(readdirClean(dir)).toEqual([]);
  }, 60_000);
});

/** Leftovers of failed forks (none expected). */
function readdirClean(folder: string): string[] {
  return readdirSync(folder).filter((name) => name.includes('.forking-'));
}
