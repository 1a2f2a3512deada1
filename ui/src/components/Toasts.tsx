// Stack of transient messages, bottom right.
import { useI18n } from '../i18n';
import { useStore } from '../lib/store';
import { dismissToast, toastStore } from '../lib/toasts';

export function Toasts() {
  const { t } = useI18n();
  const toasts = useStore(toastStore);
  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((x) => (
        <div key={x.id} className={`toast toast--${x.kind}`} role={x.kind === 'error' ? 'alert' : 'status'}>
          <span className="toast__text">{x.text}</span>
          <button className="toast__close" onClick={() => dismissToast(x.id)} aria-label={t('common.close')}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
