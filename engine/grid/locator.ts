// Location → grid: which grid unit's boundary (GeoJSON on the unit doc) contains a point. An R-tree
// (rbush) of the units' bounding boxes narrows thousands of grids down to the few whose box holds the
// point; @turf/boolean-point-in-polygon decides on those. Built from the org cache (engine/grid/org.ts) and
// rebuilt whenever that reloads, so an edited boundary is seen after the cache's invalidation.
//
// Border rule: a point on a border shared by two grids lies in both polygons (turf counts the boundary as
// inside); the grid with the smallest unit code wins, so the answer never depends on load order.
import bbox from '@turf/bbox';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { MultiPolygon, Polygon } from 'geojson';
import RBush from 'rbush';

export type Boundary = Polygon | MultiPolygon;

export interface Located {
  code: string;
  level: string;
}

interface Entry {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  code: string;
  level: string;
  boundary: Boundary;
}

/** A usable boundary: a GeoJSON Polygon or MultiPolygon with closed rings of [lng, lat] numbers. */
export function isBoundary(v: unknown): v is Boundary {
  if (!v || typeof v !== 'object') return false;
  const g = v as { type?: unknown; coordinates?: unknown };
  const ring = (r: unknown) =>
    Array.isArray(r) &&
    r.length >= 4 &&
    r.every(
      (p) =>
        Array.isArray(p) &&
        p.length >= 2 &&
        typeof p[0] === 'number' &&
        typeof p[1] === 'number' &&
        Number.isFinite(p[0]) &&
        Number.isFinite(p[1]) &&
        Math.abs(p[0]) <= 180 &&
        Math.abs(p[1]) <= 90,
    ) &&
    r[0][0] === r[r.length - 1][0] &&
    r[0][1] === r[r.length - 1][1];
  const polygon = (c: unknown) => Array.isArray(c) && c.length >= 1 && c.every(ring);
  if (g.type === 'Polygon') return polygon(g.coordinates);
  if (g.type === 'MultiPolygon')
    return Array.isArray(g.coordinates) && g.coordinates.length >= 1 && g.coordinates.every(polygon);
  return false;
}

export class GridLocator {
  private readonly tree = new RBush<Entry>();

  /** `units`: every unit with a boundary (any level); `gridLevel`: the level cases are started at. */
  constructor(
    units: Iterable<{ code: string; level: string; boundary?: unknown }>,
    private readonly gridLevel: string,
  ) {
    const entries: Entry[] = [];
    for (const u of units) {
      if (!isBoundary(u.boundary)) continue;
      const [minX, minY, maxX, maxY] = bbox(u.boundary);
      entries.push({ minX, minY, maxX, maxY, code: u.code, level: u.level, boundary: u.boundary });
    }
    this.tree.load(entries);
  }

  /** Units of any level whose boundary contains the point, smallest code first. */
  containing(lat: number, lng: number): Located[] {
    return this.tree
      .search({ minX: lng, minY: lat, maxX: lng, maxY: lat })
      .filter((e) => booleanPointInPolygon([lng, lat], e.boundary))
      .map((e) => ({ code: e.code, level: e.level }))
      .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  }

  /** The grid containing the point (the smallest code on a shared border), or null. */
  grid(lat: number, lng: number): string | null {
    return this.containing(lat, lng).find((u) => u.level === this.gridLevel)?.code ?? null;
  }
}
