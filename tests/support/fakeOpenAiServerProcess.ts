/**
 * Runs the fake OpenAI-compatible server in its own process (for benchmarks, so client and
 * server do not share one event loop). Prints its base URL on the first line of stdout and
 * serves until killed. Usage: node --import tsx tests/support/fakeOpenAiServerProcess.ts [latencyMs]
 */
import { startFakeOpenAiServer } from './fakeOpenAiServer';

const latencyMs = Number(process.argv[2] ?? 0);
const server = await startFakeOpenAiServer({ latencyMs, chatText: () => '{"score": 5}' });
process.stdout.write(`${server.url}\n`);
const stop = () => void server.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
