// The case file's reporter and place, for cases from intake: the reporter masked unless the caller is
// intake staff or a supervisor of the case, and a small map of the point in its grid.
import { useEffect, useState } from 'react';
import { GridMap } from '../../components/map/GridMap';
import { intakeApi, type Boundaries } from '../../components/map/intakeApi';
import { useI18n, type MessageKey } from '../../i18n';

type Reporter = Awaited<ReturnType<typeof intakeApi.reporter>>;

export function CaseLocation({ id }: { id: string }) {
  const { t } = useI18n();
  const [info, setInfo] = useState<Reporter | null>(null);
  const [boundaries, setBoundaries] = useState<Boundaries>();
  useEffect(() => {
    void intakeApi.reporter(id).then(setInfo, () => setInfo(null));
    void intakeApi.boundaries().then(setBoundaries, () => undefined);
  }, [id]);
  if (!info?.reporter || !info.location) return null;
  const loc = info.location;
  return (
    <section className="card" data-testid="case-location">
      <h2>{t('intake.caseSource')}</h2>
      <p>
        {t(`intake.channel.${info.channel}` as MessageKey)} · {info.receipt} · {t('intake.reporter')}{' '}
        <span data-testid="case-reporter">
          {info.reporter.name} {info.reporter.phone}
        </span>
        {loc.address ? ` · ${loc.address}` : ''}
      </p>
      <GridMap
        boundaries={
          boundaries && {
            ...boundaries,
            features: boundaries.features.filter((f) => f.properties.code === info.gridUnit),
          }
        }
        points={[
          {
            instanceId: id,
            category: '',
            lat: loc.lat,
            lng: loc.lng,
            gridUnit: '',
            status: info.status ?? 'active',
            overdue: false,
          },
        ]}
        height={220}
        testId="case-map"
      />
    </section>
  );
}
