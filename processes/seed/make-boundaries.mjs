// Writes plausible, non-overlapping demo boundaries (GeoJSON polygons) into org.json: a lattice of cells
// around 27.73°N 111.99°E, 0.006° of longitude by 0.005° of latitude (about 590 m × 555 m) each.
// Every grid is one cell; zones, communities, streets and the district are the rectangles around their
// cells, so each polygon nests in its parent's. Some cells of a community (and of a street) belong to no
// grid, on purpose: a report there is located in the community but waits for an operator.
// Run: node processes/seed/make-boundaries.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { URL } from 'node:url';

const file = new URL('./org.json', import.meta.url);
const seed = JSON.parse(readFileSync(file, 'utf8'));
const DLNG = 0.006;
const DLAT = 0.005;
const LNG0 = 111.966; // west edge: 4 columns west of 111.99
const LAT0 = 27.7175; // south edge: 2.5 rows south of 27.73
const round = (v) => Math.round(v * 1e6) / 1e6;
/** rectangle of columns c0..c1-1 and rows r0..r1-1 (row 0 is the southernmost) */
const rect = (c0, r0, c1, r1) => {
  const [w, e, s, n] = [LNG0 + c0 * DLNG, LNG0 + c1 * DLNG, LAT0 + r0 * DLAT, LAT0 + r1 * DLAT].map(round);
  return { type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] };
};
const cell = (c, r) => rect(c, r, c + 1, r + 1);

const at = {
  310117: rect(0, 0, 8, 5),
  310117001: rect(0, 0, 6, 5),
  310117002: rect(6, 0, 8, 5),
  // 明天社区: zones 东/中/西 are columns 0, 1, 2 (five grids each); its five village grids are column 3
  310117001001: rect(0, 0, 4, 5),
  310117001001901: rect(0, 0, 1, 5),
  310117001001902: rect(1, 0, 2, 5),
  310117001001903: rect(2, 0, 3, 5),
  // 春晖社区 and 莘北村: 2 × 2 cells with three grids (the north-east cell has none); row 4 of columns
  // 4–5 is in 莘亭街道 but in no community
  310117001002: rect(4, 0, 6, 2),
  310117001003: rect(4, 2, 6, 4),
  // 滨河社区 and 望江社区 likewise in 江滨街道
  310117002001: rect(6, 0, 8, 2),
  310117002002: rect(6, 2, 8, 4),
};
for (let i = 1; i <= 15; i++) {
  const code = `310117001001${String(i).padStart(3, '0')}`;
  at[code] = cell(Math.floor((i - 1) / 5), (i - 1) % 5);
}
for (let i = 16; i <= 20; i++) at[`310117001001${String(i).padStart(3, '0')}`] = cell(3, i - 16);
const three = (community, c0, r0) => {
  at[`${community}001`] = cell(c0, r0);
  at[`${community}002`] = cell(c0 + 1, r0);
  at[`${community}003`] = cell(c0, r0 + 1);
};
three('310117001002', 4, 0);
three('310117001003', 4, 2);
three('310117002001', 6, 0);
three('310117002002', 6, 2);

for (const u of seed.units) {
  if (!at[u.code]) throw new Error(`no boundary for ${u.code}`);
  u.boundary = at[u.code];
}
writeFileSync(file, JSON.stringify(seed, null, 2) + '\n');
