// host:port handling with Go's net package rules: SplitHostPort's errors, an empty host as the
// wildcard, names resolved preferring IPv4, and TCPAddr.String() formatting.
import { lookup } from 'node:dns/promises';
import { isIP, isIPv6 } from 'node:net';
import { NetError } from './api-error.ts';

export interface HostPort {
  host: string;
  port: number;
}

function addressError(address: string, why: string): NetError {
  return new NetError(`address ${address}: ${why}`);
}

// Splits "host:port" / "[v6]:port". An empty port means 0, and an empty address the wildcard
// on port 0, as Go's resolver reads them.
export function splitHostPort(address: string): HostPort {
  if (address === '') return { host: '', port: 0 };
  const colon = address.lastIndexOf(':');
  if (colon < 0) throw addressError(address, 'missing port in address');
  let host: string;
  if (address.startsWith('[')) {
    const close = address.indexOf(']');
    if (close < 0) throw addressError(address, "missing ']' in address");
    if (close + 1 === address.length) throw addressError(address, 'missing port in address');
    if (close + 1 !== colon) throw addressError(address, close + 1 < colon ? 'too many colons in address' : 'missing port in address');
    host = address.slice(1, close);
  } else {
    host = address.slice(0, colon);
    if (host.includes(':')) throw addressError(address, 'too many colons in address');
  }
  const portText = address.slice(colon + 1);
  if (/[[\]]/.test(host) || /[[\]]/.test(portText)) throw addressError(address, "unexpected '[' or ']' in address");
  return { host, port: parsePort(portText) };
}

function parsePort(text: string): number {
  if (text === '') return 0;
  if (!/^\d+$/.test(text)) throw new NetError(`lookup tcp/${text}: unknown port`);
  const port = Number(text);
  if (port > 65535) throw addressError(text, 'invalid port');
  return port;
}

// The address a host name stands for, IPv4 first; '' (the wildcard) stays ''.
export async function resolveHost(host: string): Promise<string> {
  if (host === '' || isIP(host) !== 0) return host;
  try {
    const addresses = await lookup(host, { all: true });
    const chosen = addresses.find((entry) => entry.family === 4) ?? addresses[0];
    if (chosen) return chosen.address;
  } catch {
    // reported below, as Go words it
  }
  throw new NetError(`lookup ${host}: no such host`);
}

export function formatAddress(host: string, port: number): string {
  return isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
}

// Go's ResolveTCPAddr("tcp", address).String(): what populate and update compare against.
export async function resolvedAddress(address: string): Promise<string> {
  const { host, port } = splitHostPort(address);
  return formatAddress(await resolveHost(host), port);
}
