// Which names a request's Host header may give for this server: the defence against DNS rebinding
// (a page on evil.example that resolves to this machine sends `Host: evil.example`, refused). Bound to
// 127.0.0.1, the loopback names; bound to one address, that address; bound to every address (0.0.0.0,
// ::), this machine's own names and addresses. Always also the names the user allowed (--allow-host:
// a reverse proxy's public name).
import * as os from "node:os";

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);
/** How often, at most, the machine's addresses are read again when a Host names none of them (DHCP, VPN). */
const REFRESH_MS = 1000;

export const isWildcard = (host: string) => host === "0.0.0.0" || host === "::" || host === "[::]";
const isLoopback = (host: string) => LOOPBACK.has(bracket(host.toLowerCase())) || /^127\./.test(host);
/** IPv6 addresses appear in Host headers in brackets. */
const bracket = (address: string) => (address.includes(":") && !address.startsWith("[") ? `[${address}]` : address);

/** `name` or `[v6]`, and the port (undefined when absent), of a Host header or an --allow-host entry. */
function split(authority: string): { name: string; port?: number } | undefined {
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(authority.toLowerCase());
  return m ? { name: m[1]!.replace(/\.$/, ""), port: m[2] === undefined ? undefined : Number(m[2]) } : undefined;
}

/** This machine's addresses (IPv4 only unless `v6`), without link-local IPv6 ones (they need a zone). */
export function machineAddresses(v6 = true): { address: string; internal: boolean }[] {
  return Object.values(os.networkInterfaces())
    .flatMap((list) => list ?? [])
    .filter((a) => a.family === "IPv4" || (v6 && !a.address.toLowerCase().startsWith("fe80:")))
    .map((a) => ({ address: a.address, internal: a.internal }));
}

/** This machine's own names: its host name, the short one, and the short one under .local (mDNS). */
function machineNames(): string[] {
  const full = os.hostname().toLowerCase();
  const short = full.split(".")[0]!;
  return [...new Set([full, short, `${short}.local`])].filter(Boolean);
}

export class HostNames {
  private readonly allowed: { name: string; port?: number }[];
  private machine = new Set<string>();
  private readAt = 0;

  /** `bound`: the address the server listens on; `allowed`: extra `name` or `name:port` entries. */
  constructor(private readonly bound: string, allowed: readonly string[] = []) {
    this.allowed = allowed.map((a) => split(a)).filter((a) => a !== undefined);
    if (isWildcard(bound)) this.readMachine();
  }

  /** True when `header` (a Host header, or an Origin's host) names this server listening on `port`. */
  allows(header: string | undefined, port: number): boolean {
    const host = header && split(header);
    if (!host) return false;
    // An allowed name may come with any port unless its entry names one (a proxy listens on its own).
    if (this.allowed.some((a) => a.name === host.name && (a.port === undefined || a.port === host.port))) return true;
    if ((host.port ?? 80) !== port) return false;
    if (!isWildcard(this.bound)) return host.name === bracket(this.bound.toLowerCase()) || (isLoopback(this.bound) && LOOPBACK.has(host.name));
    if (LOOPBACK.has(host.name) || this.machine.has(host.name)) return true;
    if (Date.now() - this.readAt < REFRESH_MS) return false;
    this.readMachine();
    return this.machine.has(host.name);
  }

  private readMachine(): void {
    this.readAt = Date.now();
    this.machine = new Set([...machineNames(), ...machineAddresses().map((a) => bracket(a.address.toLowerCase()))]);
  }
}

/** Where a server bound to `bound` can be reached from other machines: one URL per address, token included. */
export function networkUrls(bound: string, port: number, path: string): string[] {
  const addresses = isWildcard(bound) ? machineAddresses(bound !== "0.0.0.0").filter((a) => !a.internal).map((a) => a.address) : [bound];
  return addresses.filter((a) => !isLoopback(a)).map((a) => `http://${bracket(a)}:${port}${path}`);
}
