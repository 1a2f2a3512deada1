// Attachments of a case: POST /instances/:id/attachments (multipart, field `file`), GET /attachments/:id (the
// bytes, with their content type), GET /attachments/:id/thumbnail (a 320 px JPEG of an image) and the list of
// a case. The service is engine/cases/attachments.ts; what it accepts is decided by the bytes it receives.
//
// Access: an attachment is seen by whoever may see its case (views.ts visibleInstance) and is 404 to anyone
// else, the same as an absent one. Uploading needs the case to be open and visible to the caller; with a
// `taskId`, the step must be one of the case's open steps the caller may work on.
import { pipeline } from 'node:stream/promises';
import type { Request, RequestHandler, Response } from 'express';
import { Router } from 'express';
import multer from 'multer';
import { AttachmentRejected, attachmentView, type AttachmentDoc } from '../cases/attachments.js';
import type { InstanceState } from '../runtime/types.js';
import type { Principal } from './access.js';
import { canActOnTask } from './access.js';
import { op, type ApiContext } from './context.js';
import { codedError, HttpError, notFound } from './errors.js';
import { visibleInstance } from './views.js';
import { canSeePatrol, PATROL_OWNER } from '../patrol/patrols.js';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export const rejected = (err: AttachmentRejected) =>
  codedError(err.code === 'attachment.too-large' ? 413 : 400, err.code, err.message, err.params, [
    { path: '/file', message: err.message },
  ]);

/** Multer with the configured size limit, one file in field `file`; its errors as coded 4xx. */
export function uploadParser(maxBytes: number): RequestHandler {
  const parse = multer({
    storage: multer.memoryStorage(),
    // file names as the browsers send them (UTF-8), not read as Latin-1
    defParamCharset: 'utf8',
    limits: { fileSize: maxBytes, files: 1, fields: 6, fieldSize: 1024, parts: 7 },
  }).single('file');
  return (req, res, next) => {
    parse(req, res, (err: unknown) => {
      if (!err) return next();
      if (err instanceof multer.MulterError) {
        if (err.code === 'LIMIT_FILE_SIZE')
          return next(
            codedError(
              413,
              'attachment.too-large',
              `the file is larger than ${maxBytes} bytes`,
              { maxBytes },
              [{ path: '/file', message: `larger than ${maxBytes} bytes` }],
            ),
          );
        return next(
          codedError(
            400,
            'attachment.bad-form',
            'send one file in the multipart field "file"',
            { reason: err.code },
            [{ path: `/${err.field ?? 'file'}`, message: err.message }],
          ),
        );
      }
      next(err);
    });
  };
}

