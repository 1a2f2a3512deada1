// Attachments of a case (附件: 现场照片, scanned documents): the metadata of each upload as a document in
// `attachments`, the bytes and the thumbnail as blobs of the store (engine/store/blobs.ts), so every API
// process on any machine serves what another received.
//
// An upload is checked by its content (attachment-types.ts sniff: the client's type and name are not
// trusted), refused beyond the size limit or outside the kinds configured, and gets its sha256, a sanitised
// name, the photo's time and place from its EXIF (exifr) and, for an image, a 320 px JPEG thumbnail turned
// upright by its EXIF orientation (sharp). Who may upload and see is the API's business (routes-attachments).
//
// Exactly once on retries: the attachment's id comes from the case, the uploader and the client's
// `requestId` (random without one) and the document is written with insert-if-absent, so a repeated upload
// answers the first one. Blobs are content-addressed and shared by attachments with the same bytes; the only
// way an attachment goes is with its case, through the history cleanup (engine/retention/cleanup.ts), which
// deletes the blobs no remaining attachment names (deleteUnreferencedBlobs).
import { createHash, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import exifr from 'exifr';
import { DateTime } from 'luxon';
import sharp from 'sharp';
import type { Store } from '../store/types.js';
import {
  MAX_IMAGE_PIXELS,
  sanitizeName,
  sniff,
  type AttachmentKind,
  type AttachmentLimits,
} from './attachment-types.js';

export const THUMBNAIL_SIZE = 320;
/** attachments listed per case (the case file) */
export const MAX_LISTED_ATTACHMENTS = 500;

export interface AttachmentDoc {
  _id: string;
  instanceId: string;
  /** the step it was uploaded for, if any */
  taskId?: string;
  /** the form field it was uploaded into (the step's form opens with it there), if any */
  field?: string;
  uploader: string;
  name: string;
  size: number;
  contentType: string;
  kind: AttachmentKind;
  sha256: string;
  /** the blob of the 320 px JPEG thumbnail (images only) */
  thumbnailSha256?: string;
  /** when the photo was taken (EXIF DateTimeOriginal, in its offset or else the business time zone) */
  takenAt?: number;
  /** where the photo was taken (EXIF GPS, WGS-84 degrees) */
  location?: { lat: number; lon: number };
  width?: number;
  height?: number;
  createdAt: number;
}

/** The JSON shape of an attachment in the API. */
export interface AttachmentView {
  id: string;
  instanceId: string;
  taskId?: string;
  field?: string;
  uploader: string;
  name: string;
  size: number;
  contentType: string;
  kind: AttachmentKind;
  sha256: string;
  hasThumbnail: boolean;
  takenAt?: number;
  location?: { lat: number; lon: number };
  width?: number;
  height?: number;
  createdAt: number;
}

export const attachmentView = (d: AttachmentDoc): AttachmentView => ({
  id: d._id,
  instanceId: d.instanceId,
  ...(d.taskId ? { taskId: d.taskId } : {}),
  ...(d.field ? { field: d.field } : {}),
  uploader: d.uploader,
  name: d.name,
  size: d.size,
  contentType: d.contentType,
  kind: d.kind,
  sha256: d.sha256,
  hasThumbnail: !!d.thumbnailSha256,
  ...(d.takenAt !== undefined ? { takenAt: d.takenAt } : {}),
  ...(d.location ? { location: d.location } : {}),
  ...(d.width ? { width: d.width, height: d.height } : {}),
  createdAt: d.createdAt,
});

/** Attachment ids: `a` and 20 hex digits (the `attachment` format of form fields, engine/model/forms.ts). */
export const ATTACHMENT_ID = /^a[0-9a-f]{20}$/;

/** Why an upload is refused: a stable code for the API's 4xx. */
export class AttachmentRejected extends Error {
  constructor(
    readonly code: 'attachment.too-large' | 'attachment.type-not-allowed' | 'attachment.empty',
    message: string,
    readonly params: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AttachmentRejected';
  }
}

export interface AttachmentDeps {
  store: Store;
  now: () => number;
  limits: AttachmentLimits;
  /** the business time zone: EXIF times without an offset are local times there */
  timezone: string;
}

export interface UploadInput {
  data: Buffer;
  /** the name the client sent (sanitised here) */
  name: string;
  taskId?: string;
  field?: string;
  requestId?: string;
  /** kinds accepted for this upload when narrower than the configured ones (intake: images only) */
  kinds?: readonly AttachmentKind[];
}

const attachmentId = (instanceId: string, uploader: string, requestId: string | undefined) =>
  `a${createHash('sha256')
    .update(`${instanceId}\n${uploader}\n${requestId ?? randomUUID()}`)
    .digest('hex')
    .slice(0, 20)}`;

/** The photo's time and place from its EXIF; nothing when it has none (or it cannot be read). */
export async function readExif(
  data: Buffer,
  timezone: string,
): Promise<{ takenAt?: number; location?: { lat: number; lon: number } }> {
  const out: { takenAt?: number; location?: { lat: number; lon: number } } = {};
  try {
    // raw values: exifr would read the zone-less DateTimeOriginal in the server's own time zone
    const tags = (await exifr.parse(data, {
      pick: [
        'DateTimeOriginal',
        'OffsetTimeOriginal',
        'GPSLatitude',
        'GPSLatitudeRef',
        'GPSLongitude',
        'GPSLongitudeRef',
      ],
      gps: true,
      reviveValues: false,
    })) as Record<string, unknown> | undefined;
    const raw = typeof tags?.DateTimeOriginal === 'string' ? tags.DateTimeOriginal.trim() : '';
    const m = /^(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(raw);
    if (m) {
      const offset = typeof tags?.OffsetTimeOriginal === 'string' ? tags.OffsetTimeOriginal.trim() : '';
      const zone = /^[+-]\d{2}:\d{2}$/.test(offset) ? `UTC${offset}` : timezone;
      const t = DateTime.fromObject(
        { year: +m[1], month: +m[2], day: +m[3], hour: +m[4], minute: +m[5], second: +m[6] },
        { zone },
      );
      if (t.isValid) out.takenAt = t.toMillis();
    }
    const gps = await exifr.gps(data).catch(() => undefined);
    const lat = gps?.latitude;
    const lon = gps?.longitude;
    if (
      typeof lat === 'number' &&
      typeof lon === 'number' &&
      Number.isFinite(lat) &&
      Number.isFinite(lon) &&
      Math.abs(lat) <= 90 &&
      Math.abs(lon) <= 180 &&
      !(lat === 0 && lon === 0)
    )
      out.location = { lat: Math.round(lat * 1e6) / 1e6, lon: Math.round(lon * 1e6) / 1e6 };
  } catch {
    // a photo without readable EXIF is still a photo
  }
  return out;
}

/** A 320 px JPEG of the image, upright by its EXIF orientation, and the image's own (upright) size. */
export async function makeThumbnail(
  data: Buffer,
): Promise<{ thumb: Buffer; width?: number; height?: number }> {
  const img = sharp(data, { limitInputPixels: MAX_IMAGE_PIXELS, animated: false });
  const meta = await img.metadata();
  const turned = (meta.orientation ?? 1) >= 5; // orientations 5–8 swap width and height
  const thumb = await img
    .rotate()
    .resize({ width: THUMBNAIL_SIZE, height: THUMBNAIL_SIZE, fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: 80 })
    .toBuffer();
  return {
    thumb,
    width: turned ? meta.height : meta.width,
    height: turned ? meta.width : meta.height,
  };
}

export class CaseAttachments {
  constructor(private readonly d: AttachmentDeps) {}

  private get docs() {
    return this.d.store.collection<AttachmentDoc & { _id: string }>('attachments');
  }

  get limits(): AttachmentLimits {
    return this.d.limits;
  }

  /**
   * Stores an upload to case `instanceId` by `uploader` (the caller has checked they may). Refuses it with
   * AttachmentRejected, storing nothing, when it is empty, too large or of a kind not accepted.
   */
  async upload(instanceId: string, uploader: string, input: UploadInput): Promise<AttachmentDoc> {
    const { data } = input;
    if (!data.length) throw new AttachmentRejected('attachment.empty', 'the file is empty');
    if (data.length > this.d.limits.maxBytes)
      throw new AttachmentRejected(
        'attachment.too-large',
        `the file is larger than ${this.d.limits.maxBytes} bytes`,
        {
          maxBytes: this.d.limits.maxBytes,
        },
      );
    const sniffed = await sniff(data, input.name);
    const kinds = input.kinds ?? this.d.limits.kinds;
    if (!sniffed || !kinds.includes(sniffed.kind))
      throw new AttachmentRejected('attachment.type-not-allowed', 'this kind of file is not accepted', {
        allowed: kinds,
        ...(sniffed ? { kind: sniffed.kind } : {}),
      });
    const id = attachmentId(instanceId, uploader, input.requestId);
    const repeat = await this.docs.findOne({ _id: id });
    if (repeat) return repeat;

    let thumbnail: { thumb: Buffer; width?: number; height?: number } | undefined;
    let exif: Awaited<ReturnType<typeof readExif>> = {};
    if (sniffed.kind === 'image') {
      try {
        thumbnail = await makeThumbnail(data);
      } catch {
        // sharp read its header but cannot decode it (truncated, corrupt): not an image we can show
        throw new AttachmentRejected('attachment.type-not-allowed', 'the image cannot be decoded', {
          allowed: this.d.limits.kinds,
        });
      }
      exif = await readExif(data, this.d.timezone);
    }
    // the blobs first: a document never names bytes that are not stored (a crash in between leaves an
    // unnamed blob, which a repeated upload names)
    const blob = await this.d.store.blobs.put(data);
    const thumb = thumbnail ? await this.d.store.blobs.put(thumbnail.thumb) : undefined;
    const doc: AttachmentDoc = {
      _id: id,
      instanceId,
      ...(input.taskId ? { taskId: input.taskId } : {}),
      ...(input.field ? { field: input.field } : {}),
      uploader,
      name: sanitizeName(input.name, sniffed),
      size: data.length,
      contentType: sniffed.contentType,
      kind: sniffed.kind,
      sha256: blob.sha256,
      ...(thumb ? { thumbnailSha256: thumb.sha256 } : {}),
      ...exif,
      ...(thumbnail?.width ? { width: thumbnail.width, height: thumbnail.height } : {}),
      createdAt: this.d.now(),
    };
    await this.docs.insertManyIgnoreDuplicates([doc]);
    const stored = (await this.docs.findOne({ _id: id })) ?? doc;
    // put again: a history cleanup that removed another case's attachment with the same bytes may have
    // deleted the shared blob between our put and our insert (it checks for names before deleting)
    await this.d.store.blobs.put(data);
    if (thumbnail) await this.d.store.blobs.put(thumbnail.thumb);
    return stored;
  }

  async get(id: string): Promise<AttachmentDoc | null> {
    if (!ATTACHMENT_ID.test(id)) return null;
    return this.docs.findOne({ _id: id });
  }

  /** The attachments of a case, oldest first (at most MAX_LISTED_ATTACHMENTS). */
  async ofCase(instanceId: string): Promise<AttachmentDoc[]> {
    return this.docs.find({ instanceId }, { sort: { createdAt: 1, _id: 1 }, limit: MAX_LISTED_ATTACHMENTS });
  }

  /** How many attachments an owner (a case, or a report before 立案) has, counting at most `cap`. */
  count(instanceId: string, cap: number): Promise<number> {
    return this.docs.count({ instanceId }, { limit: cap });
  }

  /**
   * Moves the attachments of one owner to a case: the photos of a report (engine/intake: owner
   * `intake.<receipt>`) join its case at 立案 / 并案. Idempotent: a repeat finds nothing left to move.
   */
  async moveTo(fromOwner: string, instanceId: string): Promise<number> {
    const docs = await this.docs.find({ instanceId: fromOwner }, { limit: MAX_LISTED_ATTACHMENTS });
    for (const a of docs)
      await this.docs.updateOne({ _id: a._id, instanceId: fromOwner }, { $set: { instanceId } });
    return docs.length;
  }

  /** Deletes the attachments of an owner, and the blobs no other attachment names (retention). */
  async removeOwner(owner: string): Promise<number> {
    const docs = await this.docs.find({ instanceId: owner }, { limit: MAX_LISTED_ATTACHMENTS });
    if (!docs.length) return 0;
    await this.docs.deleteMany({ instanceId: owner });
    await deleteUnreferencedBlobs(
      this.d.store,
      docs.flatMap((a) => [a.sha256, ...(a.thumbnailSha256 ? [a.thumbnailSha256] : [])]),
    );
    return docs.length;
  }

  /** Of `ids`, the attachments that exist (for form fields naming them). */
  async some(ids: string[]): Promise<AttachmentDoc[]> {
    const valid = ids.filter((i) => ATTACHMENT_ID.test(i));
    return valid.length ? this.docs.find({ _id: { $in: valid } }) : [];
  }

  /**
   * Form data naming attachments that are not this case's: for each attachment field of the form (an array
   * of `format: attachment` strings), the ids that name no attachment of case `instanceId`, as field errors
   * (`/data/<field>/<i>`). Ids of another shape are left to the form's own validation.
   */
  async foreignIds(
    instanceId: string,
    schema: object | undefined,
    data: Record<string, unknown>,
  ): Promise<Array<{ path: string; message: string }>> {
    const props = (schema as { properties?: Record<string, { items?: { format?: string } }> } | undefined)
      ?.properties;
    const named: Array<{ path: string; id: string }> = [];
    for (const [name, s] of Object.entries(props ?? {})) {
      const v = data[name];
      if (s?.items?.format !== 'attachment' || !Array.isArray(v)) continue;
      v.forEach((id, i) => {
        if (typeof id === 'string' && ATTACHMENT_ID.test(id)) named.push({ path: `/data/${name}/${i}`, id });
      });
    }
    if (!named.length) return [];
    const ours = new Set(
      (await this.some(named.map((n) => n.id))).filter((a) => a.instanceId === instanceId).map((a) => a._id),
    );
    return named
      .filter((n) => !ours.has(n.id))
      .map((n) => ({ path: n.path, message: 'no attachment of this case has this id' }));
  }

  /** The bytes of an attachment, or of its thumbnail. */
  async open(doc: AttachmentDoc, which: 'file' | 'thumbnail'): Promise<Readable | null> {
    const blob = which === 'file' ? doc.sha256 : doc.thumbnailSha256;
    return blob ? this.d.store.blobs.get(blob) : null;
  }
}

/**
 * Deletes the blobs among `shas` that no attachment names any more (after the history cleanup removed the
 * attachments of its cases); answers how many were deleted.
 */
export async function deleteUnreferencedBlobs(store: Store, shas: Iterable<string>): Promise<number> {
  const docs = store.collection('attachments');
  let n = 0;
  for (const sha of new Set(shas)) {
    const named = await docs.count({ $or: [{ sha256: sha }, { thumbnailSha256: sha }] }, { limit: 1 });
    if (!named && (await store.blobs.delete(sha))) n += 1;
  }
  return n;
}
