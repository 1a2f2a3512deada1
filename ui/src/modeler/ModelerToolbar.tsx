// Modeler actions: open a definition and version, new, import, download, validate, deploy.
import { useRef } from 'react';
import { useI18n } from '../i18n';
import { formatDateTime } from '../lib/format';
import { toast } from '../lib/toasts';
import type { DefinitionInfo } from '../types';
import { readXmlFile } from './files';
import type { Loaded } from './ModelerPage';

export interface ToolbarProps {
  defs: DefinitionInfo[];
  loaded: Loaded;
  dirty: boolean;
  busy: string | null;
  onOpen: (key: string | undefined, version?: number) => void;
  onNew: () => void;
  onImport: (xml: string) => void;
  onDownload: () => void;
  onValidate: () => void;
  onDeploy: () => void;
  /** retire (true) or reactivate the open process, or the given version of it */
  onRetire: (retired: boolean, version?: number) => void;
}

export function ModelerToolbar(p: ToolbarProps) {
  const { t } = useI18n();
  const file = useRef<HTMLInputElement>(null);
  const { loaded } = p;
  const unchanged = !!loaded.key && !p.dirty;
  const versionRetired = !!loaded.versions.find((v) => v.version === loaded.version)?.retired;
  return (
    <div className="toolbar modeler__toolbar">
      <select
        aria-label={t('modeler.process')}
        data-testid="definition-select"
        value={loaded.key ?? ''}
        onChange={(e) => p.onOpen(e.target.value || undefined)}
      >
        <option value="">{t('modeler.pickProcess')}</option>
        {p.defs.map((d) => (
          <option key={d.key} value={d.key}>
            {d.name ?? d.key} ({d.key}){d.retired ? ` · ${t('modeler.retired')}` : ''}
          </option>
        ))}
      </select>
      <select
        aria-label={t('modeler.version')}
        data-testid="version-select"
        value={loaded.version ?? ''}
        disabled={!loaded.key}
        onChange={(e) => p.onOpen(loaded.key, Number(e.target.value))}
      >
        {!loaded.key && <option value="">—</option>}
        {[...loaded.versions].reverse().map((v) => (
          <option key={v.version} value={v.version}>
            {t('modeler.versionN', { n: v.version })}
            {v.deployedAt ? ` · ${formatDateTime(v.deployedAt)}` : ''}
            {v.retired ? ` · ${t('modeler.retired')}` : ''}
          </option>
        ))}
      </select>
      <span className="modeler__status" data-testid="modeler-status">
        {loaded.key
          ? t('modeler.current', { key: loaded.key, version: loaded.version ?? '?' })
          : t('modeler.unsaved')}
        {p.dirty && <span className="tag tag--warned">{t('modeler.modified')}</span>}
        {(loaded.retired || versionRetired) && (
          <span className="tag tag--cancelled" data-testid="retired-tag">
            {t('modeler.retired')}
          </span>
        )}
      </span>
      {loaded.key && (
        <>
          <button
            className="btn btn--small"
            data-testid="retire-process"
            onClick={() => p.onRetire(!loaded.retired)}
          >
            {loaded.retired ? t('modeler.reactivate') : t('modeler.retire')}
          </button>
          {loaded.version && !loaded.retired && (
            <button
              className="btn btn--small"
              data-testid="retire-version"
              onClick={() => p.onRetire(!versionRetired, loaded.version)}
            >
              {versionRetired ? t('modeler.reactivateVersion') : t('modeler.retireVersion')}
            </button>
          )}
        </>
      )}
      <span className="toolbar__spacer" />
      <button className="btn" onClick={p.onNew} data-testid="modeler-new">
        {t('modeler.new')}
      </button>
      <button className="btn" onClick={() => file.current?.click()}>
        {t('modeler.import')}
      </button>
      <input
        ref={file}
        type="file"
        accept=".bpmn,.xml,application/xml,text/xml"
        hidden
        onChange={async (e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (!f) return;
          try {
            p.onImport(await readXmlFile(f));
          } catch (err) {
            toast('error', t('modeler.importFailed', { msg: (err as Error).message }));
          }
        }}
      />
      <button className="btn" onClick={p.onDownload}>
        {t('modeler.download')}
      </button>
      <button className="btn" onClick={p.onValidate} disabled={!!p.busy}>
        {p.busy === 'validate' ? t('modeler.validating') : t('modeler.validate')}
      </button>
      <button
        className="btn btn--primary"
        onClick={p.onDeploy}
        // a deployed version opened and not changed since would only be deployed again
        disabled={!!p.busy || unchanged}
        title={unchanged ? t('modeler.noChanges') : undefined}
        data-testid="deploy"
      >
        {p.busy === 'deploy' ? t('modeler.deploying') : t('modeler.deploy')}
      </button>
    </div>
  );
}
