import { randomFillSync } from 'node:crypto';

// RFC 9562 §6.2 method 1: a 12-bit counter in `rand_a`, so ids made in one millisecond by
// this process sort in the order they were made (steps of a fast loop started in the same
// millisecond then read back in order). It starts at a random value below 0x800 each new
// millisecond, leaving room for 2,048 more; an id for an earlier millisecond than the last
// one (a step's own start time) or past the room just gets a random counter.
let lastMs = -1;
let counter = 0;

function nextCounter(now: number, random: number): number {
  if (now > lastMs) {
    lastMs = now;
    counter = random & 0x7ff;
    return counter;
  }
  if (now === lastMs && counter < 0xfff) return ++counter;
  return random & 0xfff;
}

/**
 * A UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, a counter, then random bits. Rows Prisma
 * creates get `@default(uuid(7))` from Prisma itself (there is no database default), so
 * statements that insert without Prisma make the same kind of id here: time-ordered,
 * index-friendly.
 */
export function uuidV7(now = Date.now()): string {
  const b = randomFillSync(new Uint8Array(16));
  const seq = nextCounter(now, (b[6]! << 8) | b[7]!);
  b[7] = seq & 0xff;
  b[6] = seq >> 8;
  let ms = now;
  for (let i = 5; i >= 0; i--) {
    b[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  b[6] = (b[6]! & 0x0f) | 0x70; // version 7
  b[8] = (b[8]! & 0x3f) | 0x80; // variant 10
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
