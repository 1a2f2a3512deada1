// Loading, empty and error placeholders used by every list and page.
import type { ReactNode } from 'react';
import { describeError } from '../api';
import { useI18n } from '../i18n';

export function Loading({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <div className="state state--loading" role="status">
      <span className="spinner" aria-hidden />
      {label ?? t('common.loading')}
    </div>
  );
}

export function Empty({ title, hint, children }: { title: string; hint?: string; children?: ReactNode }) {
  return (
    <div className="state state--empty">
      <div className="state__icon" aria-hidden>
        ☐
      </div>
      <div className="state__title">{title}</div>
      {hint && <div className="state__hint">{hint}</div>}
      {children}
    </div>
  );
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  return (
    <div className="state state--error" role="alert">
      <div className="state__title">{t('error.loadFailed')}</div>
      <div className="state__hint">{describeError(error)}</div>
      {onRetry && (
        <button className="btn" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

/** Renders loading / error / empty / content for a request. */
export function Async<T>(props: {
  state: { data: T | undefined; error: unknown; loading: boolean; reload: () => void };
  empty?: (d: T) => boolean;
  emptyTitle?: string;
  emptyHint?: string;
  children: (d: T) => ReactNode;
}) {
  const { data, error, loading, reload } = props.state;
  const { t } = useI18n();
  if (error && data === undefined) return <ErrorState error={error} onRetry={reload} />;
  if (data === undefined) return loading ? <Loading /> : null;
  if (props.empty?.(data))
    return <Empty title={props.emptyTitle ?? t('common.empty')} hint={props.emptyHint} />;
  return <>{props.children(data)}</>;
}
