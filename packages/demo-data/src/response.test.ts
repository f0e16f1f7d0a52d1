import { planDiff, targetReadiness } from '@civdef/domain';
import { describe, expect, it } from 'vitest';
import { boundariesShared } from './boundaries.ts';
import { pointInGeometry } from './geo.ts';
import { EVACUATION_DEMO_COUNTY, generateResponseDemo } from './response.ts';

describe('response demo data', () => {
  const demo = generateResponseDemo('2026-12-05');
  it('labels every record synthetic (示例) and is the same on every call', () => {
    for (const x of [...demo.plans, ...demo.drills]) expect(x.title).toContain('示例');
    for (const x of [...demo.places, ...demo.routes, ...demo.targets]) expect(x.name).toContain('示例');
    expect(generateResponseDemo('2026-12-05')).toEqual(demo);
  });
  it('lays out one district: an assembly point and a plan per urban street, bases with room for its evacuees', () => {
    const assembly = demo.places.filter((p) => p.kind === 'assembly');
    expect(assembly.length).toBeGreaterThan(10);
    expect(assembly.every((p) => p.regionCode.startsWith(EVACUATION_DEMO_COUNTY))).toBe(true);
    expect(demo.areaPlans.map((a) => a.regionCode).sort()).toEqual(assembly.map((p) => p.regionCode).sort());
    const codes = new Set(demo.places.map((p) => p.code));
    expect(demo.areaPlans.every((a) => codes.has(a.destinationCode)) && demo.routes.every((r) => codes.has(r.toPlaceCode))).toBe(true);
  });
  it('has a plan revision waiting for approval that differs from the approved one, and an oil reserve target that lacks something', () => {
    const city = demo.plans.find((p) => p.key === 'city')!;
    expect(planDiff(city.content, city.submitted!.content).changes).toBe(2);
    const oil = demo.targets.find((t) => t.category === 'energy')!;
    const r = targetReadiness({ checklist: oil.checklist, oneLibrary: oil.oneLibrary, approvedPlan: true, repairTeamAssigned: true, lastDrillOn: null, fundsThisYear: 1 }, '2026-12-05');
    expect(r.shortfalls.map((s) => s.code)).toEqual(['seven_have.supplies', 'recent_drill', 'one_library.centre.building']);
  });
  it('keeps every place, target footprint and route start inside its county, where an edit in the console is checked', () => {
    const outline = (code: string) => boundariesShared().features.find((f) => code.startsWith(f.properties.code))!.geometry;
    const outside = [
      ...demo.places.filter((p) => !pointInGeometry(p.location, outline(p.regionCode))).map((p) => p.code),
      ...demo.targets.filter((t) => !t.footprint.coordinates[0]!.every((v) => pointInGeometry(v, outline(t.regionCode)))).map((t) => t.code),
      ...demo.routes.filter((r) => !pointInGeometry(r.path[0]!, outline(r.regionCode))).map((r) => r.code),
    ];
    expect(outside).toEqual([]);
  });
});
