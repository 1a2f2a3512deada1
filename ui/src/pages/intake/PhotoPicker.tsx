// The photos of a report (现场照片) picked before it is sent: images only, at most MAX_REPORT_PHOTOS; they
// are uploaded once the report has its receipt (intakeApi.uploadPhotos).
import { MAX_REPORT_PHOTOS } from '../../components/map/intakeApi';
import { useI18n } from '../../i18n';

export function PhotoPicker({ files, onChange }: { files: File[]; onChange: (files: File[]) => void }) {
  const { t } = useI18n();
  return (
    <label>
      {t('intake.photos', { max: MAX_REPORT_PHOTOS })}
      <input
        type="file"
        accept="image/*"
        multiple
        onChange={(e) => onChange([...(e.target.files ?? [])].slice(0, MAX_REPORT_PHOTOS))}
        data-testid="f-photos"
      />
      {files.length > 0 && <span className="muted">{t('intake.photosPicked', { n: files.length })}</span>}
    </label>
  );
}
