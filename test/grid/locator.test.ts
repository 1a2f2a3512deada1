// GridLocator (engine/grid/locator.ts) on its own: a city-sized lattice of 10,000 grids (100 × 100 cells
// of 0.002°), holes, a MultiPolygon, the border rule, malformed boundaries ignored, and its speed.
import { expect } from 'chai';
import { GridLocator, isBoundary } from '../../engine/grid/locator.js';

/** coordinates as a boundary file holds them: decimal degrees of 6 places (so shared borders are exact) */
const r6 = (v: number) => Math.round(v * 1e6) / 1e6;
const square = (w: number, s: number, size: number) => sq(r6(w), r6(s), r6(w + size), r6(s + size));
const sq = (w: number, s: number, e: number, n: number) => ({
  type: 'Polygon' as const,
  coordinates: [
    [
      [w, s],
      [e, s],
      [e, n],
      [w, n],
      [w, s],
    ],
  ],
});

describe('GridLocator', () => {
  const N = 100;
  const SIZE = 0.002;
  const code = (i: number, j: number) => `g${String(i).padStart(3, '0')}${String(j).padStart(3, '0')}`;
  const units = [{ code: 'city', level: 'street', boundary: square(111, 27, N * SIZE) }];
  for (let i = 0; i < N; i++)
    for (let j = 0; j < N; j++)
      units.push({ code: code(i, j), level: 'grid', boundary: square(111 + i * SIZE, 27 + j * SIZE, SIZE) });

  it('finds the grid of 10,000 and keeps a lookup well under a millisecond', () => {
    const t0 = performance.now();
    const loc = new GridLocator(units, 'grid');
    const built = performance.now() - t0;
    expect(loc.grid(27 + 41.5 * SIZE, 111 + 17.5 * SIZE)).to.equal(code(17, 41));
    const t1 = performance.now();
    const n = 20_000;
    let found = 0;
    for (let k = 0; k < n; k++) {
      const lat = 27 + (((k * 7919) % 9973) / 9973) * N * SIZE;
      const lng = 111 + (((k * 104729) % 9967) / 9967) * N * SIZE;
      if (loc.grid(lat, lng)) found++;
    }
    const perLookupUs = ((performance.now() - t1) / n) * 1000;
    console.log(
      `      10,000 grids: index built in ${built.toFixed(0)} ms, ${perLookupUs.toFixed(1)} µs per lookup`,
    );
    expect(found).to.equal(n);
    expect(perLookupUs).to.be.below(1000);
  });

  it('resolves a shared border and corner to the smallest code; a point outside to null', () => {
    const loc = new GridLocator(units, 'grid');
    expect(loc.grid(r6(27 + 5 * SIZE), r6(111 + 3.5 * SIZE))).to.equal(code(3, 4)); // between (3,4) and (3,5)
    expect(loc.grid(r6(27 + 5 * SIZE), r6(111 + 3 * SIZE))).to.equal(code(2, 4)); // corner of four
    expect(loc.grid(26.9, 111.1)).to.equal(null);
    expect(loc.containing(27 + 0.5 * SIZE, 111 + 0.5 * SIZE).map((u) => u.code)).to.deep.equal([
      'city',
      code(0, 0),
    ]);
  });

  it('honours holes and MultiPolygons, and skips malformed boundaries', () => {
    const ring = {
      type: 'Polygon' as const,
      coordinates: [
        square(0, 0, 10).coordinates[0],
        square(4, 4, 2).coordinates[0], // a hole
      ],
    };
    const multi = {
      type: 'MultiPolygon' as const,
      coordinates: [square(20, 0, 1).coordinates, square(30, 0, 1).coordinates],
    };
    const bad = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [1, 1],
        ],
      ],
    };
    expect(isBoundary(bad)).to.equal(false);
    const loc = new GridLocator(
      [
        { code: 'a', level: 'grid', boundary: ring },
        { code: 'b', level: 'grid', boundary: multi },
        { code: 'c', level: 'grid', boundary: bad },
      ],
      'grid',
    );
    expect(loc.grid(1, 1)).to.equal('a');
    expect(loc.grid(5, 5)).to.equal(null);
    expect(loc.grid(0.5, 30.5)).to.equal('b');
    expect(loc.grid(0.5, 25)).to.equal(null);
  });
});
