// The map (/map): grid boundaries of the caller's units and the cases from intake as points coloured by
// state (overdue red, open blue, closed grey); a click opens the case.
import { useEffect, useState } from 'react';
import { GridMap, pointColour } from '../../components/map/GridMap';
import { intakeApi, type Boundaries, type MapPoint } from '../../components/map/intakeApi';
import { useI18n } from '../../i18n';
import { navigate } from '../../lib/router';

export function MapPage() {
  const { t } = useI18n();
  const [boundaries, setBoundaries] = useState<Boundaries>();
  const [points, setPoints] = useState<MapPoint[]>([]);
  const [status, setStatus] = useState('');
  useEffect(() => {
    void intakeApi.boundaries().then(setBoundaries, () => undefined);
  }, []);
  useEffect(() => {
    void intakeApi.mapCases(status ? { status } : {}).then(setPoints, () => undefined);
  }, [status]);
  return (
    <section className="card map-page" data-testid="map-page">
      <div className="map-page__bar">
        <h2>{t('map.title')}</h2>
        <select value={status} onChange={(e) => setStatus(e.target.value)} data-testid="map-status">
          <option value="">{t('map.all')}</option>
          <option value="open">{t('map.open')}</option>
          <option value="closed">{t('map.closed')}</option>
        </select>
        <span className="map-legend">
          {(
            [
              [{ status: 'active', overdue: true }, 'map.overdue'],
              [{ status: 'active', overdue: false }, 'map.open'],
              [{ status: 'completed', overdue: false }, 'map.closed'],
            ] as const
          ).map(([p, label]) => (
            <span key={label}>
              <i style={{ background: pointColour(p) }} /> {t(label)}
            </span>
          ))}
        </span>
        <span className="muted" data-testid="map-count">
          {t('map.count', { n: points.length })}
        </span>
      </div>
      <GridMap
        boundaries={boundaries}
        points={points}
        onOpen={(p) => navigate(`/cases/${p.instanceId}`)}
        height="70vh"
      />
    </section>
  );
}
