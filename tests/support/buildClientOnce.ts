/**
 * vitest global set-up: builds the web client once, before any test file runs. Several browser
 * test files start their own `hamlet start`; each would otherwise build a missing or stale client
 * at the same moment and swap client/dist under the others' servers while their pages load.
 */
import { ensureClientBuilt } from '../../server/net/clientBuild';

export default async function setup(): Promise<void> {
  await ensureClientBuilt({ notice: (line) => console.log(line) });
}
