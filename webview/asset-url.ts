// Files that sit beside the UI bundle (dist/webview): the audio worklet, the chart renderer. They are
// addressed like the bundle (app.js) was: same folder, same query (browser mode's token).

export function assetUrl(file: string): string {
  const script = document.querySelector<HTMLScriptElement>('script[type="module"][src]');
  const url = new URL(script?.src ?? location.href);
  url.pathname = url.pathname.replace(/[^/]*$/, file);
  return url.href;
}
