/**
 * A stand-in OpenAI-compatible server that answers with the scripted town model (tests'
 * townScript): try the generative mind, interviews and whispers with no model at all.
 * Prints its base URL on the first line of stdout and serves until killed.
 *   npx tsx tests/support/townServerProcess.ts [latencyMs]
 *   LLM_BASE_URL=<printed url> EMBED_MODEL=hash npm start
 */
import type { GenerateRequest } from '../../server/llm/types';
import { startFakeOpenAiServer } from './fakeOpenAiServer';
import { townScriptAnswer } from './townScript';

/** The task is the json_schema name the generative mind sends. */
function scriptAnswer(body: any): string {
  const messages = (body?.messages ?? []) as { role: string; content: string }[];
  const request: GenerateRequest = {
    system: messages.find((m) => m.role === 'system')?.content,
    messages: messages.filter((m) => m.role !== 'system') as GenerateRequest['messages'],
    maxTokens: 100,
    tag: { task: body?.response_format?.json_schema?.name ?? '' },
  };
  return townScriptAnswer(request).text;
}

const latencyMs = Number(process.argv[2] ?? 0);
const server = await startFakeOpenAiServer({ latencyMs, chatText: scriptAnswer });
process.stdout.write(`${server.url}\n`);
const stop = () => void server.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
