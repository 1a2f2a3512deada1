// A Leaflet map of grid boundaries and case points. Tiles come from MAP_TILE_URL (GET /api/ui-config);
// without one the boundaries and points are drawn on a blank base (offline installs, tests). Points are
// circle markers (no icon images), coloured by state: overdue red, open blue, closed grey.
import 'leaflet/dist/leaflet.css';
import L from 'leaflet';
import { useEffect, useRef } from 'react';
import { intakeApi, type Boundaries, type MapPoint } from './intakeApi';

export interface GridMapProps {
  boundaries?: Boundaries;
  points?: MapPoint[];
  /** a chosen location, drawn as a ring */
  marker?: { lat: number; lng: number } | null;
  onPick?: (lat: number, lng: number) => void;
  onOpen?: (p: MapPoint) => void;
  height?: number | string;
  testId?: string;
}

const LEVEL_STYLE: Record<string, L.PathOptions> = {
  grid: { color: '#2f6fdf', weight: 1, fillOpacity: 0.04 },
  community: { color: '#7a4fc7', weight: 2, fill: false },
  street: { color: '#333', weight: 3, fill: false },
};

export const pointColour = (p: Pick<MapPoint, 'status' | 'overdue'>) =>
  p.overdue ? '#d93025' : p.status === 'active' ? '#1a73e8' : '#8a8a8a';

export function GridMap({ boundaries, points, marker, onPick, onOpen, height = 360, testId }: GridMapProps) {
  const el = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const layers = useRef<L.LayerGroup | null>(null);
  /** the boundaries last fitted to: the view moves when they change, not on every click */
  const fitted = useRef<unknown>(undefined);
  const pick = useRef(onPick);
  pick.current = onPick;
  const open = useRef(onOpen);
  open.current = onOpen;

  useEffect(() => {
    if (!el.current) return;
    const m = L.map(el.current, { center: [27.73, 111.99], zoom: 14, attributionControl: true });
    map.current = m;
    layers.current = L.layerGroup().addTo(m);
    m.on('click', (e: L.LeafletMouseEvent) => pick.current?.(e.latlng.lat, e.latlng.lng));
    void intakeApi.uiConfig().then(
      (cfg) => {
        if (cfg.mapTileUrl && map.current === m)
          L.tileLayer(cfg.mapTileUrl, { attribution: cfg.mapAttribution ?? '', maxZoom: 19 }).addTo(m);
      },
      () => undefined,
    );
    return () => {
      m.remove();
      map.current = null;
    };
  }, []);

  useEffect(() => {
    const m = map.current;
    const g = layers.current;
    if (!m || !g) return;
    g.clearLayers();
    const order = ['street', 'community', 'grid'];
    const features = [...(boundaries?.features ?? [])].filter((f) => order.includes(f.properties.level));
    features.sort((a, b) => order.indexOf(a.properties.level) - order.indexOf(b.properties.level));
    let bounds: L.LatLngBounds | null = null;
    for (const f of features) {
      const layer = L.geoJSON(f as GeoJSON.Feature, {
        // the class names a unit's outline (tests click a grid by it)
        style: { ...LEVEL_STYLE[f.properties.level], className: `map-area map-area--${f.properties.code}` },
      });
      if (f.properties.level === 'grid') layer.bindTooltip(f.properties.name, { sticky: true });
      // a click on a grid is a click on the map (the intake form picks a point in it)
      layer.on('click', (e: L.LeafletMouseEvent) => pick.current?.(e.latlng.lat, e.latlng.lng));
      layer.addTo(g);
      bounds = bounds ? bounds.extend(layer.getBounds()) : layer.getBounds();
    }
    for (const p of points ?? []) {
      const c = L.circleMarker([p.lat, p.lng], {
        radius: 7,
        color: '#fff',
        weight: 2,
        fillColor: pointColour(p),
        fillOpacity: 0.95,
        className: `map-point map-point--${p.overdue ? 'overdue' : p.status}`,
      });
      c.bindTooltip(`${p.caseNo ?? ''} ${p.title ?? ''}`.trim());
      c.on('click', (e: L.LeafletMouseEvent) => {
        L.DomEvent.stopPropagation(e);
        open.current?.(p);
      });
      c.addTo(g);
    }
    if (marker) L.circleMarker([marker.lat, marker.lng], { radius: 9, color: '#e8710a', weight: 3 }).addTo(g);
    if (fitted.current === boundaries) return;
    fitted.current = boundaries;
    if (bounds?.isValid()) m.fitBounds(bounds, { padding: [8, 8], animate: false });
  }, [boundaries, points, marker]);

  return <div ref={el} className="grid-map" style={{ height }} data-testid={testId ?? 'grid-map'} />;
}
