/**
 * The life of a simulation file through the real `hamlet` process: stopped by Ctrl-C or SIGTERM
 * (with either mind, in `run` and `start`), resumed with the command it prints, made with
 * --agents, killed before its first commit, damaged on disk, or not a database at all.
 */
import Database from 'better-sqlite3';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulationStore } from '../../../server/store/simulationStore';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../../support/fakeOpenAiServer';
import { townScriptWireAnswer } from '../../support/townScript';
import { argsOf, hamlet, startHamlet, type HamletProcess } from './hamletProcess';

const dir = mkdtempSync(join(tmpdir(), 'hamlet-lifecycle-'));
const VILLAGE = ['--map', 'maps/village.tmj'];
const RULES = ['--llm-backend', 'none'];
let server: FakeOpenAiServer;


beforeAll(async () => {
  server = await startFakeOpenAiServer({ models: ['town-7b'], embedDimensions: 24, chatText: townScriptWireAnswer });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const generativeEnv = () => ({ LLM_BASE_URL: server.url, EMBED_MODEL: 'hash-embed' });

/** Sends `signal` once the process has been stepping for a while; returns how long it took to exit. */
async function stopWith(p: HamletProcess, ready: RegExp, signal: NodeJS.Signals, settleMs = 300) {
  await p.waitFor(ready);
  await new Promise((r) => setTimeout(r, settleMs));
  const sentAt = performance.now();
  p.child.kill(signal);
  const out = await p.done;
  return { ...out, exitMs: out.exitedAt - sentAt };
}

describe('stopping a run with a signal', () => {
  it('Ctrl-C stops a rule-based run after the step under way, snapshots, exits 130 and prints a resume command that works; SIGTERM exits 143', async () => {
    const db = join(dir, 'rule.db');
    // 30 game days: far longer than the test waits, so only the signal can end it.
    const run = await stopWith(startHamlet(['run', '--hours', '720', '--db', db, ...VILLAGE, ...RULES, '--json']), /Starting Village/, 'SIGINT');
    expect(run.code, run.stderr).toBe(130);
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({ interrupted: true, signal: 'SIGINT', fromStep: 0 });
    expect(summary.toStep).toBeGreaterThan(0);
    expect(summary.toStep).toBeLessThan(720 * 360);
    console.log(`rule-based run: exited ${run.exitMs.toFixed(0)} ms after SIGINT at step ${summary.toStep}`);
    expect(run.exitMs).toBeLessThan(5_000); // the bound is 1 s; this only catches "ran to the end"
    expect(summary.resumeCommand).toBe(`hamlet run --db ${db} --resume --steps ${720 * 360 - summary.toStep} --llm-backend none --json`);
    expect(run.stderr).toContain(`Continue with: ${summary.resumeCommand}`);
    const store = SimulationStore.open(db, { readonly: true });
    expect(store.snapshotAtOrBefore()?.step).toBe(summary.toStep);
    expect(store.stepCount()).toBe(summary.toStep);
    store.close();

    // The printed command continues the run; SIGTERM stops that one with 143.
    const resumed = await stopWith(startHamlet(argsOf(summary.resumeCommand)), /Resuming Village/, 'SIGTERM', 600);
    expect(resumed.code, resumed.stderr).toBe(143);
    const second = JSON.parse(resumed.stdout);
    expect(second).toMatchObject({ resumed: true, interrupted: true, signal: 'SIGTERM', fromStep: summary.toStep });
  }, 120_000);

  it('SIGTERM stops a generative run (scripted model server) with 143 and a resume command that carries no secret', async () => {
    const db = join(dir, 'gen.db');
    const env = { ...generativeEnv(), LLM_API_KEY: 'sk-secret-key' };
    const run = await stopWith(
      startHamlet(['run', '--hours', '240', '--start', '2026-02-13T07:00', '--db', db, ...VILLAGE, '--quiet', '--llm-concurrency', '4'], env),
      /Starting Village/,
      'SIGTERM',
      800,
    );
    expect(run.code, run.stderr).toBe(143);
    console.log(`generative run: exited ${run.exitMs.toFixed(0)} ms after SIGTERM`);
    expect(run.exitMs).toBeLessThan(5_000);
    expect(run.stdout).toMatch(/Run interrupted \(SIGTERM\)/);
    const command = /Continue with: (.*)/.exec(run.stdout)?.[1] ?? '';
    expect(command).toMatch(new RegExp(`^hamlet run --db ${db} --resume --steps \\d+ --llm-concurrency 4 --quiet$`));
    expect(run.stdout + run.stderr).not.toContain('sk-secret-key');
    const resumed = await stopWith(startHamlet(argsOf(command), env), /Resuming Village/, 'SIGINT', 500);
    expect(resumed.code, resumed.stderr).toBe(130);
    expect(resumed.stdout).toMatch(/Run interrupted \(SIGINT\)/);
    expect(resumed.stdout).toMatch(/mind\s+generative/);
  }, 120_000);

  it('`hamlet start` stops on Ctrl-C (130) and SIGTERM (143), snapshots, and prints how to continue', async () => {
    const db = join(dir, 'live.db');
    const args = ['start', '--port', '0', '--speed', '100', '--db', db, ...VILLAGE, ...RULES];
    const first = await stopWith(startHamlet(args), /Ctrl-C to stop/, 'SIGINT', 500);
    expect(first.code, first.stderr).toBe(130);
    const command = /Continue with: (.*)/.exec(first.stdout)?.[1] ?? '';
    expect(command).toBe(`hamlet start --db ${db} --resume --llm-backend none`);
    console.log(`hamlet start: exited ${first.exitMs.toFixed(0)} ms after SIGINT`);
    const store = SimulationStore.open(db, { readonly: true });
    const stopped = store.snapshotAtOrBefore()!.step;
    expect(stopped).toBe(store.stepCount());
    store.close();
    const second = await stopWith(startHamlet([...argsOf(command), '--port', '0', '--speed', '100']), /Ctrl-C to stop/, 'SIGTERM', 300);
    expect(second.code, second.stderr).toBe(143);
    expect(second.stdout).toMatch(/resumed at/);
    expect(second.stdout).toMatch(/Continue with: hamlet start --db/);
  }, 300_000);
});

describe('files a run leaves behind', () => {
  it('a run made with --agents N resumes (relationships to people left out stay in the stored personas)', async () => {
    const db = join(dir, 'agents.db');
    const first = await hamlet(['run', '--steps', '20', '--agents', '3', '--db', db, ...RULES, '--json']);
    expect(first.code, first.stderr).toBe(0);
    const store = SimulationStore.open(db, { readonly: true });
    const personas = (store.meta.personas as { personas: { id: string; relationships: { id: string }[] }[] }).personas;
    store.close();
    const ids = new Set(personas.map((p) => p.id));
    expect(personas.flatMap((p) => p.relationships).some((r) => !ids.has(r.id))).toBe(true); // the case of the issue
    const resumed = await hamlet(['run', '--steps', '20', '--db', db, '--resume', ...RULES, '--json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ agents: 3, fromStep: 20, toStep: 40 });
  }, 120_000);

  it('a file killed before its first commit is named as empty and unfinished, and a plain run replaces it', async () => {
    const db = join(dir, 'empty.db');
    // What the old store left when killed right after creating its tables: tables, no meta row.
    const raw = new Database(db);
    raw.pragma('journal_mode = WAL');
    raw.exec('CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL); CREATE TABLE steps (step INTEGER PRIMARY KEY, time INTEGER NOT NULL, delta TEXT NOT NULL);');
    raw.close();
    const resume = await hamlet(['run', '--steps', '5', '--db', db, '--resume', ...VILLAGE, ...RULES]);
    expect(resume.code).toBe(1);
    expect(resume.stderr).toContain(`${db} is an empty, unfinished simulation file`);
    expect(resume.stderr).toMatch(/Run without --resume to start it afresh/);
    expect(resume.stderr).not.toMatch(/store format undefined/);
    const plain = await hamlet(['run', '--steps', '5', '--db', db, ...VILLAGE, ...RULES, '--json']);
    expect(plain.code, plain.stderr).toBe(0);
    expect(JSON.parse(plain.stdout)).toMatchObject({ steps: 5, toStep: 5 });
  }, 120_000);

  it('a file whose meta was committed but not its first snapshot resumes from step 0, like a fresh run', async () => {
    const fresh = await hamlet(['run', '--steps', '30', '--db', join(dir, 'fresh.db'), ...VILLAGE, ...RULES, '--json']);
    const db = join(dir, 'metaonly.db');
    expect((await hamlet(['run', '--steps', '30', '--db', db, ...VILLAGE, ...RULES, '--json'])).code).toBe(0);
    const raw = new Database(db);
    raw.exec('DELETE FROM steps; DELETE FROM snapshots;');
    raw.close();
    const resumed = await hamlet(['run', '--steps', '30', '--db', db, '--resume', ...RULES, '--json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ fromStep: 0, toStep: 30, stepLogSha256: JSON.parse(fresh.stdout).stepLogSha256 });
  }, 120_000);
});

describe('damaged files', () => {
  /** A finished village run whose file is then damaged by `damage`. */
  async function damagedRun(name: string, damage: (bytes: Buffer) => void): Promise<string> {
    const db = join(dir, name);
    const out = await hamlet(['run', '--steps', '800', '--db', db, ...VILLAGE, ...RULES, '--json']);
    expect(out.code, out.stderr).toBe(0);
    hashes.set(db, JSON.parse(out.stdout).stepLogSha256);
    const bytes = readFileSync(db);
    damage(bytes);
    writeFileSync(db, bytes);
    return db;
  }
  const hashes = new Map<string, string>();

  it('control characters written into the step JSON of a page: resume refuses naming the file and the step, stats warns', async () => {
    const db = await damagedRun('json.db', (bytes) => {
      const at = bytes.indexOf('{"step":500,');
      expect(at).toBeGreaterThan(0);
      bytes.fill(1, at + 60, at + 70);
    });
    const resume = await hamlet(['run', '--steps', '5', '--db', db, '--resume', ...RULES]);
    expect(resume.code).toBe(1);
    expect(resume.stderr).toMatch(new RegExp(`${db} is damaged: step \\d+ of the step log is not valid JSON`));
    expect(resume.stderr).toMatch(/copy it aside/);
    expect(resume.stderr).toContain(`sqlite3 ${db} .recover`);
    expect(resume.stderr).not.toMatch(/Bad control character|in JSON at position/);
    const stats = await hamlet(['stats', db]);
    expect(stats.stderr).toMatch(new RegExp(`warning: ${db} is damaged`));
    expect(stats.stderr).not.toMatch(/Bad control character|in JSON at position/);

    // The damage lies after the snapshot at step 360: continuing a copy from there repairs it exactly.
    expect(resume.stderr).toContain('hamlet run --db COPY --resume --from-snapshot 360');
    const copy = join(dir, 'json-copy.db');
    copyFileSync(db, copy);
    const repaired = await hamlet(['run', '--steps', '440', '--db', copy, '--resume', '--from-snapshot', '360', ...RULES, '--json']);
    expect(repaired.code, repaired.stderr).toBe(0);
    expect(JSON.parse(repaired.stdout)).toMatchObject({ fromStep: 360, toStep: 800, stepLogSha256: hashes.get(db) });
    expect((await hamlet(['stats', copy])).stderr).not.toMatch(/damaged/);
  }, 180_000);

  it('a page overwritten with garbage: SQLite errors name the file and say it is damaged', async () => {
    const db = await damagedRun('page.db', (bytes) => {
      const page = Math.floor(bytes.indexOf('{"step":300,') / 4096) * 4096;
      bytes.fill(7, page, page + 4096);
    });
    const resume = await hamlet(['run', '--steps', '5', '--db', db, '--resume', ...RULES]);
    expect(resume.code).toBe(1);
    expect(resume.stderr).toMatch(new RegExp(`^hamlet: ${db} is damaged: SQLite's check fails \\(.+\\)\\. Keep it`, "m"));
    const stats = await hamlet(['stats', db]);
    expect(stats.code).toBe(1);
    expect(stats.stderr).toMatch(new RegExp(`warning: ${db} is damaged`));
    expect(stats.stderr).toMatch(new RegExp(`hamlet: ${db} is damaged: SQLite cannot read it \\(database disk image is malformed\\)`));
  }, 120_000);

  it('a file that is not SQLite at all is named as such by run, run --resume and stats', async () => {
    const db = join(dir, 'notes.db');
    writeFileSync(db, 'shopping list: eggs, flour, sugar\n'.repeat(200));
    for (const args of [['run', '--steps', '1', '--db', db, '--resume', ...RULES], ['stats', db], ['run', '--steps', '1', '--db', db, ...RULES]]) {
      const out = await hamlet(args);
      expect(out.code).toBe(1);
      expect(out.stderr).toContain(`${db} is not a SQLite database, so not a Hamlet simulation file`);
    }
    expect(readFileSync(db, 'utf8')).toMatch(/^shopping list/); // never replaced without --overwrite
  }, 120_000);
});
