/**
 * `hamlet <command>`: the single entry point (npm start = hamlet start).
 * Each command lives in server/cli/commands and declares its flags once, for parsing and help.
 */
import { commandHelp, parseCommandArgs, UsageError, type CommandSpec } from './args';
import { forkCommand } from './commands/fork';
import { importSmallvilleCommand } from './commands/importSmallville';
import { experimentCommand } from './commands/experiment';
import { injectCommand, whisperCommand } from './commands/inputs';
import { interviewCommand } from './commands/interview';
import { replayCommand } from './commands/replay';
import { runCommand } from './commands/run';
import { exportCommand, importCommand } from './commands/share';
import { startCommand } from './commands/start';
import { statsCommand } from './commands/stats';
import { CODE_VERSION } from './version';

const commands: CommandSpec[] = [startCommand, runCommand, statsCommand, interviewCommand, injectCommand, whisperCommand, replayCommand, forkCommand, exportCommand, importCommand, importSmallvilleCommand, experimentCommand];

function mainHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [
    `hamlet ${CODE_VERSION} — a generative-agents town sandbox`,
    '',
    'Usage: hamlet <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    'Run "hamlet <command> --help" for a command\'s options.',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? commands.find((c) => c.name === rest.join(' ') || c.name === rest[0]) : undefined;
    process.stdout.write(`${topic ? commandHelp(topic) : mainHelp()}\n`);
    return 0;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${CODE_VERSION}\n`);
    return 0;
  }
  // `import smallville <clone>` is its own command beside `import <file>`: two words, one name.
  const twoWords = name === 'import' && rest[0] === 'smallville';
  const command = twoWords ? importSmallvilleCommand : commands.find((c) => c.name === name);
  if (twoWords) rest.shift();
  if (!command) {
    process.stderr.write(`hamlet: unknown command "${name}". Commands: ${commands.map((c) => c.name).join(', ')}. Run "hamlet --help".\n`);
    return 2;
  }
  const args = parseCommandArgs(command, rest);
  if (args.values.help) {
    process.stdout.write(`${commandHelp(command)}\n`);
    return 0;
  }
  return command.run(args);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError) {
      process.stderr.write(`hamlet: ${err.message}\n`);
      process.exitCode = 2;
    } else {
      const e = err as Error;
      process.stderr.write(`hamlet: ${e.message ?? String(err)}\n`);
      if (process.env.HAMLET_DEBUG) process.stderr.write(`${e.stack}\n`);
      process.exitCode = 1;
    }
  },
);
