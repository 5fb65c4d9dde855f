// Starts bench/floor-server.ts as a separate Node process (as our server is one), for the floor
// measurements of the bench.
import { spawn } from "node:child_process";
import * as path from "node:path";

export async function startFloor(): Promise<{ url: string; close(): void }> {
  const proc = spawn(process.execPath, ["--import", "tsx", path.join(__dirname, "floor-server.ts")], { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise<string>((resolve, reject) => {
    proc.stdout!.once("data", (d: Buffer) => resolve(d.toString().trim()));
    proc.once("exit", (code) => reject(new Error(`the floor server exited with ${code}`)));
  });
  return { url, close: () => proc.kill() };
}
