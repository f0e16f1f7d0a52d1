import { describe, expect, it } from 'vitest';
import { expandRoster } from './command.ts';
import { generateDemoDataset } from './dataset.ts';

const data = generateDemoDataset({ seed: 7, works: 60, sirens: 10 });

describe('the demo command structure', () => {
  it('has a city command, one per county and two key streets, each with a commander and a duty rotation', () => {
    const levels = data.command.hqs.map((h) => h.level);
    expect(levels.filter((l) => l === 'city')).toHaveLength(1);
    expect(levels.filter((l) => l === 'county')).toHaveLength(7);
    expect(levels.filter((l) => l === 'town')).toHaveLength(2);
    const codes = new Set(data.regions.map((r) => r.code));
    for (const h of data.command.hqs) {
      expect(h.regionCode === '320600' || codes.has(h.regionCode), h.regionCode).toBe(true);
      expect(h.persons.filter((p) => p.role === 'commander')).toHaveLength(1);
      expect(h.dutyRotation.every((n) => h.persons.some((p) => p.name === n && p.role === 'duty'))).toBe(true);
    }
  });

  it('links posts to generated 指挥工程 only', () => {
    const command = new Set(data.works.filter((w) => w.workClass === 'command').map((w) => w.code));
    const posts = data.command.hqs.flatMap((h) => h.posts);
    expect(posts.length).toBeGreaterThanOrEqual(2);
    for (const p of posts) expect(command.has(p.workCode), p.workCode).toBe(true);
  });

  it('has 11 professional teams, 2 volunteer teams and 1 rescue team in known towns, with members and equipment', () => {
    const by = (c: string) => data.command.teams.filter((t) => t.category === c).length;
    expect([by('professional'), by('volunteer'), by('rescue')]).toEqual([11, 2, 1]);
    const towns = new Set(data.regions.filter((r) => r.level === 'town').map((r) => r.code));
    for (const t of data.command.teams) {
      expect(towns.has(t.regionCode), t.regionCode).toBe(true);
      expect(t.members.length).toBeGreaterThan(0);
      expect(t.equipment.length).toBeGreaterThan(0);
    }
    expect(data.command.vehicles).toHaveLength(1);
  });

  it('is deterministic', () => {
    expect(generateDemoDataset({ seed: 7, works: 60, sirens: 10 }).command).toEqual(data.command);
  });
});

describe('expandRoster', () => {
  it('gives each day a day and a night officer, the same officer for the same date whenever it is expanded', () => {
    const a = expandRoster(['甲', '乙', '丙'], '2026-09-18', 3);
    expect(a).toHaveLength(6);
    expect(a.map((d) => d.shift)).toEqual(['day', 'night', 'day', 'night', 'day', 'night']);
    const b = expandRoster(['甲', '乙', '丙'], '2026-09-19', 2);
    expect(b).toEqual(a.slice(2));
    expect(new Set(a.slice(0, 3).map((d) => d.person)).size).toBe(3);
  });
});
