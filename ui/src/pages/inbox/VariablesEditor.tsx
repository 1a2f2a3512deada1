// Free process variables as name/value rows; values are read as JSON when they parse (numbers, booleans).
import { t, useI18n } from '../../i18n';
import type { FormErrors } from '../../forms/schema';

export interface VarRow {
  name: string;
  value: string;
}

export function variablesOf(rows: VarRow[]): { values: Record<string, unknown>; errors: FormErrors } {
  const values: Record<string, unknown> = {};
  const errors: FormErrors = {};
  rows.forEach((r, i) => {
    const name = r.name.trim();
    if (!name && !r.value.trim()) return;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      errors[`var.${i}`] = t('start.varName');
      return;
    }
    const text = r.value.trim();
    try {
      values[name] = text === '' ? '' : JSON.parse(text);
    } catch {
      values[name] = r.value;
    }
  });
  return { values, errors };
}

export function VariablesEditor({
  rows,
  onChange,
  errors,
}: {
  rows: VarRow[];
  onChange: (rows: VarRow[]) => void;
  errors: FormErrors;
}) {
  useI18n();
  const set = (i: number, patch: Partial<VarRow>) =>
    onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <div className="vars">
      {rows.map((r, i) => (
        <div key={i} className={`vars__row ${errors[`var.${i}`] ? 'field--error' : ''}`}>
          <input
            placeholder={t('start.varNamePh')}
            value={r.name}
            onChange={(e) => set(i, { name: e.target.value })}
          />
          <input
            placeholder={t('start.varValuePh')}
            value={r.value}
            onChange={(e) => set(i, { value: e.target.value })}
          />
          <button
            className="icon-btn"
            onClick={() => onChange(rows.filter((_, j) => j !== i))}
            aria-label={t('common.remove')}
          >
            −
          </button>
          {errors[`var.${i}`] && <div className="field__error">{errors[`var.${i}`]}</div>}
        </div>
      ))}
      <button className="btn btn--small" onClick={() => onChange([...rows, { name: '', value: '' }])}>
        + {t('start.addVar')}
      </button>
    </div>
  );
}
