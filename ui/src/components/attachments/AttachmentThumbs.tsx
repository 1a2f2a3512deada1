// Attachments as thumbnails (photos) or name chips (PDF, Office files); a click opens the viewer: the photo
// full size with when and where it was taken, or the file to download.
import { useEffect, useState } from 'react';
import { api } from '../../api';
import { useI18n } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import type { Attachment } from '../../types';
import { Dialog } from '../Dialog';
import { useAttachmentUrl } from './objectUrl';

/** What is known of an attachment before its info is read: its id (a form field holds ids only). */
export type AttachmentRef = Pick<Attachment, 'id'> & Partial<Attachment>;

export function AttachmentThumb({
  att,
  onOpen,
  onRemove,
}: {
  att: AttachmentRef;
  onOpen: (a: AttachmentRef) => void;
  onRemove?: () => void;
}) {
  const { t } = useI18n();
  const image = att.kind === undefined || att.kind === 'image';
  const thumb = useAttachmentUrl(image && att.hasThumbnail !== false ? att.id : undefined, 'thumbnail');
  const name = att.name ?? att.id;
  return (
    <span className="att-thumb" data-attachment={att.id}>
      <button
        type="button"
        className={`att-thumb__open ${image ? '' : 'att-thumb__open--file'}`}
        onClick={() => onOpen(att)}
        aria-label={t('att.open', { name })}
        title={name}
      >
        {image && thumb.url ? (
          <img src={thumb.url} alt={name} loading="lazy" />
        ) : (
          <span className="att-thumb__file">
            <span className="att-thumb__ext">{(att.kind ?? '').toUpperCase() || '…'}</span>
            <span className="att-thumb__name">{att.name ?? ''}</span>
          </span>
        )}
      </button>
      {onRemove && (
        <button
          type="button"
          className="att-thumb__remove icon-btn"
          onClick={onRemove}
          aria-label={t('att.remove', { name })}
        >
          ×
        </button>
      )}
    </span>
  );
}

/** The viewer: a photo full size (or a file's download link) with its name, time and place. */
export function AttachmentViewer({ att, onClose }: { att: AttachmentRef; onClose: () => void }) {
  const { t } = useI18n();
  const [info, setInfo] = useState<AttachmentRef>(att);
  useEffect(() => {
    if (att.name !== undefined) return;
    let stale = false;
    api.attachmentInfo(att.id).then(
      (a) => !stale && setInfo(a),
      () => undefined,
    );
    return () => {
      stale = true;
    };
  }, [att]);
  const file = useAttachmentUrl(att.id, 'file');
  const image = info.kind === undefined || info.kind === 'image';
  return (
    <Dialog wide title={info.name ?? t('att.title')} onClose={onClose}>
      <div className="att-viewer" data-testid="attachment-viewer">
        {file.error ? (
          <p className="muted">{t('error.notFound')}</p>
        ) : !file.url ? (
          <p className="muted">…</p>
        ) : image ? (
          <img className="att-viewer__img" src={file.url} alt={info.name ?? ''} />
        ) : null}
        <div className="att-viewer__meta muted">
          {info.takenAt !== undefined && (
            <span>{t('att.takenAt', { at: formatDateTime(info.takenAt) })}</span>
          )}
          {info.location && (
            <span>
              {t('att.gps', { lat: info.location.lat.toFixed(5), lon: info.location.lon.toFixed(5) })}
            </span>
          )}
          {file.url && (
            <a className="btn btn--small" href={file.url} download={info.name ?? att.id}>
              {t('att.download')}
            </a>
          )}
        </div>
      </div>
    </Dialog>
  );
}

/** A row of attachments that open in the viewer. */
export function AttachmentThumbs({
  items,
  onRemove,
}: {
  items: AttachmentRef[];
  onRemove?: (id: string) => void;
}) {
  const [open, setOpen] = useState<AttachmentRef | null>(null);
  return (
    <>
      <div className="att-thumbs">
        {items.map((a) => (
          <AttachmentThumb
            key={a.id}
            att={a}
            onOpen={setOpen}
            onRemove={onRemove ? () => onRemove(a.id) : undefined}
          />
        ))}
      </div>
      {open && <AttachmentViewer att={open} onClose={() => setOpen(null)} />}
    </>
  );
}
