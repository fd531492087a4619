/**
 * Command-line parsing on node:util parseArgs, with help text generated from the same specs,
 * so every command has --help and every bad flag gets one clear line and exit code 2.
 */
import { parseArgs } from 'node:util';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  description: string;
  /** Shown in help, e.g. "<path>". */
  value?: string;
  default?: string | boolean;
  multiple?: boolean;
}

export type OptionSpecs = Record<string, OptionSpec>;

export interface CommandSpec {
  name: string;
  summary: string;
  usage: string;
  /** Longer description shown under --help. */
  details?: string;
  options: OptionSpecs;
  examples?: string[];
  run(args: ParsedArgs): Promise<number>;
}

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/** A user mistake: printed without a stack trace, exit code 2. */
export class UsageError extends Error {}

export function parseCommandArgs(command: CommandSpec, argv: string[]): ParsedArgs {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [name, spec] of Object.entries(command.options)) {
    options[name] = { type: spec.type, ...(spec.short ? { short: spec.short } : {}), ...(spec.multiple ? { multiple: true } : {}) };
  }
  try {
    const { values, positionals } = parseArgs({ args: joinNegativeValues(argv, command.options), options, allowPositionals: true, strict: true });
    for (const [name, spec] of Object.entries(command.options)) {
      if (values[name] === undefined && spec.default !== undefined) (values as Record<string, unknown>)[name] = spec.default;
    }
    return { values: values as ParsedArgs['values'], positionals };
  } catch (err) {
    // node's messages run to several lines of advice about dashes; the first line names the problem.
    const message = (err as Error).message.split('\n')[0].replace(/\. To specify a positional argument.*$/s, '').replace(/\.$/, '');
    throw new UsageError(`${message}. Run "hamlet ${command.name} --help" for the options.`);
  }
}

/**
 * `--hours -3` → `--hours=-3`: parseArgs takes a value that starts with a dash for an option and
 * refuses it, so the flag's own check ("--hours must be at least 0") never got to say what is wrong.
 */
function joinNegativeValues(argv: string[], specs: OptionSpecs): string[] {
  const takesValue = new Set<string>();
  for (const [name, spec] of Object.entries(specs)) {
    if (spec.type !== 'string') continue;
    takesValue.add(`--${name}`);
    if (spec.short) takesValue.add(`-${spec.short}`);
  }
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--') {
      out.push(...argv.slice(i));
      break;
    }
    if (takesValue.has(argv[i]) && i + 1 < argv.length && /^-(\d|\.\d)/.test(argv[i + 1])) {
      out.push(`${argv[i].startsWith('--') ? argv[i] : `--${Object.entries(specs).find(([, s]) => `-${s.short}` === argv[i])![0]}`}=${argv[i + 1]}`);
      i++;
    } else out.push(argv[i]);
  }
  return out;
}

export function commandHelp(command: CommandSpec): string {
  const lines = [`hamlet ${command.name} — ${command.summary}`, '', `Usage: ${command.usage}`];
  if (command.details) lines.push('', command.details);
  const entries = Object.entries(command.options);
  if (entries.length) {
    lines.push('', 'Options:');
    const left = entries.map(([name, spec]) => `${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.type === 'string' ? ` ${spec.value ?? '<value>'}` : ''}`);
    const width = Math.min(34, Math.max(...left.map((l) => l.length)) + 2);
    entries.forEach(([, spec], i) => {
      const def = spec.default !== undefined && spec.default !== false ? ` (default: ${spec.default})` : '';
      // Long flags put their description on the next line, aligned with the others.
      if (left[i].length + 2 > width) lines.push(`  ${left[i]}`, `  ${''.padEnd(width)}${spec.description}${def}`);
      else lines.push(`  ${left[i].padEnd(width)}${spec.description}${def}`);
    });
  }
  if (command.examples?.length) lines.push('', 'Examples:', ...command.examples.map((e) => `  ${e}`));
  return lines.join('\n');
}

export function stringOpt(args: ParsedArgs, name: string): string | undefined {
  const v = args.values[name];
  return typeof v === 'string' ? v : undefined;
}

export function boolOpt(args: ParsedArgs, name: string): boolean {
  return args.values[name] === true;
}

/** Parses a numeric flag with bounds; throws a UsageError naming the flag. */
export function numberOpt(args: ParsedArgs, name: string, bounds: { min?: number; max?: number; integer?: boolean } = {}): number | undefined {
  const raw = stringOpt(args, name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value)) throw new UsageError(`--${name} expects a number, got "${raw}"`);
  if (bounds.integer && !Number.isInteger(value)) throw new UsageError(`--${name} expects a whole number, got "${raw}"`);
  if (bounds.min !== undefined && value < bounds.min) throw new UsageError(`--${name} must be at least ${bounds.min}, got ${raw}`);
  if (bounds.max !== undefined && value > bounds.max) throw new UsageError(`--${name} must be at most ${bounds.max}, got ${raw}`);
  return value;
}
