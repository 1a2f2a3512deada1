// 常用筛选: the user's saved filters (a name and the list's query string); open one, save the current
// filters under a name, delete one. No browser prompt: a small inline form.
import { useState } from 'react';
import { api } from '../../api';
import { useI18n } from '../../i18n';
import { useRequest } from '../../lib/hooks';
import { toast } from '../../lib/toasts';

export function SavedFilters({ current, onOpen }: { current: string; onOpen: (query: string) => void }) {
  const { t } = useI18n();
  const saved = useRequest(() => api.savedFilters(), []);
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const active = saved.data?.find((f) => f.query === current);
  const save = async () => {
    const n = name.trim();
    if (!n) return;
    await api.saveFilter(n, current);
    toast('success', t('cases.saved.ok', { name: n }));
    setNaming(false);
    setName('');
    saved.reload();
  };
  return (
    <div className="saved-filters">
      <select
        aria-label={t('cases.saved')}
        value={active?.id ?? ''}
        data-testid="saved-filters"
        onChange={(e) => {
          const f = saved.data?.find((x) => x.id === e.target.value);
          if (f) onOpen(f.query);
        }}
      >
        <option value="">{saved.data?.length ? t('cases.saved') : t('cases.savedNone')}</option>
        {(saved.data ?? []).map((f) => (
          <option key={f.id} value={f.id}>
            {f.name}
          </option>
        ))}
      </select>
      {active && (
        <button
          className="btn btn--ghost"
          aria-label={t('cases.deleteSaved', { name: active.name })}
          title={t('cases.deleteSaved', { name: active.name })}
          onClick={async () => {
            await api.deleteFilter(active.id);
            saved.reload();
          }}
        >
          ×
        </button>
      )}
      {naming ? (
        <form
          className="saved-filters__form"
          onSubmit={(e) => {
            e.preventDefault();
            void save().catch(() => undefined); // failures are toasted by the API wrapper
          }}
        >
          <input
            autoFocus
            value={name}
            maxLength={60}
            placeholder={t('cases.saveName')}
            aria-label={t('cases.saveName')}
            onChange={(e) => setName(e.target.value)}
          />
          <button className="btn btn--primary" type="submit" disabled={!name.trim()}>
            {t('cases.saveDo')}
          </button>
          <button className="btn btn--ghost" type="button" onClick={() => setNaming(false)}>
            {t('common.cancel')}
          </button>
        </form>
      ) : (
        <button className="btn btn--ghost" onClick={() => setNaming(true)} disabled={!current}>
          {t('cases.save')}
        </button>
      )}
    </div>
  );
}
