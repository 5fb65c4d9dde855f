// The webcam flip as the user sees it in a VS Code panel (code-server, real VS Code): the same meter
// and stamped camera as bench/screen-streams.ts, in a second window of the workbench with no
// DevTools client on its page (bench/detached-workbench.ts), beside the floor (the bare page
// flipping the camera itself) in a tab of the same browser. Runs alternate.
import * as fs from "node:fs";
import * as path from "node:path";
import { openDetachedWorkbench } from "./detached-workbench";
import { launchDetached } from "./detached-chromium";
import { startFloor } from "./floor";
import { hopMedians, type ScreenSample } from "./screen-meter";
import { measureFlip, measureFloor, medianHops, stampedCameraFlags, summarizeRuns, type ScreenSummary } from "./screen-streams";
import { toolPaths } from "../test/vscode/run-in-code-server";
import { openWorkbench, packageVsix } from "../test/vscode/workbench";

export interface ScreenVsCodeBench {
  method: string;
  panel: ScreenSummary;
  floor: ScreenSummary;
  hops_ms: Record<string, number>;
}

const FIXTURE = path.join(__dirname, "fixtures", "vscode-workspace");

/** Undefined (with the reason on stderr) when code-server is not installed. */
export async function benchScreenVsCode(runs: number, seconds: number): Promise<ScreenVsCodeBench | undefined> {
  if (!fs.existsSync(toolPaths().codeServer)) {
    console.error("bench: code-server is not installed (bash scripts/setup-test-tools.sh): skipping the VS Code screen part");
    return undefined;
  }
  const media = stampedCameraFlags();
  const workspace = path.join(media.dir, "workspace");
  fs.cpSync(FIXTURE, workspace, { recursive: true });
  fs.copyFileSync(path.join(__dirname, "..", "examples", "webcam-flip.ts"), path.join(workspace, "webcam-flip.ts"));
  fs.copyFileSync(path.join(__dirname, "fixtures", "flip-timed.ts"), path.join(workspace, "flip-timed.ts"));
  const bench = await openWorkbench(packageVsix(), workspace);
  const detached = await openDetachedWorkbench(bench.page.url(), media.flags);
  const floorBrowser = await launchDetached(media.flags);
  const floorServer = await startFloor();
  try {
    const panel: ScreenSample[] = [];
    const floor: ScreenSample[] = [];
    const hops: Record<string, number>[] = [];
    const open = async (module: string) => {
      await detached.runCommand("View: Close All Editors");
      await detached.openFile(module);
      await detached.runCommand("Live Interface: Open Live Interface");
      return detached.webview(`#app[data-surface="panel"][data-module="${module}"] canvas[aria-label="mirrored"]`);
    };
    for (let r = 0; r < runs; r++) {
      floor.push(await measureFloor(floorBrowser, floorServer.url, seconds));

      panel.push((await measureFlip(await open("webcam-flip.ts"), seconds)).sample);
      hops.push(hopMedians((await measureFlip(await open("flip-timed.ts"), seconds, '[aria-label="timing"]')).reading));
    }
    return {
      method: `${runs} runs in a VS Code panel (code-server, in a second Chromium window with no DevTools client on its page), alternating with the floor (the bare page in a tab of another such Chromium); same camera file and meter as browser mode; medians of runs.`,
      panel: summarizeRuns(panel),
      floor: summarizeRuns(floor),
      hops_ms: medianHops(hops),
    };
  } finally {
    floorServer.close();
    await floorBrowser.close();
    await detached.close();
    await bench.close();
    fs.rmSync(media.dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const runs = Number(process.argv[2] ?? 3);
  const seconds = Number(process.argv[3] ?? 8);
  void benchScreenVsCode(runs, seconds).then((r) => console.log(JSON.stringify(r, null, 1)));
}
