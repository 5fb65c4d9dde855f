// Files that sit beside the UI bundle (dist/webview): the audio worklet, the chart renderer, styles.
// They are addressed like the bundle (app.js) was: same folder, same query (browser mode's token). A
// notebook renderer, loaded as a module into the notebook's page, says where it came from instead.

let base: string | undefined;

/** The URL the files sit beside (a notebook renderer's import.meta.url). */
export function setAssetBase(url: string): void {
  base = url;
}

export function assetUrl(file: string): string {
  const script = base ? undefined : document.querySelector<HTMLScriptElement>('script[type="module"][src]');
  const url = new URL(base ?? script?.src ?? location.href);
  url.pathname = url.pathname.replace(/[^/]*$/, file);
  return url.href;
}
