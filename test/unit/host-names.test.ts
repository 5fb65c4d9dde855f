import * as assert from "node:assert/strict";
import * as os from "node:os";
import { HostNames, networkUrls } from "../../src/server/host-names";

describe("HostNames: the Host check against DNS rebinding", () => {
  it("bound to 127.0.0.1: the loopback names on its port, and allowed names on any port unless they name one", () => {
    const names = new HostNames("127.0.0.1", ["proxy.example", "other.example:8443"]);
    for (const ok of ["127.0.0.1:7860", "localhost:7860", "LOCALHOST:7860", "[::1]:7860", "localhost.:7860", "proxy.example", "proxy.example:443", "other.example:8443"]) {
      assert.ok(names.allows(ok, 7860), ok);
    }
    for (const refused of [undefined, "", "evil.example:7860", "127.0.0.1:7861", "127.0.0.1", `${os.hostname()}:7860`, "other.example", "other.example:443", "proxy.example.evil:7860", "a:b:c"]) {
      assert.equal(names.allows(refused, 7860), false, String(refused));
    }
  });

  it("bound to one address: that address only", () => {
    const names = new HostNames("192.0.2.7");
    assert.ok(names.allows("192.0.2.7:80", 80));
    assert.ok(names.allows("192.0.2.7", 80), "no port: 80");
    assert.equal(names.allows("localhost:80", 80), false);
  });

  it("bound to 0.0.0.0 or ::: this machine's names and addresses, never a foreign name", () => {
    for (const bound of ["0.0.0.0", "::"]) {
      const names = new HostNames(bound);
      const addresses = Object.values(os.networkInterfaces()).flatMap((l) => l ?? []).filter((a) => !a.address.startsWith("fe80"));
      for (const a of addresses) assert.ok(names.allows(`${a.family === "IPv6" ? `[${a.address}]` : a.address}:7860`, 7860), a.address);
      assert.ok(names.allows(`${os.hostname()}:7860`, 7860));
      assert.ok(names.allows(`${os.hostname().split(".")[0]}.local:7860`, 7860));
      assert.equal(names.allows("evil.example:7860", 7860), false);
      assert.equal(names.allows(`${os.hostname()}:7861`, 7860), false);
    }
  });

  it("networkUrls: none on loopback; the bound address; the machine's outside addresses on a wildcard", () => {
    assert.deepEqual(networkUrls("127.0.0.1", 7860, "/"), []);
    assert.deepEqual(networkUrls("192.0.2.7", 7860, "/?token=t"), ["http://192.0.2.7:7860/?token=t"]);
    const outside = Object.values(os.networkInterfaces()).flatMap((l) => l ?? []).filter((a) => a.family === "IPv4" && !a.internal);
    assert.deepEqual(networkUrls("0.0.0.0", 1, "/"), outside.map((a) => `http://${a.address}:1/`));
  });
});
