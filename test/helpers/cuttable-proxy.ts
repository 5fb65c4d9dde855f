// A TCP forwarder in front of a server whose connections a test can cut (a proxy's idle timeout, a
// dropped network): it keeps listening, so what reconnects gets through again.
import * as net from "node:net";

export interface CuttableProxy {
  port: number;
  /** Ends every connection going through now (both sides see it close). */
  cut(): void;
  close(): Promise<void>;
}

/** `target`: the port to forward to, asked at each connection (the server may start after the proxy). */
export async function cuttableProxy(target: () => number): Promise<CuttableProxy> {
  const open = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target(), "127.0.0.1");
    for (const [a, b] of [[client, upstream], [upstream, client]] as const) {
      open.add(a);
      a.on("close", () => (open.delete(a), b.destroy()));
      a.on("error", () => b.destroy());
      a.pipe(b);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    cut: () => {
      for (const s of open) s.destroy();
    },
    close: () => {
      for (const s of open) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
