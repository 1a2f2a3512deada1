// "Use my location" for an address field: asks the browser for the phone's position (the browser asks the
// user's consent) and writes it into the field as text the user can still edit; typing the address stays
// the fallback when there is no GPS, no consent or no answer.
import { useState } from 'react';
import { useI18n } from '../i18n';

/** `27.73123, 111.99432` style text with the accuracy, appended to what was typed (kept). */
export function locationText(
  current: string,
  lat: number,
  lon: number,
  accuracy: number,
  label: string,
): string {
  const pos = `${label} ${lat.toFixed(5)}, ${lon.toFixed(5)} (±${Math.round(accuracy)} m)`;
  const kept = current.replace(/\s*[（(]?GPS [^)）]*[)）]?\s*$/u, '').trim();
  return kept ? `${kept}（${pos}）` : pos;
}

export function LocationButton({
  current,
  onLocated,
}: {
  current: string;
  onLocated: (text: string) => void;
}) {
  const { t } = useI18n();
  const [state, setState] = useState<'idle' | 'busy' | 'denied' | 'unavailable'>('idle');
  if (typeof navigator === 'undefined' || !('geolocation' in navigator)) return null;
  const locate = () => {
    setState('busy');
    navigator.geolocation.getCurrentPosition(
      (p) => {
        setState('idle');
        onLocated(locationText(current, p.coords.latitude, p.coords.longitude, p.coords.accuracy, 'GPS'));
      },
      (e) => setState(e.code === e.PERMISSION_DENIED ? 'denied' : 'unavailable'),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  };
  return (
    <div className="locate">
      <button
        type="button"
        className="btn btn--small locate__btn"
        data-testid="use-location"
        disabled={state === 'busy'}
        onClick={locate}
      >
        <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden>
          <path
            fill="currentColor"
            d="M12 2a7 7 0 0 0-7 7c0 5.25 7 13 7 13s7-7.75 7-13a7 7 0 0 0-7-7Zm0 9.5A2.5 2.5 0 1 1 12 6.5a2.5 2.5 0 0 1 0 5Z"
          />
        </svg>{' '}
        {state === 'busy' ? t('form.locating') : t('form.useLocation')}
      </button>
      {state === 'denied' && <span className="field__hint">{t('form.locationDenied')}</span>}
      {state === 'unavailable' && <span className="field__hint">{t('form.locationUnavailable')}</span>}
    </div>
  );
}
