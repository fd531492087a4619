/** Game time is kept as UTC milliseconds; these show it as the town's local wall clock. */
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const pad = (n: number) => String(n).padStart(2, '0');

/** "07:05" */
export function clockTime(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** "Friday, Feb 13 2026" */
export function gameDate(ms: number): string {
  const d = new Date(ms);
  return `${WEEKDAYS[d.getUTCDay()]}, ${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()} ${d.getUTCFullYear()}`;
}

/** "Feb 13, 07:05" */
export function shortDateTime(ms: number): string {
  const d = new Date(ms);
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${clockTime(ms)}`;
}

/** "Willow:Corner Cafe:cafe floor:table" → "Corner Cafe › cafe floor › table" */
export function placeName(address: string): string {
  const parts = address.split(':');
  return (parts.length > 1 ? parts.slice(1) : parts).join(' › ');
}

export function speedLabel(stepsPerSecond: number, secondsPerStep: number): string {
  const perSecond = stepsPerSecond * secondsPerStep;
  const rate = perSecond >= 60 ? `${+(perSecond / 60).toFixed(1)} game min/s` : `${+perSecond.toFixed(1)} game s/s`;
  return `${stepsPerSecond} steps/s (${rate})`;
}

/** "12 s", "2 min 05 s" (how long a step has been thinking). */
export function elapsedLabel(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${pad(seconds % 60)} s`;
}

/** "⏳ thinking… 12 s · 7 model calls in flight" (the calls left out when none are known or running). */
export function thinkingLabel(forMs: number, pendingCalls?: number): string {
  const calls = pendingCalls ? ` · ${pendingCalls} model call${pendingCalls === 1 ? '' : 's'} in flight` : '';
  return `⏳ thinking… ${elapsedLabel(forMs)}${calls}`;
}
