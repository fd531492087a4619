/**
 * Runs the real `hamlet` bin in a child process without blocking this process's event loop, so
 * servers of the test (fake OpenAI server, fake hub) keep answering while it runs.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export const HAMLET_BIN = join(__dirname, '..', '..', 'server', 'cli', 'hamlet.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function hamletAsync(args: string[], env: Record<string, string | undefined> = {}, timeoutMs = 120_000, cwd?: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [HAMLET_BIN, ...args], { env: { ...process.env, LLM_BASE_URL: '', HAMLET_REPLAY_LLM: '', ...env }, cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
