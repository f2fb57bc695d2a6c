import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { EngineError, NonRetryableError } from '@weft/engine';

/**
 * The `http` node's SSRF guard. The address a host name resolves to is checked inside the
 * socket's own `lookup`, and the socket connects to exactly the addresses that passed: there
 * is no second resolution an attacker's DNS could answer differently (DNS rebinding).
 */

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to every address it has (the system resolver unless a test injects one). */
export type ResolveHost = (hostname: string) => Promise<ResolvedAddress[]>;

/** Decides whether a connection to this IP address is allowed. */
export type AddressPolicy = (address: string) => boolean;

export const resolveWithSystem: ResolveHost = async (hostname) =>
  (await dnsLookup(hostname, { all: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

// IANA's global unicast space; the rest of IPv6 (::/8 including the deprecated
// IPv4-compatible ::a.b.c.d, fc00::/7, fe80::/10, ff00::/8…) is never a public server.
const IPV6_GLOBAL_UNICAST = ipaddr.parseCIDR('2000::/3');

/**
 * True for an address a public server could have: ipaddr.js's `unicast` range (not loopback,
 * private, link-local, CGNAT, reserved, multicast, unspecified, NAT64, 6to4, Teredo…), after
 * un-mapping IPv4-mapped IPv6 (`::ffff:127.0.0.1` is 127.0.0.1 to the kernel).
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) parsed = v6.toIPv4Address();
    else if (!v6.match(IPV6_GLOBAL_UNICAST)) return false;
  }
  return parsed.range() === 'unicast';
}

export function sandboxViolation(hostname: string, address: string): NonRetryableError {
  return new NonRetryableError(
    'SANDBOX_VIOLATION',
    `host "${hostname}" resolves to a non-public address (${address}); set HTTP_ALLOW_PRIVATE=true to allow it`,
  );
}

/** `[::1]` → `::1`: URL keeps the brackets, sockets and ipaddr.js don't want them. */
export function unbracket(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}

/**
 * Refuses a URL whose host is a non-public IP literal. Needed before connecting because
 * net.connect never calls `lookup` for an IP literal. Host names are checked at connect
 * time by the guarded lookup. (The WHATWG URL parser has already turned `0x7f000001`,
 * `2130706433`, `127.1` and `[::ffff:127.0.0.1]` into their canonical forms.)
 */
export function assertAllowedLiteral(url: URL, isAllowed: AddressPolicy): void {
  const host = unbracket(url.hostname);
  if (isIP(host) !== 0 && !isAllowed(host)) throw sandboxViolation(url.hostname, host);
}

/**
 * A `lookup` for net/tls.connect that resolves the name, refuses it unless every address is
 * allowed (one private address among public ones is enough to refuse: the socket could pick
 * it), and hands the checked addresses to the socket. Errors are EngineErrors, so the client
 * can surface them as they are.
 */
export function createGuardedLookup(resolve: ResolveHost, isAllowed: AddressPolicy): LookupFunction {
  async function resolveChecked(hostname: string, family: number | string | undefined): Promise<ResolvedAddress[]> {
    let resolved: ResolvedAddress[];
    try {
      resolved = await resolve(hostname);
    } catch (err) {
      const code = (err as { code?: string }).code;
      throw new EngineError('NETWORK_ERROR', `cannot resolve host "${hostname}"${code ? ` (${code})` : ''}`, {
        retryable: true,
        cause: err,
      });
    }
    const refused = resolved.find((a) => !isAllowed(a.address));
    if (refused) throw sandboxViolation(hostname, refused.address);
    const only = family === 4 || family === 'IPv4' ? 4 : family === 6 || family === 'IPv6' ? 6 : undefined;
    const wanted = only === undefined ? resolved : resolved.filter((a) => a.family === only);
    if (wanted.length === 0)
      throw new EngineError('NETWORK_ERROR', `cannot resolve host "${hostname}"`, { retryable: true });
    return wanted;
  }
  return (hostname, options, callback) => {
    // Two-argument then: the callback runs exactly once, even if it throws.
    resolveChecked(hostname, options.family).then(
      (addresses) =>
        options.all ? callback(null, addresses) : callback(null, addresses[0]!.address, addresses[0]!.family),
      (err: Error) => callback(err as NodeJS.ErrnoException, ''),
    );
  };
}
