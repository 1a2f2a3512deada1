// Find a case by its number (or the beginning of it): GET /api/instances?q=, within the caller's reach.
import { useState, type FormEvent } from 'react';
import { api } from '../../api';
import { CaseLabel } from '../../components/CaseLabel';
import { Link } from '../../components/Link';
import { useI18n } from '../../i18n';
import type { Instance } from '../../types';

export function CaseSearch() {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const [found, setFound] = useState<{ q: string; items: Instance[] } | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const text = q.trim();
    if (!text) return setFound(null);
    try {
      const page = await api.findCases(text);
      setFound({ q: text, items: page.items });
    } catch {
      // reported by the fetch wrapper
    }
  };
  return (
    <div className="case-search">
      <form role="search" onSubmit={(e) => void submit(e)}>
        <input
          type="search"
          value={q}
          maxLength={64}
          placeholder={t('case.searchPlaceholder')}
          aria-label={t('case.search')}
          onChange={(e) => setQ(e.target.value)}
          data-testid="case-search"
        />
        <button className="btn btn--small" type="submit">
          {t('case.search')}
        </button>
      </form>
      {found && (
        <ul className="case-search__results" data-testid="case-search-results">
          {found.items.length ? (
            found.items.map((s) => {
              const id = s.id;
              return (
                <li key={id}>
                  <Link href={`/cases/${encodeURIComponent(id)}`}>
                    <CaseLabel caseNo={s.caseNo} title={s.title} id={id} grid={s.gridUnitName} />
                  </Link>
                </li>
              );
            })
          ) : (
            <li className="muted">{t('case.searchNone', { q: found.q })}</li>
          )}
        </ul>
      )}
    </div>
  );
}
