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
  config: { type: 'string', value: '<path>', description: 'config file (JSON with an "llm" section for the models and a "mind" section; default: ./hamlet.config.json if present)' },
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
  | { kind: 'none'; config: LlmConfig; message: string };

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
 * progress, the no-model explanation); pass a no-op for --json output.
 */
export async function chooseModels(config: LlmConfig, log: (line: string) => void, options: { progress?: boolean } = {}): Promise<ModelChoice> {
  for (const line of describeLlmConfig(config)) log(line);
  const result = await createLanguageModels(config, {
    onProgress: options.progress === false ? undefined : createProgressPrinter(),
    log,
  });
  if (result.kind === 'ready') {
    for (const note of result.notes) log(`  ${note}`);
    return { kind: 'ready', config, llm: result.llm, embedder: result.embedder, label: result.label, notes: result.notes };
  }
  if (config.requireModel) throw new ModelRequiredError(result.message);
  log(result.message);
  return { kind: 'none', config, message: result.message };
}
