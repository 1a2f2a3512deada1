// 网格单元 (admins): the tree of units; create (top level or below the selected one), rename, move under
// another parent, disable / enable. Edits go through PATCH /api/grid/units/:code; errors show in the dialog.
import { useMemo, useRef, useState } from 'react';
import { api, describeError } from '../../api';
import { adminApi } from '../../adminApi';
import { useConfirm } from '../../components/ConfirmDialog';
import { Dialog } from '../../components/Dialog';
import { ErrorState, Loading } from '../../components/States';
import { useI18n } from '../../i18n';
import { useCatalogue } from '../../lib/catalogue';
import { useRequest } from '../../lib/hooks';
import { levelLabel } from '../../lib/labels';
import { loadUnitNames } from '../../lib/unitNames';
import { toast } from '../../lib/toasts';
import type { Unit } from '../../types';
import { AdminTabs } from './AdminTabs';

type Edit = { kind: 'create'; parent?: string } | { kind: 'rename' | 'move'; unit: Unit };

/** Units in tree order (children under their parent), with their depth. */
function treeOrder(units: Unit[]): Array<{ unit: Unit; depth: number }> {
  const kids = new Map<string | undefined, Unit[]>();
  const codes = new Set(units.map((u) => u.code));
  for (const u of units) {
    const p = u.parent && codes.has(u.parent) ? u.parent : undefined;
    kids.set(p, [...(kids.get(p) ?? []), u]);
  }
  const out: Array<{ unit: Unit; depth: number }> = [];
  const walk = (p: string | undefined, depth: number) => {
    for (const u of (kids.get(p) ?? []).sort((a, b) => a.code.localeCompare(b.code))) {
      out.push({ unit: u, depth });
      walk(u.code, depth + 1);
    }
  };
  walk(undefined, 0);
  return out;
}

export function UnitsPage() {
  const { t } = useI18n();
  const units = useRequest(() => api.units(), []);
  const [selected, setSelected] = useState<string | null>(null);
  const [edit, setEdit] = useState<Edit | null>(null);
  const [confirmDialog, ask] = useConfirm();
  const detailRef = useRef<HTMLElement>(null);
  const rows = useMemo(() => treeOrder(units.data ?? []), [units.data]);
  const current = units.data?.find((u) => u.code === selected);

  const reload = () => {
    units.reload();
    loadUnitNames().catch(() => undefined);
  };

  const toggle = async (u: Unit) => {
    if (!u.disabled && !(await ask(t('admin.unit.disableConfirm', { name: u.name }), { danger: true })))
      return;
    try {
      await adminApi.updateUnit(u.code, { disabled: !u.disabled });
      toast('success', t('admin.unit.saved'));
      reload();
    } catch (err) {
      toast('error', describeError(err));
    }
  };

  return (
    <div className="page admin">
      <AdminTabs current="/admin/units" />
      <div className="page__head">
        <h1>{t('admin.units')}</h1>
        <button
          className="btn btn--primary"
          data-testid="unit-new"
          onClick={() => setEdit({ kind: 'create' })}
        >
          {t('admin.unit.new')}
        </button>
      </div>
      {units.error ? (
        <ErrorState error={units.error} onRetry={units.reload} />
      ) : !units.data ? (
        <Loading />
      ) : (
        <div className="admin-split">
          <ul className="admin-tree card" data-testid="unit-tree">
            {rows.map(({ unit, depth }) => (
              <li key={unit.code}>
                <button
                  className={`admin-tree__row ${selected === unit.code ? 'admin-tree__row--on' : ''} ${unit.disabled ? 'admin-tree__row--off' : ''}`}
                  style={{ paddingLeft: 8 + depth * 16 }}
                  onClick={() => {
                    setSelected(unit.code);
                    // on a phone the details are under the tree: bring them into view
                    requestAnimationFrame(() =>
                      detailRef.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' }),
                    );
                  }}
                  data-code={unit.code}
                >
                  <span>{unit.name}</span>
                  <span className="muted"> {levelLabel(unit.level)}</span>
                  {unit.disabled && <span className="tag tag--cancelled">{t('admin.unit.disabled')}</span>}
                </button>
              </li>
            ))}
          </ul>
          <section className="card admin-detail" data-testid="unit-detail" ref={detailRef}>
            {!current ? (
              <p className="muted">{t('admin.unit.pick')}</p>
            ) : (
              <>
                <h2>{current.name}</h2>
                <dl className="facts">
                  <dt>{t('admin.unit.code')}</dt>
                  <dd>{current.code}</dd>
                  <dt>{t('admin.unit.level')}</dt>
                  <dd>{levelLabel(current.level)}</dd>
                  <dt>{t('admin.unit.parent')}</dt>
                  <dd>
                    {units.data.find((u) => u.code === current.parent)?.name ?? t('admin.unit.noParent')}
                  </dd>
                </dl>
                <div className="toolbar">
                  <button
                    className="btn btn--small"
                    disabled={current.disabled}
                    onClick={() => setEdit({ kind: 'create', parent: current.code })}
                  >
                    {t('admin.unit.newChild')}
                  </button>
                  <button
                    className="btn btn--small"
                    onClick={() => setEdit({ kind: 'rename', unit: current })}
                  >
                    {t('admin.unit.rename')}
                  </button>
                  <button className="btn btn--small" onClick={() => setEdit({ kind: 'move', unit: current })}>
                    {t('admin.unit.move')}
                  </button>
                  <button
                    className={`btn btn--small ${current.disabled ? '' : 'btn--danger'}`}
                    data-testid="unit-toggle"
                    onClick={() => void toggle(current)}
                  >
                    {current.disabled ? t('admin.unit.enable') : t('admin.unit.disable')}
                  </button>
                </div>
              </>
            )}
          </section>
        </div>
      )}
      {edit && units.data && (
        <UnitDialog
          edit={edit}
          units={units.data}
          onClose={() => setEdit(null)}
          onDone={(code) => {
            setEdit(null);
            setSelected(code);
            reload();
          }}
        />
      )}
      {confirmDialog}
    </div>
  );
}

