// Photos of a report (现场照片) through the attachments module (engine/cases/attachments.ts): before 立案
// they belong to the report (owner `intake.<receipt>`), at 立案 or 并案 they move to the case, where the case
// file shows them; a report already accepted takes them on its case directly. Images only, at most
// INTAKE_MAX_PHOTOS per report, the configured size limit. The public page uploads with a token it got
// when filing (only its hash is stored) within PUBLIC_PHOTO_WINDOW_MS and while the report waits.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IntakeEntry } from './entries.js';

export const INTAKE_MAX_PHOTOS = 3;
export const PUBLIC_PHOTO_WINDOW_MS = 30 * 60_000;
export const INTAKE_PHOTO_KINDS = ['image'] as const;

/** The attachment owner of a report's photos before 立案. */
export const intakePhotoOwner = (receipt: string) => `intake.${receipt}`;

/** Where a photo of this report goes now: its case once accepted or merged, else the report. */
export const photoOwnerOf = (e: Pick<IntakeEntry, 'status' | 'instanceId' | 'receipt'>) =>
  (e.status === 'accepted' || e.status === 'merged') && e.instanceId
    ? e.instanceId
    : intakePhotoOwner(e.receipt);

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/** A token for the public page's photo uploads and the hash the report keeps. */
export function newPhotoToken(): { token: string; hash: string } {
  const token = randomBytes(18).toString('base64url');
  return { token, hash: hash(token) };
}

/** Whether `token` opens the report's uploads now (public page). */
export function photoTokenValid(e: IntakeEntry, token: string | undefined, now: number): boolean {
  if (!e.photoToken || !token || e.status !== 'received') return false;
  if (now - e.createdAt > PUBLIC_PHOTO_WINDOW_MS) return false;
  const a = Buffer.from(hash(token), 'hex');
  const b = Buffer.from(e.photoToken, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
