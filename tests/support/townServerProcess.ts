/**
 * A stand-in OpenAI-compatible server that answers with the scripted town model (tests'
 * townScript): try the generative mind, interviews and whispers with no model at all.
 * Prints its base URL on the first line of stdout and serves until killed.
 *   npx tsx tests/support/townServerProcess.ts [latencyMs]
 *   LLM_BASE_URL=<printed url> EMBED_MODEL=hash npm start
 */
import { startFakeOpenAiServer } from './fakeOpenAiServer';
import { townScriptWireAnswer } from './townScript';


const latencyMs = Number(process.argv[2] ?? 0);
// People with news tell it (a party invitation spreads): try `hamlet experiment party` with no model.
const server = await startFakeOpenAiServer({ latencyMs, chatText: (body) => townScriptWireAnswer(body, { tellNews: true }) });
process.stdout.write(`${server.url}\n`);
const stop = () => void server.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
