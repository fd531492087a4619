/**
 * Opens the town of `run` and `start` in the order that spares a new user surprises: every check
 * that needs no model first (flags, config file with its "mind" section, map, personas, the
 * simulation file, the mind a stored run used), then the models, then the town. Nobody downloads
 * a model to be told the map is missing, and a stored run does not quietly change its mind.
 */
import { boolOpt, stringOpt, type ParsedArgs } from './args';
import { mindConfigFor, mindFactoryFor } from './minds';
import { chooseModels, modelConfig, type ModelChoice } from './models';
import { mindKindOf, mindSwitchError, openTown, prepareTown, type Town } from './town';
import { ablateOpt, townOpenOptions } from './townOptions';

export interface LaunchOptions {
  /** Human-readable lines (stderr). */
  log: (line: string) => void;
  /** Download progress bars. */
  progress?: boolean;
  /** One line about the model instead of the configuration and the full explanation. */
  brief?: boolean;
}

export async function launchTown(args: ParsedArgs, dbPath: string, options: LaunchOptions): Promise<{ town: Town; models: ModelChoice }> {
  const townOptions = { ...townOpenOptions(args), dbPath };
  const switchMind = boolOpt(args, 'switch-mind');
  const config = modelConfig(args);
  const mindOptions = { configPath: stringOpt(args, 'config') };
  mindConfigFor(mindOptions);
  const prepared = prepareTown(townOptions);

  let models: ModelChoice | undefined;
  if (prepared.kind === 'resume' && !switchMind) {
    const stored = mindKindOf(prepared.storedMind);
    if (stored === 'generative' && config.backend === 'none' && !config.replayFrom) {
      throw mindSwitchError(dbPath, prepared.storedMind, 'rule-based', 'the language model is switched off: --llm-backend none');
    }
    if (stored === 'rule-based' && config.backend !== 'none') {
      // A model named on purpose is a request we cannot honour quietly; the default local model
      // is no request: the run continues as it was, without loading anything.
      if (config.sources.backend) throw mindSwitchError(dbPath, prepared.storedMind, 'generative', `backend ${config.backend}, ${config.sources.backend}`);
      const line = `${dbPath} was run with the rule-based mind: continuing it so, no model loaded (--switch-mind to continue it with a language model)`;
      options.log(line);
      models = { kind: 'none', config, message: line, summary: 'the stored run uses the rule-based mind' };
    }
  }
  models ??= await chooseModels(config, options.log, { progress: options.progress, brief: options.brief });
  if (prepared.kind === 'resume' && !switchMind && models.kind === 'none' && !config.replayFrom && mindKindOf(prepared.storedMind) === 'generative') {
    throw mindSwitchError(dbPath, prepared.storedMind, 'rule-based', models.summary);
  }
  if (ablateOpt(args) !== 'none' && models.kind === 'none' && !config.replayFrom) {
    throw new Error(`--ablate ${ablateOpt(args)} switches off parts of the generative mind, which needs a language model (${models.summary})`);
  }
  const town = await openTown({ ...townOptions, prepared, switchMind, mindFactory: mindFactoryFor(models, mindOptions) });
  return { town, models };
}