function UnitDialog({
  edit,
  units,
  onClose,
  onDone,
}: {
  edit: Edit;
  units: Unit[];
  onClose: () => void;
  onDone: (code: string) => void;
}) {
  const { t } = useI18n();
  const { levels } = useCatalogue();
  const editing = edit.kind === 'create' ? undefined : edit.unit;
  const parentUnit = units.find((u) => u.code === (edit.kind === 'create' ? edit.parent : editing?.parent));
  // a new unit one level below its parent by default
  const [level, setLevel] = useState(() =>
    parentUnit
      ? (levels[Math.max(0, levels.indexOf(parentUnit.level) - 1)] ?? levels[0])
      : levels[levels.length - 1],
  );
  const [code, setCode] = useState('');
  const [name, setName] = useState(editing?.name ?? '');
  const [parent, setParent] = useState(parentUnit?.code ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const title =
    edit.kind === 'create'
      ? t('admin.unit.new')
      : edit.kind === 'rename'
        ? t('admin.unit.rename')
        : t('admin.unit.move');

  const submit = async () => {
    setError(null);
    setBusy(true);
    try {
      if (edit.kind === 'create') {
        const u = await adminApi.createUnit({
          code: code.trim(),
          name: name.trim(),
          level,
          parent: parent || undefined,
        });
        toast('success', t('admin.unit.created', { name: u.name }));
        onDone(u.code);
      } else {
        await adminApi.updateUnit(
          edit.unit.code,
          edit.kind === 'rename' ? { name: name.trim() } : { parent },
        );
        toast('success', t('admin.unit.saved'));
        onDone(edit.unit.code);
      }
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={title}
      onClose={onClose}
      footer={
        <>
          <button className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button className="btn btn--primary" data-testid="unit-save" disabled={busy} onClick={submit}>
            {t('admin.save')}
          </button>
        </>
      }
    >
      {edit.kind === 'create' && (
        <label className="field">
          <span className="field__label">{t('admin.unit.code')}</span>
          <input
            data-testid="unit-code"
            value={code}
            maxLength={40}
            onChange={(e) => setCode(e.target.value)}
          />
        </label>
      )}
      {edit.kind !== 'move' && (
        <label className="field">
          <span className="field__label">{t('admin.unit.name')}</span>
          <input
            data-testid="unit-name"
            value={name}
            maxLength={100}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
      )}
      {edit.kind === 'create' && (
        <label className="field">
          <span className="field__label">{t('admin.unit.level')}</span>
          <select data-testid="unit-level" value={level} onChange={(e) => setLevel(e.target.value)}>
            {[...levels].reverse().map((l) => (
              <option key={l} value={l}>
                {levelLabel(l)}
              </option>
            ))}
          </select>
        </label>
      )}
      {edit.kind !== 'rename' && (
        <label className="field">
          <span className="field__label">{t('admin.unit.parent')}</span>
          <select data-testid="unit-parent" value={parent} onChange={(e) => setParent(e.target.value)}>
            {edit.kind === 'create' && <option value="">{t('admin.unit.noParent')}</option>}
            {units
              .filter((u) => !u.disabled && u.code !== editing?.code)
              .map((u) => (
                <option key={u.code} value={u.code}>
                  {u.name}（{levelLabel(u.level)}）
                </option>
              ))}
          </select>
        </label>
      )}
      {error && (
        <div className="banner banner--error" role="alert">
          {error}
        </div>
      )}
    </Dialog>
  );
}
