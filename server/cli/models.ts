/**
 * Language-model selection for commands that run minds: config file < environment < flags,
 * printed without secrets; when no model can be had, one clear message and the rule-based mind
 * (or an error exit with --require-model).
 */
import {
  createLanguageModels,
  createProgressPrinter,
  describeLlmConfig,
  LLM_SETTINGS,
  readConfigFile,
  resolveLlmConfig,
  type Embedder,
  type LanguageModel,
  type LlmConfig,
} from '../llm/index';
import { stringOpt, type OptionSpecs, type ParsedArgs } from './args';

/** Flags of every model setting (generated from the llm layer's settings table) plus --config. */
export const modelOptionSpecs: OptionSpecs = {
  config: { type: 'string', value: '<path>', description: 'config file (JSON with an "llm" section; default: ./hamlet.config.json if present)' },
  ...Object.fromEntries(
    LLM_SETTINGS.filter((s) => s.flag).map((s) => [
      s.flag!,
      {
        type: s.kind === 'bool' ? 'boolean' : 'string',
        value: Array.isArray(s.kind) ? `<${s.kind.join('|')}>` : s.kind === 'path' ? '<path>' : '<value>',
        description: `${s.description} [env ${s.env.join(' or ')}]`,
      },
    ]),
  ),
};

export type ModelChoice =
  | { kind: 'ready'; config: LlmConfig; llm: LanguageModel; embedder: Embedder; label: string; notes: string[] }
  | { kind: 'none'; config: LlmConfig; message: string; summary: string };

/** Thrown when --require-model is set and no model could be loaded; its message is the explanation. */
export class ModelRequiredError extends Error {}

/** Resolves the model configuration from a command's arguments. */
export function modelConfig(args: ParsedArgs): LlmConfig {
  const configPath = stringOpt(args, 'config');
  const file = readConfigFile(configPath);
  const flags: Record<string, string | boolean | undefined> = {};
  for (const s of LLM_SETTINGS) {
    if (!s.flag) continue;
    const v = args.values[s.flag];
    if (typeof v === 'string' || typeof v === 'boolean') flags[s.flag] = v;
  }
  return resolveLlmConfig({ ...file, env: process.env, flags });
}

/**
 * Loads the configured models. `log` receives human-readable lines (configuration, download
 * progress, the no-model explanation); pass a no-op for --json output. `brief` (headless runs
 * without --verbose) prints one line instead of the configuration and the full explanation.
 */
export async function chooseModels(config: LlmConfig, log: (line: string) => void, options: { progress?: boolean; brief?: boolean } = {}): Promise<ModelChoice> {
  if (!options.brief) for (const line of describeLlmConfig(config)) log(line);
  const result = await createLanguageModels(config, {
    onProgress: options.progress === false ? undefined : createProgressPrinter(),
    log,
  });
  if (result.kind === 'ready') {
    if (options.brief) log(`language model: ${result.label}`);
    else for (const note of result.notes) log(`  ${note}`);
    return { kind: 'ready', config, llm: result.llm, embedder: result.embedder, label: result.label, notes: result.notes };
  }
  if (config.requireModel) throw new ModelRequiredError(result.message);
  if (config.replayFrom) {
    // A replay needs no live model: answers come from the record, and a call it lacks stops the run.
    const line = `no live language model (${result.summary}): answering every call from the record in ${config.replayFrom}; a call it lacks stops the run`;
    log(options.brief ? line : `${result.message}\n${line}`);
  } else if (options.brief) {
    log(`no language model (${result.summary}): running the rule-based mind${result.reason === 'disabled' ? '' : ' (--verbose for details)'}`);
  } else log(result.message);
  return { kind: 'none', config, message: result.message, summary: result.summary };
}
