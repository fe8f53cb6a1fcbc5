import { describe, expect, it } from "vitest";
import { isPublicAddress } from "@/server/net/address-policy";

const notPublic: Array<[string, string]> = [
  // IPv4
  ["0.0.0.0", "unspecified"],
  ["0.1.2.3", "this network"],
  ["10.0.0.1", "private 10/8"],
  ["10.255.255.255", "private 10/8 end"],
  ["100.64.0.1", "CGNAT start"],
  ["100.127.255.254", "CGNAT end"],
  ["100.100.100.200", "Alibaba metadata (CGNAT)"],
  ["127.0.0.1", "loopback"],
  ["127.255.255.254", "loopback /8"],
  ["169.254.0.1", "link-local"],
  ["169.254.169.254", "cloud metadata"],
  ["172.16.0.1", "private 172.16/12 start"],
  ["172.31.255.255", "private 172.16/12 end"],
  ["192.0.0.192", "IETF protocol assignments (Oracle metadata)"],
  ["192.0.2.10", "TEST-NET-1"],
  ["192.88.99.1", "6to4 relay anycast"],
  ["192.168.1.1", "private 192.168/16"],
  ["198.18.0.1", "benchmarking start"],
  ["198.19.255.255", "benchmarking end"],
  ["198.51.100.7", "TEST-NET-2"],
  ["203.0.113.9", "TEST-NET-3"],
  ["224.0.0.1", "multicast"],
  ["239.255.255.250", "multicast SSDP"],
  ["240.0.0.1", "reserved"],
  ["255.255.255.255", "broadcast"],
  ["168.63.129.16", "Azure wireserver"],
  // IPv6
  ["::", "unspecified"],
  ["::1", "loopback"],
  ["0:0:0:0:0:0:0:1", "loopback, long form"],
  ["fd00:ec2::254", "AWS metadata v6"],
  ["fc00::1", "unique-local fc00::/7"],
  ["fdff:ffff::1", "unique-local fd"],
  ["fe80::1", "link-local"],
  ["fe80::1%eth0", "link-local with zone id"],
  ["febf::1", "link-local end of fe80::/10"],
  ["fec0::1", "deprecated site-local"],
  ["ff02::1", "multicast"],
  ["ff0e::1", "global-scope multicast"],
  ["::ffff:127.0.0.1", "IPv4-mapped loopback"],
  ["::ffff:7f00:1", "IPv4-mapped loopback, hex form"],
  ["::ffff:a9fe:a9fe", "IPv4-mapped metadata, hex form"],
  ["::FFFF:10.0.0.1", "IPv4-mapped private, upper case"],
  ["::ffff:8.8.8.8", "IPv4-mapped public (refused: not globally reachable)"],
  ["0:0:0:0:0:ffff:c0a8:0101", "IPv4-mapped private, long form"],
  ["::127.0.0.1", "IPv4-compatible loopback"],
  ["::8.8.8.8", "IPv4-compatible (deprecated)"],
  ["64:ff9b::127.0.0.1", "NAT64 embedding loopback"],
  ["64:ff9b::a00:1", "NAT64 embedding 10.0.0.1, hex form"],
  ["64:ff9b::a9fe:a9fe", "NAT64 embedding metadata"],
  ["64:ff9b:1::808:808", "local-use NAT64"],
  ["2002:7f00:1::", "6to4 embedding loopback"],
  ["2002:c0a8:101::1", "6to4 embedding 192.168.1.1"],
  ["2002:a9fe:a9fe::", "6to4 embedding metadata"],
  ["100::1", "discard-only"],
  ["2001::1", "Teredo"],
  ["2001:2::1", "benchmarking v6"],
  ["2001:db8::1", "documentation"],
  ["3fff::1", "documentation (RFC 9637)"],
  ["4000::1", "outside 2000::/3, unallocated"],
  ["[::1]", "bracketed URL host form"],
  // Not an address at all
  ["", "empty"],
  ["localhost", "hostname"],
  ["example.com", "hostname"],
  ["127.1", "shorthand IPv4 is not accepted here"],
  ["256.1.1.1", "out-of-range octet"],
  ["1.2.3.4.5", "too many octets"],
  ["::ffff:1.2.3", "malformed embedded IPv4"],
];

const isPublic: Array<[string, string]> = [
  ["8.8.8.8", "Google DNS"],
  ["1.1.1.1", "Cloudflare DNS"],
  ["93.184.215.14", "example.com"],
  ["9.255.255.255", "just below 10/8"],
  ["11.0.0.0", "just above 10/8"],
  ["100.63.255.255", "just below CGNAT"],
  ["100.128.0.0", "just above CGNAT"],
  ["172.15.255.255", "just below 172.16/12"],
  ["172.32.0.0", "just above 172.16/12"],
  ["192.0.1.1", "between 192.0.0/24 and TEST-NET-1"],
  ["198.17.255.255", "just below benchmarking"],
  ["198.20.0.0", "just above benchmarking"],
  ["223.255.255.255", "just below multicast"],
  ["169.253.255.255", "just below link-local"],
  ["2606:4700:4700::1111", "Cloudflare DNS v6"],
  ["2001:4860:4860::8888", "Google DNS v6"],
  ["2a00:1450:4001:80b::200e", "Google web v6"],
  ["[2606:4700:4700::1111]", "bracketed URL host form"],
  ["64:ff9b::808:808", "NAT64 embedding 8.8.8.8"],
  ["64:ff9b::8.8.8.8", "NAT64 embedding 8.8.8.8, dotted"],
  ["2002:808:808::1", "6to4 embedding 8.8.8.8"],
];

describe("isPublicAddress", () => {
  it.each(notPublic)("refuses %s (%s)", (ip) => {
    expect(isPublicAddress(ip)).toBe(false);
  });

  it.each(isPublic)("accepts %s (%s)", (ip) => {
    expect(isPublicAddress(ip)).toBe(true);
  });
});
