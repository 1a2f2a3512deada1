// BPMN files arrive as bytes in the encoding their XML declaration names: ISO-8859-1 from many modelling
// tools (Trisotech, Visio exports), GBK/GB18030 from older Chinese ones. The parser reads JavaScript text, so
// the bytes are decoded here by the rules of RFC 7303 §3 / XML 1.0 appendix F — a byte order mark first,
// then the transport's charset parameter, then the declaration, else UTF-8 — with the platform's WHATWG
// TextDecoder (no hand-written tables). The text handed on declares UTF-8, which is what it is from then on
// (stored, served and re-parsed as UTF-8). Pure: shared by the API and the modeler's file upload.

/** Why bytes could not be read as XML text; `code` is stable for the API and the UI. */
export class XmlEncodingError extends Error {
  constructor(
    readonly code: 'xml.encoding-unsupported' | 'xml.encoding-invalid',
    readonly encoding: string,
  ) {
    super(
      code === 'xml.encoding-unsupported'
        ? `unsupported document encoding ${encoding}`
        : `the document is not valid ${encoding}`,
    );
    this.name = 'XmlEncodingError';
  }
}

/** The encoding named by an XML declaration at the start of `head` (read as ASCII), if any. */
export function declaredEncoding(head: string): string | undefined {
  const decl = /^\s*<\?xml\s[^?]*?\bencoding\s*=\s*["']([A-Za-z][A-Za-z0-9._-]*)["']/.exec(head);
  return decl?.[1];
}

/** A byte order mark at the start of `bytes`: its encoding and length. */
function byteOrderMark(bytes: Uint8Array): { encoding: string; length: number } | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return undefined;
}

/** UTF-16 without a mark still starts with '<' as two bytes: `00 3C` (big endian) or `3C 00`. */
function unmarkedUtf16(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0x00 && bytes[1] === 0x3c) return 'utf-16be';
  if (bytes[0] === 0x3c && bytes[1] === 0x00) return 'utf-16le';
  return undefined;
}

function decoderFor(label: string): TextDecoder {
  try {
    return new TextDecoder(label, { fatal: true });
  } catch {
    throw new XmlEncodingError('xml.encoding-unsupported', label);
  }
}

/** Rewrites the declaration's encoding to UTF-8 (the text is JavaScript text from now on). */
export function declareUtf8(text: string): string {
  return text.replace(
    /^(\s*<\?xml\s[^?]*?\bencoding\s*=\s*)(["'])[^"']*\2/,
    (_m, head: string, q: string) => `${head}${q}UTF-8${q}`,
  );
}

/**
 * Decodes an XML document. `transportCharset` is the charset parameter of the Content-Type, when the sender
 * gave one. Throws XmlEncodingError for an encoding the platform does not know or bytes invalid in it.
 */
export function decodeXml(bytes: Uint8Array, transportCharset?: string): string {
  const bom = byteOrderMark(bytes);
  const body = bom ? bytes.subarray(bom.length) : bytes;
  // the declaration is ASCII in every ASCII-compatible encoding: read it from the first bytes as Latin-1
  const head = String.fromCharCode(...body.subarray(0, 256));
  const label =
    bom?.encoding ?? transportCharset?.trim() ?? unmarkedUtf16(body) ?? declaredEncoding(head) ?? 'utf-8';
  const decoder = decoderFor(label);
  let text: string;
  try {
    text = decoder.decode(body);
  } catch {
    throw new XmlEncodingError('xml.encoding-invalid', label);
  }
  return declareUtf8(text);
}
