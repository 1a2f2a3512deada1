// What an upload is, decided from its bytes (never the client's Content-Type or file name), the limits on
// uploads, and the file name kept for it.
//
// Kinds: `image` (JPEG, PNG, WebP, GIF: what sharp decodes — so a thumbnail can be made), `pdf` (`%PDF-`),
// `office` (Office Open XML documents — a zip whose entries are `word/`, `xl/` or `ppt/` — and the legacy
// OLE compound files .doc/.xls/.ppt). Anything else, a plain zip included, is refused.
import sharp from 'sharp';

export const ATTACHMENT_KINDS = ['image', 'pdf', 'office'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

export interface AttachmentLimits {
  /** largest upload in bytes (ATTACHMENT_MAX_BYTES, default 20 MB) */
  maxBytes: number;
  /** kinds accepted (ATTACHMENT_KINDS, default all: image,pdf,office) */
  kinds: AttachmentKind[];
}

export const DEFAULT_ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;
/** file names are kept to this many characters (the extension included) */
export const MAX_NAME_LENGTH = 120;
/** an image larger than this many pixels is refused before it is decoded (a decompression bomb) */
export const MAX_IMAGE_PIXELS = 100_000_000;

export function attachmentLimitsFromEnv(env: NodeJS.ProcessEnv): AttachmentLimits {
  const max = env.ATTACHMENT_MAX_BYTES;
  if (max !== undefined && max !== '' && !/^[1-9]\d*$/.test(max))
    throw new Error(`ATTACHMENT_MAX_BYTES must be a positive number of bytes, not "${max}"`);
  const kinds = (env.ATTACHMENT_KINDS || ATTACHMENT_KINDS.join(','))
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  for (const k of kinds)
    if (!(ATTACHMENT_KINDS as readonly string[]).includes(k))
      throw new Error(`ATTACHMENT_KINDS: unknown kind "${k}" (known: ${ATTACHMENT_KINDS.join(', ')})`);
  return { maxBytes: max ? Number(max) : DEFAULT_ATTACHMENT_MAX_BYTES, kinds: kinds as AttachmentKind[] };
}

export interface Sniffed {
  kind: AttachmentKind;
  contentType: string;
  /** the extension that fits the content (a name without one, or with a wrong one, gets it) */
  ext: string;
}

const IMAGE_TYPES: Record<string, { contentType: string; ext: string }> = {
  jpeg: { contentType: 'image/jpeg', ext: 'jpg' },
  png: { contentType: 'image/png', ext: 'png' },
  webp: { contentType: 'image/webp', ext: 'webp' },
  gif: { contentType: 'image/gif', ext: 'gif' },
};

const OOXML: Array<{ marker: string; contentType: string; ext: string }> = [
  {
    marker: 'word/',
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ext: 'docx',
  },
  {
    marker: 'xl/',
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ext: 'xlsx',
  },
  {
    marker: 'ppt/',
    contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    ext: 'pptx',
  },
];

const OLE_BY_EXT: Record<string, string> = {
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  ppt: 'application/vnd.ms-powerpoint',
};

const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

const extOf = (name: string) => /\.([A-Za-z0-9]{1,8})$/.exec(name)?.[1]?.toLowerCase() ?? '';

/** The kind of `data` by its content, or undefined when it is none of the kinds accepted at all. */
export async function sniff(data: Buffer, name: string): Promise<Sniffed | undefined> {
  if (data.subarray(0, 5).toString('latin1') === '%PDF-')
    return { kind: 'pdf', contentType: 'application/pdf', ext: 'pdf' };
  if (data.subarray(0, 4).equals(ZIP_MAGIC)) {
    // the entry names are in the local headers; [Content_Types].xml is the package's own
    const head = data.subarray(0, Math.min(data.length, 64 * 1024)).toString('latin1');
    if (!head.includes('[Content_Types].xml')) return undefined;
    const t = OOXML.find((o) => head.includes(o.marker));
    return t && { kind: 'office', contentType: t.contentType, ext: t.ext };
  }
  if (data.subarray(0, 8).equals(OLE_MAGIC)) {
    // a compound file says what it holds only deep inside; the name's extension picks among the three
    const ext = extOf(name);
    return {
      kind: 'office',
      contentType: OLE_BY_EXT[ext] ?? OLE_BY_EXT.doc,
      ext: OLE_BY_EXT[ext] ? ext : 'doc',
    };
  }
  try {
    const meta = await sharp(data, { limitInputPixels: MAX_IMAGE_PIXELS }).metadata();
    const t = meta.format ? IMAGE_TYPES[meta.format] : undefined;
    return t && { kind: 'image', ...t };
  } catch {
    return undefined;
  }
}

/**
 * The name kept for an upload: the last segment of whatever path the client sent, without control, bidi or
 * other invisible formatting characters, trimmed, at most MAX_NAME_LENGTH characters with the extension kept,
 * and ending in the extension that fits its content (`photo` → `photo.jpg`, `x.pdf.exe` → `x.pdf.exe.pdf`).
 */
export function sanitizeName(raw: string, sniffed: Pick<Sniffed, 'ext'>): string {
  let name = (raw.split(/[\\/]/).pop() ?? '')
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '');
  const ext = extOf(name);
  const fits = ext === sniffed.ext || (sniffed.ext === 'jpg' && ext === 'jpeg');
  if (!fits) name = name ? `${name}.${sniffed.ext}` : `file.${sniffed.ext}`;
  const chars = [...name];
  if (chars.length > MAX_NAME_LENGTH) {
    const suffix = `.${extOf(name)}`;
    name =
      chars
        .slice(0, MAX_NAME_LENGTH - suffix.length)
        .join('')
        .trimEnd() + suffix;
  }
  return name;
}
