// The filters of the case list: a search box, status and the everyday switches in view; process, unit,
// level, reporter and the date ranges behind "更多筛选" (open when one of them is set). Every change is a
// new address (lib/router), so back undoes it.
import { useEffect, useMemo, useState } from 'react';
import { api } from '../../api';
import { useI18n } from '../../i18n';
import { useRequest } from '../../lib/hooks';
import { LEVELS, levelLabel } from '../../lib/labels';
import { buildTree, type UnitNode } from '../../lib/units';
import { FLAG_KEYS, STATUSES, statusLabelKey, type FilterKey } from './query';

const FLAG_LABEL = {
  overdue: 'cases.overdue',
  escalated: 'cases.escalated',
  listed: 'cases.listed',
  orderPending: 'cases.orderPending',
} as const;

const MORE: FilterKey[] = [
  'definitionKey',
  'unit',
  'level',
  'reporter',
  'reportedFrom',
  'reportedTo',
  'dueFrom',
  'dueTo',
  'closedFrom',
  'closedTo',
];

function unitOptions(roots: UnitNode[]): Array<{ code: string; label: string }> {
  const out: Array<{ code: string; label: string }> = [];
  const walk = (n: UnitNode, depth: number) => {
    out.push({ code: n.code, label: `${'\u3000'.repeat(depth)}${n.name}` });
    n.children.forEach((c) => walk(c, depth + 1));
  };
  roots.forEach((r) => walk(r, 0));
  return out;
}

export function CaseFilters({
  query,
  onChange,
}: {
  query: URLSearchParams;
  onChange: (patch: Record<string, string | undefined>) => void;
}) {
  const { t } = useI18n();
  const [text, setText] = useState(query.get('q') ?? '');
  useEffect(() => setText(query.get('q') ?? ''), [query.get('q')]);
  const units = useRequest(() => api.units(), []);
  const defs = useRequest(() => api.definitions(), []);
  const unitList = useMemo(() => (units.data ? unitOptions(buildTree(units.data)) : []), [units.data]);
  const processes = useMemo(
    () => [...new Map((defs.data ?? []).map((d) => [d.key, d.name ?? d.key])).entries()],
    [defs.data],
  );
  // open when one of its filters is set; the unit (what a dashboard link sets) shows as a chip instead
  const moreSet = MORE.some((k) => k !== 'unit' && query.get(k));
  const unitName = unitList.find((u) => u.code === query.get('unit'))?.label.trim() ?? query.get('unit');
  const [more, setMore] = useState(moreSet);
  const v = (k: string) => query.get(k) ?? '';
  const range = (from: FilterKey, to: FilterKey, label: string) => (
    <div className="field cases-range">
      <span className="field__label">{label}</span>
      <div className="cases-range__inputs">
        <input
          type="date"
          aria-label={`${label} ${t('cases.from')}`}
          value={v(from)}
          onChange={(e) => onChange({ [from]: e.target.value })}
        />
        <span aria-hidden>—</span>
        <input
          type="date"
          aria-label={`${label} ${t('cases.to')}`}
          value={v(to)}
          onChange={(e) => onChange({ [to]: e.target.value })}
        />
      </div>
    </div>
  );
  return (
    <section className="card cases-filters" aria-label={t('cases.title')}>
      <form
        className="cases-search"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          onChange({ q: text.trim() || undefined });
        }}
      >
        <input
          type="search"
          value={text}
          maxLength={64}
          placeholder={t('cases.searchPlaceholder')}
          aria-label={t('cases.searchPlaceholder')}
          title={t('cases.searchHint')}
          data-testid="cases-search"
          onChange={(e) => setText(e.target.value)}
        />
        <button className="btn btn--primary" type="submit">
          {t('cases.search')}
        </button>
      </form>
      <div className="cases-filters__row">
        <label className="cases-inline">
          <span className="field__label">{t('cases.status')}</span>
          <select
            value={v('status')}
            data-testid="filter-status"
            onChange={(e) => onChange({ status: e.target.value })}
          >
            <option value="">{t('cases.all')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(statusLabelKey(s))}
              </option>
            ))}
          </select>
        </label>
        {FLAG_KEYS.map((k) => (
          <label key={k} className="check cases-flag">
            <input
              type="checkbox"
              checked={v(k) === '1'}
              data-testid={`filter-${k}`}
              onChange={(e) => onChange({ [k]: e.target.checked ? '1' : undefined })}
            />
            {t(FLAG_LABEL[k])}
          </label>
        ))}
        {query.get('unit') && !more && (
          <span className="chip" data-testid="unit-chip">
            {t('common.labelValue', { label: t('cases.unit'), value: unitName ?? '' })}
            <button
              type="button"
              className="chip__x"
              aria-label={t('common.remove')}
              onClick={() => onChange({ unit: undefined })}
            >
              ×
            </button>
          </span>
        )}
        <button type="button" className="btn btn--ghost" aria-expanded={more} onClick={() => setMore(!more)}>
          {t('cases.more')} {more ? '▴' : '▾'}
        </button>
      </div>
      {more && (
        <div className="cases-filters__more">
          <label className="field">
            <span className="field__label">{t('cases.process')}</span>
            <select value={v('definitionKey')} onChange={(e) => onChange({ definitionKey: e.target.value })}>
              <option value="">{t('cases.all')}</option>
              {processes.map(([key, name]) => (
                <option key={key} value={key}>
                  {name}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field__label">{t('cases.unit')}</span>
            <select
              value={v('unit')}
              data-testid="filter-unit"
              onChange={(e) => onChange({ unit: e.target.value })}
            >
              <option value="">{t('cases.all')}</option>
              {unitList.map((u) => (
                <option key={u.code} value={u.code}>
                  {u.label}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field__label">{t('cases.level')}</span>
            <select value={v('level')} onChange={(e) => onChange({ level: e.target.value })}>
              <option value="">{t('cases.all')}</option>
              {LEVELS.map((l) => (
                <option key={l} value={l}>
                  {levelLabel(l)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field__label">{t('cases.reporter')}</span>
            <input
              value={v('reporter')}
              placeholder={t('cases.reporterPlaceholder')}
              pattern="[A-Za-z0-9_.\-]+"
              onChange={(e) => onChange({ reporter: e.target.value.trim() })}
            />
          </label>
          {range('reportedFrom', 'reportedTo', t('cases.reported'))}
          {range('dueFrom', 'dueTo', t('cases.due'))}
          {range('closedFrom', 'closedTo', t('cases.closed'))}
        </div>
      )}
    </section>
  );
}