/** `inline; filename*=UTF-8''…` with an ASCII fallback: office files download, images and PDF open. */
function disposition(a: AttachmentDoc): string {
  const ascii = a.name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const kind = a.kind === 'office' ? 'attachment' : 'inline';
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(a.name)}`;
}

export function attachmentRoutes(ctx: ApiContext): Router {
  const r = Router();
  const { engine } = ctx;
  const limits = engine.attachments.limits;

  /** The attachment if the caller may see its case; 404 otherwise. */
  const visibleAttachment = async (p: Principal, id: string): Promise<AttachmentDoc> => {
    const a = await engine.attachments.get(id);
    if (!a) throw notFound('attachment.not-found');
    // a patrol's photo (routes-patrols.ts): seen by whoever sees the patrol
    if (a.instanceId.startsWith(PATROL_OWNER)) {
      const patrol = await engine.patrols.get(a.instanceId.slice(PATROL_OWNER.length));
      if (!patrol || !canSeePatrol(p, patrol)) throw notFound('attachment.not-found');
      return a;
    }
    try {
      await visibleInstance(ctx, p, a.instanceId);
    } catch (err) {
      // the case's own 404 would name the case: the attachment is simply not there for this caller
      if (err instanceof HttpError && err.status === 404) throw notFound('attachment.not-found');
      throw err;
    }
    return a;
  };

  /**
   * Before a byte of the upload is read: the case must be visible to the caller (404) and open (409), so an
   * upload nobody may make is never buffered.
   */
  const openCase: RequestHandler = async (req, res, next) => {
    try {
      const s = await visibleInstance(ctx, res.locals.user as Principal, String(req.params.id));
      if (s.status !== 'active')
        throw codedError(409, 'attachment.case-closed', 'the case is closed: nothing can be added to it');
      res.locals.case = s;
      next();
    } catch (err) {
      // the upload is read and dropped (never buffered), so the client finishes sending and reads the answer
      req.resume();
      next(err);
    }
  };

  const send = async (req: Request, res: Response, a: AttachmentDoc, which: 'file' | 'thumbnail') => {
    const stream = await engine.attachments.open(a, which);
    if (!stream) throw notFound(which === 'file' ? 'attachment.not-found' : 'attachment.no-thumbnail');
    const etag = `"${which === 'file' ? a.sha256 : a.thumbnailSha256}"`;
    res.setHeader('ETag', etag);
    if (req.headers['if-none-match'] === etag) {
      stream.destroy();
      res.status(304).end();
      return;
    }
    res.status(200);
    res.setHeader('Content-Type', which === 'file' ? a.contentType : 'image/jpeg');
    if (which === 'file') {
      res.setHeader('Content-Length', String(a.size));
      res.setHeader('Content-Disposition', disposition(a));
    }
    // never run as a page of this origin, whatever the bytes (they were sniffed, but a PDF can hold script)
    res.setHeader(
      'Content-Security-Policy',
      "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
    );
    try {
      await pipeline(stream, res);
    } catch (err) {
      // the client went away mid-download: nothing to answer, nothing wrong here
      if ((err as { code?: string }).code !== 'ERR_STREAM_PREMATURE_CLOSE') throw err;
    }
  };

  op(
    r,
    ctx,
    {
      method: 'post',
      path: '/instances/:id/attachments',
      summary: 'Upload a photo or file to a case (multipart field `file`)',
      description:
        `One file per request in the multipart field \`file\`, at most ${limits.maxBytes} bytes ` +
        '(ATTACHMENT_MAX_BYTES; larger: 413 `attachment.too-large`). Accepted kinds (ATTACHMENT_KINDS): ' +
        `${limits.kinds.join(', ')} — decided from the bytes (JPEG, PNG, WebP, GIF; PDF; Office documents), ` +
        'never from the declared type or name; anything else: 400 `attachment.type-not-allowed`, nothing ' +
        'stored. Optional fields: `taskId` (a step of the case the caller may work on, still open), ' +
        "`field` (the form field it goes into: the step's form opens with it there) and `requestId` " +
        '(a repeat answers the first upload). The case must be open and visible to the caller ' +
        '(else 409 / 404). Answers 201 `{id, name, size, contentType, sha256, takenAt?, location?, ' +
        'hasThumbnail, …}`: the name sanitised, the photo time and GPS position read from its EXIF.',
      tag: 'instances',
      body: 'multipart',
      status: 201,
      pre: [openCase, uploadParser(limits.maxBytes)],
    },
    async ({ req, res, user }) => {
      const s = res.locals.case as InstanceState;
      const fields = (req.body ?? {}) as Record<string, unknown>;
      const taskId = typeof fields.taskId === 'string' && fields.taskId ? fields.taskId : undefined;
      const field = typeof fields.field === 'string' && fields.field ? fields.field : undefined;
      if (field && !FIELD_NAME.test(field))
        throw codedError(400, 'attachment.bad-form', 'field: a form field name', {}, [
          { path: '/field', message: 'must be a form field name (letters, digits, _; at most 64)' },
        ]);
      const requestId =
        typeof fields.requestId === 'string' && fields.requestId ? fields.requestId : undefined;
      if (requestId && !REQUEST_ID.test(requestId))
        throw codedError(400, 'attachment.bad-form', 'requestId: 1–100 letters, digits or ._:-', {}, [
          { path: '/requestId', message: 'must be 1–100 letters, digits or ._:-' },
        ]);
      if (taskId) {
        const t = await engine.getTask(taskId);
        if (!t || t.instanceId !== s._id || !canActOnTask(user, t))
          throw codedError(
            400,
            'attachment.task-not-actionable',
            'not a step of this case you may work on',
            {},
            [{ path: '/taskId', message: 'not a step of this case you may work on' }],
          );
        if (t.status !== 'open')
          throw codedError(409, 'attachment.task-closed', 'the step is no longer open', { taskId });
      }
      const file = req.file;
      if (!file)
        throw codedError(400, 'attachment.file-missing', 'no file in the multipart field "file"', {}, [
          { path: '/file', message: 'required' },
        ]);
      try {
        const a = await engine.attachments.upload(s._id, user.username, {
          data: file.buffer,
          name: file.originalname,
          taskId,
          field,
          requestId,
        });
        return attachmentView(a);
      } catch (err) {
        if (err instanceof AttachmentRejected) throw rejected(err);
        throw err;
      }
    },
  );

  op(
    r,
    ctx,
    {
      method: 'get',
      path: '/instances/:id/attachments',
      summary: 'The attachments of a case, oldest first',
      tag: 'instances',
    },
    async ({ params, user }) => {
      const s = await visibleInstance(ctx, user, params.id);
      return { items: (await engine.attachments.ofCase(s._id)).map(attachmentView) };
    },
  );

  op(
    r,
    ctx,
    {
      method: 'get',
      path: '/attachments/:id',
      summary: 'The bytes of an attachment, with its content type (404 outside the case’s jurisdiction)',
      tag: 'instances',
      produces: 'application/octet-stream',
    },
    async ({ req, res, params, user }) => {
      await send(req, res, await visibleAttachment(user, params.id), 'file');
    },
  );

  op(
    r,
    ctx,
    {
      method: 'get',
      path: '/attachments/:id/thumbnail',
      summary: 'A 320 px JPEG of an image attachment, upright (404 for other files and outside jurisdiction)',
      tag: 'instances',
      produces: 'image/jpeg',
    },
    async ({ req, res, params, user }) => {
      await send(req, res, await visibleAttachment(user, params.id), 'thumbnail');
    },
  );

  op(
    r,
    ctx,
    {
      method: 'get',
      path: '/attachments/:id/info',
      summary: 'What an attachment is: name, size, type, sha256, photo time and place',
      tag: 'instances',
    },
    async ({ params, user }) => attachmentView(await visibleAttachment(user, params.id)),
  );

  return r;
}
