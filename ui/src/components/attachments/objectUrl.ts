// Attachments shown through object URLs: the bytes are fetched with the bearer token (an <img src> pointing
// at the API could not send it). Thumbnails are small and shown again and again (inbox, case file): kept for
// the page's life; full-size files are fetched when opened and released when closed.
import { useEffect, useState } from 'react';
import { fetchAttachment } from '../../api';

const thumbnails = new Map<string, Promise<string>>();

export function thumbnailUrl(id: string): Promise<string> {
  let p = thumbnails.get(id);
  if (!p) {
    p = fetchAttachment(id, 'thumbnail').then((b) => URL.createObjectURL(b));
    p.catch(() => thumbnails.delete(id)); // tried again next time
    thumbnails.set(id, p);
  }
  return p;
}

/** The object URL of an attachment's thumbnail or whole file; `error` when it cannot be had. */
export function useAttachmentUrl(
  id: string | undefined,
  which: 'file' | 'thumbnail',
): { url?: string; error?: boolean } {
  const [state, setState] = useState<{ url?: string; error?: boolean }>({});
  useEffect(() => {
    if (!id) return;
    let stale = false;
    let own: string | undefined;
    setState({});
    const p =
      which === 'thumbnail'
        ? thumbnailUrl(id)
        : fetchAttachment(id, 'file').then((b) => (own = URL.createObjectURL(b)));
    p.then(
      (url) => !stale && setState({ url }),
      () => !stale && setState({ error: true }),
    );
    return () => {
      stale = true;
      if (own) URL.revokeObjectURL(own);
      else if (which === 'file') void p.then((u) => URL.revokeObjectURL(u)).catch(() => undefined);
    };
  }, [id, which]);
  return state;
}
