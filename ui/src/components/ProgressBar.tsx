// Thin bar at the top of the page while any request is in flight.
import { inFlight } from '../api';
import { useStore } from '../lib/store';

export function ProgressBar() {
  const n = useStore(inFlight);
  return (
    <div
      className={`progress ${n > 0 ? 'progress--on' : ''}`}
      role="progressbar"
      aria-busy={n > 0}
      data-inflight={n}
    >
      <div className="progress__bar" />
    </div>
  );
}
