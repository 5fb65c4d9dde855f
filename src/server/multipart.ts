// multipart/form-data bodies (RFC 7578), as `curl -F` sends them: the HTTP API takes inputs this way
// too, files as uploads (`-F image=@photo.png`) and the other inputs as fields.

export interface FormPart {
  name: string;
  /** An upload's file name (absent for a plain field). */
  filename?: string;
  /** The part's Content-Type, if it has one. */
  mime?: string;
  data: Buffer;
}

/** The boundary of a multipart/form-data Content-Type, or undefined when it is not one. */
export function formBoundary(contentType: string | undefined): string | undefined {
  const m = /^multipart\/form-data\s*;.*?boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? "");
  return m ? (m[1] ?? m[2]) : undefined;
}

/** The parts of a multipart body, or what is wrong with it. */
export function parseForm(body: Buffer, boundary: string): FormPart[] | string {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: FormPart[] = [];
  let at = body.indexOf(delimiter);
  if (at < 0) return "a multipart body with its boundary";
  for (;;) {
    at += delimiter.length;
    if (body.subarray(at, at + 2).toString() === "--") return parts; // the closing delimiter
    at += 2; // CRLF after the delimiter
    const next = body.indexOf(Buffer.concat([Buffer.from("\r\n"), delimiter]), at);
    if (next < 0) return "a multipart body that ends with its closing boundary";
    const part = body.subarray(at, next);
    const split = part.indexOf("\r\n\r\n");
    if (split < 0) return "multipart parts with headers";
    const headers = part.subarray(0, split).toString("utf8");
    const disposition = /^content-disposition:\s*form-data(.*)$/im.exec(headers)?.[1] ?? "";
    const param = (key: string) => new RegExp(`;\\s*${key}="((?:[^"\\\\]|\\\\.)*)"`, "i").exec(disposition)?.[1]?.replace(/\\(.)/g, "$1");
    const name = param("name");
    if (name === undefined) return "multipart parts that each have a name (Content-Disposition: form-data; name=…)";
    const mime = /^content-type:\s*([^\r\n;]+)/im.exec(headers)?.[1]?.trim();
    parts.push({ name, filename: param("filename"), mime, data: part.subarray(split + 4) });
    at = next + 2;
  }
}
