// An input-only interface: fn takes input and shows nothing (it saves to a file).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as li from "live-interface";

const book = path.join(os.tmpdir(), "live-interface-guestbook.txt");

export default new li.Interface({
  fn: (name, message) => {
    if (!name.trim()) throw new Error("Please enter your name");
    fs.appendFileSync(book, `${new Date().toISOString()}\t${name}\t${message}\n`);
  },
  inputs: [new li.Textbox({ label: "name" }), new li.Textbox({ label: "message", lines: 3 })],
  title: "Guestbook",
  description: `Input-only: Submit appends your entry to \`${book}\`; there is no output.`,
});
