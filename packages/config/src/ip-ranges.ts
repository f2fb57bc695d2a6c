import ipaddr from 'ipaddr.js';

// IP allowlists: webhook allowlists and METRICS_ALLOW_CIDRS (web and worker) share these.

/** Parses allowlist entries (IPv4/IPv6 addresses and CIDRs); returns the bad ones. */
export function invalidAllowlistEntries(entries: string[]): string[] {
  return entries.filter((e) => parseEntry(e) === null);
}

/** Normalised form of an entry (`10.0.0.0/8`, `2001:db8::/32`, single address → /32 or /128). */
export function normaliseEntry(entry: string): string {
  const parsed = parseEntry(entry);
  if (!parsed) throw new Error(`invalid allowlist entry "${entry}"`);
  return `${parsed[0].toString()}/${parsed[1]}`;
}

/** True when the list is empty (everyone) or `ip` falls in one of its entries. */
export function isAllowed(ip: string | null, entries: string[]): boolean {
  if (entries.length === 0) return true;
  if (!ip) return false;
  let addr: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    addr = ipaddr.process(ip); // IPv4-mapped IPv6 (::ffff:1.2.3.4) becomes IPv4
  } catch {
    return false;
  }
  return entries.some((entry) => {
    const range = parseEntry(entry);
    return range !== null && range[0].kind() === addr.kind() && addr.match(range as [typeof addr, number]);
  });
}

function parseEntry(entry: string): [ipaddr.IPv4 | ipaddr.IPv6, number] | null {
  const trimmed = entry.trim();
  try {
    if (trimmed.includes('/')) return ipaddr.parseCIDR(trimmed);
    const addr = ipaddr.process(trimmed);
    return [addr, addr.kind() === 'ipv4' ? 32 : 128];
  } catch {
    return null;
  }
}
