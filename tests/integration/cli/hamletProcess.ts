/**
 * `hamlet` as a child process for lifecycle tests: real processes, real signals, real files.
 * Asynchronous, so a fake model server in the test process keeps answering meanwhile.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const BIN = join(__dirname, '..', '..', '..', 'server', 'cli', 'hamlet.js');

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** performance.now() when the process exited. */
  exitedAt: number;
}

export interface HamletProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves once stdout or stderr contains the pattern (rejects if the process ends first). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  done: Promise<Finished>;
}

/** Starts `hamlet <args>`; `env` adds to (or, with '', blanks) the test's environment. */
export function startHamlet(args: string[], env: Record<string, string> = {}): HamletProcess {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, LLM_BASE_URL: '', LLM_BACKEND: '', ...env } });
  let stdout = '';
  let stderr = '';
  const waiters = new Set<() => void>();
  const poke = () => waiters.forEach((w) => w());
  child.stdout!.on('data', (d) => {
    stdout += d;
    poke();
  });
  child.stderr!.on('data', (d) => {
    stderr += d;
    poke();
  });
  const done = new Promise<Finished>((resolve) =>
    child.on('close', (code, signal) => {
      resolve({ code, signal, stdout, stderr, exitedAt: performance.now() });
      poke();
    }),
  );
  let ended = false;
  void done.then(() => (ended = true));
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    done,
    waitFor(pattern, timeoutMs = 120_000) {
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no ${pattern} within ${timeoutMs} ms; stderr:\n${stderr}`));
        }, timeoutMs);
        const check = () => {
          if (pattern.test(stdout) || pattern.test(stderr)) {
            clearTimeout(timer);
            waiters.delete(check);
            resolve();
          } else if (ended) {
            clearTimeout(timer);
            waiters.delete(check);
            reject(new Error(`hamlet ended before ${pattern}; stderr:\n${stderr}`));
          }
        };
        waiters.add(check);
        check();
      });
    },
  };
}

/** Runs `hamlet <args>` to the end. */
export function hamlet(args: string[], env: Record<string, string> = {}): Promise<Finished> {
  return startHamlet(args, env).done;
}

/** Splits a printed command line ("hamlet run --db /x --resume …") into its arguments after "hamlet". */
export function argsOf(command: string): string[] {
  const words = command.trim().split(/\s+/);
  if (words[0] !== 'hamlet') throw new Error(`not a hamlet command: ${command}`);
  return words.slice(1).map((w) => w.replace(/^'(.*)'$/, '$1'));
}
