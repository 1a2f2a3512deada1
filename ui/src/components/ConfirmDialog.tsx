// An in-app confirmation (instead of the browser's confirm()): `const [dialog, ask] = useConfirm()`, render
// `dialog`, and `if (await ask(text)) …`.
import { useCallback, useRef, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n';
import { Dialog } from './Dialog';

interface Pending {
  text: string;
  danger: boolean;
  resolve: (ok: boolean) => void;
}

export function useConfirm(): [ReactNode, (text: string, opts?: { danger?: boolean }) => Promise<boolean>] {
  const { t } = useI18n();
  const [pending, setPending] = useState<Pending | null>(null);
  const ref = useRef<Pending | null>(null);
  const ask = useCallback(
    (text: string, opts: { danger?: boolean } = {}) =>
      new Promise<boolean>((resolve) => {
        ref.current?.resolve(false);
        const p = { text, danger: !!opts.danger, resolve };
        ref.current = p;
        setPending(p);
      }),
    [],
  );
  const answer = (ok: boolean) => {
    ref.current?.resolve(ok);
    ref.current = null;
    setPending(null);
  };
  const dialog = pending ? (
    <Dialog
      title={t('admin.confirmTitle')}
      onClose={() => answer(false)}
      footer={
        <>
          <button className="btn" onClick={() => answer(false)}>
            {t('common.cancel')}
          </button>
          <button
            className={`btn ${pending.danger ? 'btn--danger' : 'btn--primary'}`}
            data-testid="confirm-ok"
            onClick={() => answer(true)}
          >
            {t('admin.confirm')}
          </button>
        </>
      }
    >
      <p>{pending.text}</p>
    </Dialog>
  ) : null;
  return [dialog, ask];
}
