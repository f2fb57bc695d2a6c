/** JSON values: what definitions, inputs and outputs are made of. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Size in bytes of a value's JSON encoding (what the payload limits measure). */
export function jsonByteLength(value: unknown): number {
  const s = JSON.stringify(value);
  return s === undefined ? 0 : utf8Length(s);
}

/** Normalises a value to plain JSON (drops undefined, functions, JSONata sequence flags). */
export function toJson(value: unknown): Json {
  if (value === undefined) return null;
  const s = JSON.stringify(value);
  return s === undefined ? null : (JSON.parse(s) as Json);
}

/** UTF-8 length without Buffer, so the engine also runs in the browser (the editor validates). */
export function utf8Length(s: string): number {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
