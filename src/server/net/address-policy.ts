import { BlockList, isIPv4, isIPv6 } from "node:net";

/**
 * Decides whether an IP address is a safe destination for a tenant-supplied webhook:
 * only globally routable unicast addresses pass. Used both on URL literals and on every
 * address DNS returns at connect time (SSRF defence).
 */

// IPv4 ranges that are not public unicast (IANA special-purpose registry + cloud extras).
const blockedV4 = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8], // "this network", includes the unspecified address
  ["10.0.0.0", 8], // private
  ["100.64.0.0", 10], // carrier-grade NAT (also Alibaba's metadata 100.100.100.200)
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local, includes the metadata service 169.254.169.254
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // IETF protocol assignments (Oracle metadata 192.0.0.192)
  ["192.0.2.0", 24], // TEST-NET-1
  ["192.88.99.0", 24], // deprecated 6to4 relay anycast
  ["192.168.0.0", 16], // private
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // TEST-NET-2
  ["203.0.113.0", 24], // TEST-NET-3
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, includes broadcast 255.255.255.255
  ["168.63.129.16", 32], // Azure platform endpoint (wireserver), reachable only from inside Azure
] as const) {
  blockedV4.addSubnet(network, prefix, "ipv4");
}

// IPv6: only 2000::/3 is allocated global unicast; inside it these are special-purpose.
const globalUnicastV6 = new BlockList();
globalUnicastV6.addSubnet("2000::", 3, "ipv6");

const blockedV6 = new BlockList();
for (const [network, prefix] of [
  ["2001::", 23], // IETF protocol assignments: Teredo, benchmarking, ORCHID, ...
  ["2001:db8::", 32], // documentation
  ["3fff::", 20], // documentation (RFC 9637)
] as const) {
  blockedV6.addSubnet(network, prefix, "ipv6");
}

export function isPublicAddress(ip: string): boolean {
  const address = stripDecorations(ip);
  if (isIPv4(address)) return !blockedV4.check(address, "ipv4");
  if (isIPv6(address)) return isPublicIPv6(parseIPv6(address));
  return false;
}

function isPublicIPv6(bytes: Uint8Array): boolean {
  // Translation prefixes carry an IPv4 destination: judge that address instead.
  const nat64 = [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0];
  if (startsWith(bytes, nat64)) return isPublicAddress(ipv4At(bytes, 12)); // 64:ff9b::/96
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return isPublicAddress(ipv4At(bytes, 2)); // 2002::/16 (6to4)

  // Everything else outside 2000::/3 is loopback, unspecified, IPv4-mapped/compatible,
  // local-use NAT64, discard, unique-local (incl. fd00:ec2::254), link-local, site-local,
  // multicast or unallocated. Mapped and compatible forms are refused outright: IANA marks
  // them not globally reachable and a real endpoint is written as plain IPv4.
  const canonical = formatIPv6(bytes);
  if (!globalUnicastV6.check(canonical, "ipv6")) return false;
  return !blockedV6.check(canonical, "ipv6");
}

/** Accepts "[::1]" (URL hostname form) and drops a zone id ("fe80::1%eth0"). */
function stripDecorations(ip: string): string {
  let address = ip.trim();
  if (address.startsWith("[") && address.endsWith("]")) address = address.slice(1, -1);
  const zone = address.indexOf("%");
  return zone === -1 ? address : address.slice(0, zone);
}

/** Parses an address already validated by net.isIPv6 into its 16 bytes. */
function parseIPv6(address: string): Uint8Array {
  let text = address.toLowerCase();
  // A trailing dotted quad ("::ffff:10.0.0.1") becomes two hex groups.
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = text.slice(0, dotted.index) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const headGroups = head === "" ? [] : head.split(":");
  const tailGroups = tail === undefined || tail === "" ? [] : tail.split(":");
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups = [...headGroups, ...Array<string>(missing).fill("0"), ...tailGroups];
  const bytes = new Uint8Array(16);
  groups.forEach((group, i) => {
    const value = parseInt(group, 16);
    bytes[i * 2] = value >> 8;
    bytes[i * 2 + 1] = value & 0xff;
  });
  return bytes;
}

function formatIPv6(bytes: Uint8Array): string {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  return groups.join(":");
}

function ipv4At(bytes: Uint8Array, offset: number): string {
  return Array.from(bytes.subarray(offset, offset + 4)).join(".");
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((value, i) => bytes[i] === value);
}
