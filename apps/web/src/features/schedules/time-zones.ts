/** The zone names the picker offers: "UTC" first (browsers leave it out of their list), then the runtime's IANA zones. */
export function timeZoneNames(): string[] {
  let zones: string[] = [];
  try {
    zones = Intl.supportedValuesOf('timeZone');
  } catch {
    // An older runtime without supportedValuesOf: the field still takes any name; the check says if it's known.
  }
  return ['UTC', ...zones.filter((z) => z !== 'UTC')];
}

/** The browser's own zone (e.g. "Europe/Berlin"), or null when it can't say. */
export function browserTimeZone(): string | null {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || null;
  } catch {
    return null;
  }
}
