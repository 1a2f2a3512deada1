// The scheme as a form: the base, each item's label and numbers, the grade minima. Items are added or
// removed in the JSON view; both views edit the same text, and the server validates what is saved.
import { useI18n } from '../../i18n';

type Item = Record<string, unknown> & { id: string; kind: string; label: string };
interface Body {
  base?: number;
  items?: Item[];
  grades?: Array<{ grade: string; label: string; min: number }>;
  [k: string]: unknown;
}

const NUMBERS: Record<string, string[]> = {
  target: ['target', 'points', 'step', 'stepPoints', 'min', 'max'],
  threshold: ['atLeast', 'points'],
  perEvent: ['points', 'min', 'max'],
  manual: ['min', 'max'],
};

export function SchemeForm({ text, onChange }: { text: string; onChange: (text: string) => void }) {
  const { t } = useI18n();
  let body: Body;
  try {
    body = JSON.parse(text) as Body;
  } catch {
    return <p className="muted">{t('assess.formNeedsJson')}</p>;
  }
  const write = (next: Body) => onChange(JSON.stringify(next, null, 2));
  const num = (v: string) => (v.trim() === '' ? undefined : Number(v));
  const setItem = (i: number, field: string, value: unknown) => {
    const items = [...(body.items ?? [])];
    const item: Item = { ...items[i] };
    if (value === undefined) delete item[field];
    else item[field] = value;
    items[i] = item;
    write({ ...body, items });
  };
  return (
    <div className="assess-form">
      <label>
        {t('assess.base')}
        <input
          type="number"
          value={body.base ?? ''}
          onChange={(e) => write({ ...body, base: num(e.target.value) })}
        />
      </label>
      {(body.items ?? []).map((it, i) => (
        <fieldset key={`${it.id}-${i}`}>
          <legend>
            {it.id} · {it.kind}
            {typeof it.figure === 'string' ? ` · ${it.figure}` : ''}
          </legend>
          <label>
            {t('assess.itemLabel')}
            <input value={it.label} onChange={(e) => setItem(i, 'label', e.target.value)} />
          </label>
          {(NUMBERS[it.kind] ?? []).map((f) => (
            <label key={f}>
              {f}
              <input
                type="number"
                step="any"
                data-field={`${it.id}.${f}`}
                value={typeof it[f] === 'number' ? String(it[f]) : ''}
                onChange={(e) => setItem(i, f, num(e.target.value))}
              />
            </label>
          ))}
        </fieldset>
      ))}
      <fieldset>
        <legend>{t('assess.grades')}</legend>
        {(body.grades ?? []).map((g, i) => (
          <label key={g.grade}>
            {g.label} ≥
            <input
              type="number"
              value={g.min}
              onChange={(e) => {
                const grades = [...(body.grades ?? [])];
                grades[i] = { ...g, min: Number(e.target.value) };
                write({ ...body, grades });
              }}
            />
          </label>
        ))}
      </fieldset>
    </div>
  );
}
