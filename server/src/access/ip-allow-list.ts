import { BlockList, isIP } from 'node:net';

/** A parsed `allowPublishFrom` list. */
export interface AllowList {
  /** Whether `ip` (as Node reports a peer: IPv4, IPv6, IPv4-mapped IPv6, maybe with a zone) is in the list. */
  allows(ip: string): boolean;
  /** Entries that are neither an address nor a CIDR range: they match nothing. */
  readonly invalid: readonly string[];
}

/**
 * Parses addresses and CIDR ranges (`10.0.0.0/8`, `192.0.2.7`, `2001:db8::/32`) into Node's
 * `BlockList`, which also matches an IPv4 rule against the IPv4-mapped IPv6 form
 * (`::ffff:10.1.2.3`) a dual-stack socket reports. An invalid entry matches nothing, so a typo
 * narrows the list instead of opening it.
 */
export function parseAllowList(entries: readonly string[]): AllowList {
  const list = new BlockList();
  const invalid: string[] = [];
  for (const entry of entries) {
    const trimmed = entry.trim();
    const slash = trimmed.indexOf('/');
    const address = slash < 0 ? trimmed : trimmed.slice(0, slash);
    const version = isIP(address);
    const prefixText = slash < 0 ? undefined : trimmed.slice(slash + 1);
    const prefix =
      prefixText === undefined ? undefined : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
    if (version === 0 || (prefix !== undefined && !(prefix <= (version === 4 ? 32 : 128)))) {
      invalid.push(entry);
      continue;
    }
    const type = version === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, prefix, type);
  }
  return {
    invalid,
    allows(ip) {
      const address = ip.replace(/%.*$/, '');
      const version = isIP(address);
      return version !== 0 && list.check(address, version === 4 ? 'ipv4' : 'ipv6');
    },
  };
}

const parsed = new WeakMap<readonly string[], AllowList>();

/**
 * `parseAllowList`, once per list: the running config's arrays are replaced, never mutated, when
 * the file changes, so a list is parsed again only after a change.
 */
export function allowListOf(entries: readonly string[]): AllowList {
  let list = parsed.get(entries);
  if (!list) parsed.set(entries, (list = parseAllowList(entries)));
  return list;
}
