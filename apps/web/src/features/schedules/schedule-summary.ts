import type { ScheduleSettings } from './types';

/** "90 s", "15 min", "1 h", "1 h 30 min", "2 d" — a catch-up window in words. */
export function formatSeconds(total: number): string {
  if (total < 60 || total % 60 !== 0) return `${total} s`;
  const minutes = total / 60;
  if (minutes < 60) return `${minutes} min`;
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  return [days ? `${days} d` : '', hours ? `${hours} h` : '', mins ? `${mins} min` : ''].filter(Boolean).join(' ');
}

type Policy = Pick<ScheduleSettings, 'overlap' | 'maxInstances' | 'coalesce' | 'catchUpWindowSec'>;

/** What happens to a due time while runs are still going. */
export function describeOverlap({ overlap, maxInstances }: Policy): string {
  if (overlap === 'allow') return 'Allow overlapping runs';
  const limit = maxInstances === 1 ? 'while 1 run is going' : `while ${maxInstances} runs are going`;
  return overlap === 'skip' ? `Skip ${limit}` : `Queue one ${limit}, skip any more`;
}

/** What happens to due times missed while Weft was down. */
export function describeCatchUp({ coalesce, catchUpWindowSec }: Policy): string {
  if (catchUpWindowSec === 0) return 'Not caught up';
  const how = coalesce ? 'One run for all of them' : 'Each runs, oldest first';
  return `${how}, if at most ${formatSeconds(catchUpWindowSec)} late`;
}

/** The input as one line of JSON, cut at `max` characters; null when empty. */
export function inputPreview(input: Record<string, unknown>, max = 120): string | null {
  if (Object.keys(input).length === 0) return null;
  const text = JSON.stringify(input);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
