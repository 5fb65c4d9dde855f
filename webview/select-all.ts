// Ctrl+A (Cmd+A) in a text field of a VS Code webview selects the field's text once.
//
// VS Code's webview frame forwards every key press to the workbench; for Ctrl+A the workbench runs
// its Select All command, which sends `execCommand("selectAll")` back to the page a few milliseconds
// later. By then the browser has already selected the field's text and the user may have typed the
// first character: the late second Select All selects that character, and the next one replaces
// it ("310" became "10"; seen in 5 of 13 tries in code-server). So inside a text field the page
// keeps Ctrl+A to itself: the field selects its text, the workbench never hears of it. Elsewhere
// (the page's text) VS Code's Select All works as before.

/** Stops Ctrl/Cmd+A from reaching VS Code's listener (on the window) when it is typed into a text field. */
export function keepSelectAllInFields(doc: Document = document): void {
  doc.addEventListener("keydown", (e) => {
    const a = e.key.toLowerCase() === "a" || e.code === "KeyA";
    if (!a || !(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey) return;
    if (isTextField(e.composedPath()[0])) e.stopPropagation();
  });
}

const TEXT_TYPES = new Set(["text", "search", "number", "email", "url", "tel", "password"]);

function isTextField(target: EventTarget | undefined): boolean {
  if (target instanceof HTMLTextAreaElement) return true;
  if (target instanceof HTMLInputElement) return TEXT_TYPES.has(target.type);
  return target instanceof HTMLElement && target.isContentEditable;
}
