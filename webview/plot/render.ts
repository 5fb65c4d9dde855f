// The chart renderer, a module of its own (dist/webview/plot.js) loaded the first time a Plot shows:
// Vega and Vega-Lite are large, and most interfaces have no chart. Expressions go through Vega's
// interpreter, never eval or new Function, so the page's CSP (no 'unsafe-eval') holds.
import embed from "vega-embed";
import { expressionInterpreter } from "vega-interpreter";

export interface Chart {
  finalize(): void;
}

/** Draws the Vega-Lite `spec` into `target` (SVG); resolves once it is drawn. */
export async function renderChart(target: HTMLElement, spec: Record<string, unknown>, size: { width?: number; height?: number }): Promise<Chart> {
  const result = await embed(target, { width: size.width ?? 400, height: size.height ?? 250, ...spec } as never, {
    ast: true,
    expr: expressionInterpreter,
    renderer: "svg",
    actions: false,
    // No <style> element of its own: the CSP refuses inline styles (app.css styles the chart).
    defaultStyle: false,
    tooltip: false,
    // The page's own fonts and colors (light and dark VS Code themes).
    config: { background: "transparent", font: "var(--vscode-font-family, system-ui, sans-serif)" } as never,
  });
  return { finalize: () => result.finalize() };
}
