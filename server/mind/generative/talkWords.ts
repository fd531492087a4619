/**
 * How a talk action reads: "talking with Bo Birch". The opener of a conversation walks to meet
 * the other under this action (actions.ts talkAction, the engine's `targetAgent`), and the step
 * log does not carry `targetAgent`: a replay tells the meeting walk by this description on the
 * conversation's opener (server/net/walks.ts). One function, so the two cannot drift apart.
 * Free of everything else: the static site's page imports it.
 */
export const TALKING_WITH = 'talking with';

/** The description of talking with `name`. */
export function talkingWith(name: string): string {
  return `${TALKING_WITH} ${name}`;
}
