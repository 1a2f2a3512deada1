// Photos of a report (engine/intake/photos.ts) through the attachments module: the operator adds them to a
// report in their reach (to its case once accepted), the public page to the report it just filed with the
// upload token it got (header X-Upload-Token; 30 minutes, while the report waits). Images only, at most 3
// per report, ATTACHMENT_MAX_BYTES each; checked before a byte of the upload is read where possible.
import type { RequestHandler } from 'express';
import { Router } from 'express';
import { AttachmentRejected, attachmentView } from '../cases/attachments.js';
import type { IntakeEntry } from '../intake/entries.js';
import {
  INTAKE_MAX_PHOTOS,
  INTAKE_PHOTO_KINDS,
  intakePhotoOwner,
  photoOwnerOf,
  photoTokenValid,
} from '../intake/photos.js';
import type { Principal } from './access.js';
import { op, type ApiContext } from './context.js';
import { codedError, notFound } from './errors.js';
import { rejected, uploadParser } from './routes-attachments.js';
import { intakeUnits } from './routes-intake.js';

const RECEIPT = /^R\d{8}[2-9A-Z]{8}$/;

export function intakePhotoRoutes(ctx: ApiContext): Router {
  const r = Router();
  const { engine } = ctx;
  const limits = engine.attachments.limits;
  const now = () => engine.clock.now();

  /** The report's photo count below the cap, else 409 (before the upload is read). */
  const belowCap = async (e: IntakeEntry) => {
    // before 立案 every photo of the report is intake's; on its case the handlers' own photos do not count
    const owner = photoOwnerOf(e);
    if (owner !== intakePhotoOwner(e.receipt)) return;
    if ((await engine.attachments.count(owner, INTAKE_MAX_PHOTOS)) >= INTAKE_MAX_PHOTOS)
      throw codedError(409, 'intake.too-many-photos', `at most ${INTAKE_MAX_PHOTOS} photos per report`, {
        max: INTAKE_MAX_PHOTOS,
      });
  };

  /** pre: the operator may handle the report (404 otherwise) */
  const staffEntry: RequestHandler = async (req, res, next) => {
    try {
      const p = res.locals.user as Principal;
      const e = await engine.intake.entries.get(String(req.params.receipt));
      if (!e || !(p.admin || intakeUnits(p).some((u) => e.scope.includes(u))))
        throw notFound('report.not-found');
      if (e.status === 'rejected') throw codedError(409, 'intake.already-decided', 'the report was rejected');
      await belowCap(e);
      res.locals.entry = e;
      next();
    } catch (err) {
      req.resume();
      next(err);
    }
  };

  /** pre: the upload token of the public page opens the report now (404 otherwise: nothing to learn) */
  const publicEntry: RequestHandler = async (req, res, next) => {
    try {
      const receipt = String(req.params.receipt);
      const e = RECEIPT.test(receipt) ? await engine.intake.entries.get(receipt) : null;
      const token = req.get('x-upload-token') ?? undefined;
      if (!e || !photoTokenValid(e, token, now())) throw notFound('report.not-found');
      await belowCap(e);
      res.locals.entry = e;
      next();
    } catch (err) {
      req.resume();
      next(err);
    }
  };

  const store = async (e: IntakeEntry, uploader: string, file: Express.Multer.File | undefined) => {
    if (!file)
      throw codedError(400, 'attachment.file-missing', 'no file in the multipart field "file"', {}, [
        { path: '/file', message: 'required' },
      ]);
    try {
      const a = await engine.attachments.upload(photoOwnerOf(e), uploader, {
        data: file.buffer,
        name: file.originalname,
        kinds: INTAKE_PHOTO_KINDS,
      });
      return attachmentView(a);
    } catch (err) {
      if (err instanceof AttachmentRejected) throw rejected(err);
      throw err;
    }
  };

  const description =
    `One image (JPEG, PNG, WebP, GIF — decided from the bytes) in the multipart field \`file\`, at most ` +
    `${limits.maxBytes} bytes (413 attachment.too-large); at most ${INTAKE_MAX_PHOTOS} per report ` +
    '(409 intake.too-many-photos). Before 立案 the photo belongs to the report and moves to its case at ' +
    '立案 / 并案; on an accepted report it goes to the case.';

  op(
    r,
    ctx,
    {
      method: 'post',
      path: '/intake/:receipt/photos',
      summary: 'Add a photo to a report (intake staff of its area)',
      description,
      tag: 'intake',
      body: 'multipart',
      status: 201,
      pre: [staffEntry, uploadParser(limits.maxBytes)],
    },
    async ({ req, res, user }) => store(res.locals.entry as IntakeEntry, user.username, req.file),
  );

  op(
    r,
    ctx,
    {
      method: 'post',
      path: '/public/reports/:receipt/photos',
      summary:
        'Add a photo to the report just filed on the public page (no sign-in): header X-Upload-Token, the ' +
        '`uploadToken` POST /public/reports answered; within 30 minutes and while the report waits (else 404)',
      description,
      tag: 'public',
      auth: 'public',
      body: 'multipart',
      status: 201,
      pre: [publicEntry, uploadParser(limits.maxBytes)],
    },
    async ({ req, res }) => {
      const a = await store(res.locals.entry as IntakeEntry, 'public', req.file);
      // the citizen learns nothing but that it was stored
      return { id: a.id, name: a.name, size: a.size };
    },
  );

  return r;
}
