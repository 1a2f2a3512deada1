// A case as people name it: its number (案件编号) in a chip and its title, optionally its grid.
// Cases opened before numbers existed show their id in the chip instead.
import { useI18n } from '../i18n';

export function CaseLabel({
  caseNo,
  title,
  id,
  grid,
}: {
  caseNo?: string;
  title?: string;
  id?: string;
  grid?: string;
}) {
  const { t } = useI18n();
  return (
    <span className="case-label" data-testid="case-label">
      <span
        className={`case-no ${caseNo ? '' : 'case-no--id'}`}
        title={caseNo ? t('case.number') : t('case.noNumber')}
      >
        {caseNo ?? id}
      </span>
      {title && <span className="case-title">{title}</span>}
      {grid && <span className="case-grid">{grid}</span>}
    </span>
  );
}
