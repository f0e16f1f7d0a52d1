/** Draws locations where people are: a population cell by weight, then a uniform point inside that cell. */
import type { MultiPolygon, Polygon } from 'geojson';
import { boundariesShared } from './boundaries.ts';
import { METRES_PER_DEGREE_LAT, METRES_PER_DEGREE_LNG, pointInGeometry, roundPoint, type LngLat } from './geo.ts';
import type { PopulationGrid } from './population.ts';
import { WeightedTable, type Rng } from './prng.ts';

export interface Placement {
  regionCode: string;
  countyCode: string;
  location: LngLat;
}

export class Placer {
  private readonly table: WeightedTable;
  private readonly geometries: Map<string, Polygon | MultiPolygon>;

  /** `exponent` > 1 concentrates draws in dense cells (works, sirens); 1 follows people exactly. */
  constructor(
    private readonly grid: PopulationGrid,
    exponent: number,
    filter: (countyCode: string) => boolean = () => true,
  ) {
    this.table = new WeightedTable(grid.cells.map((c) => (filter(c.countyCode) ? Math.pow(c.people, exponent) : 0)));
    this.geometries = new Map(boundariesShared().features.map((f) => [f.properties.code, f.geometry]));
  }

  place(rng: Rng): Placement {
    const cell = this.grid.cells[this.table.draw(rng)];
    if (!cell) throw new Error('empty population grid');
    return this.inCell(rng, cell.lng, cell.lat, cell.code, cell.countyCode);
  }

  inCell(rng: Rng, lng: number, lat: number, regionCode: string, countyCode: string): Placement {
    const geometry = this.geometries.get(countyCode);
    const half = this.grid.cellSizeM / 2;
    for (let i = 0; i < 8; i++) {
      const p = roundPoint([lng + rng.range(-half, half) / METRES_PER_DEGREE_LNG, lat + rng.range(-half, half) / METRES_PER_DEGREE_LAT]);
      if (geometry && pointInGeometry(p, geometry)) return { regionCode, countyCode, location: p };
    }
    return { regionCode, countyCode, location: roundPoint([lng, lat]) };
  }

  contains(countyCode: string, p: readonly number[]): boolean {
    const geometry = this.geometries.get(countyCode);
    return geometry ? pointInGeometry(p, geometry) : false;
  }
}
