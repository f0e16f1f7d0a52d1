/**
 * The demo's list of schools and communities the public quiz counts tests for (synthetic names built from the real
 * town-level units: a 街道's community and primary school, a 镇's central primary school and its seat community, and
 * one experimental middle school per district). An office replaces it with its own list in the console.
 */
import { nantongRegions } from './regions.ts';

export interface DemoQuizOrg {
  regionCode: string;
  kind: 'school' | 'community';
  name: string;
}

const base = (name: string) => name.replace(/(街道|镇|乡)$/, '');
const countyShort = (name: string) => name.replace(/(区|市|县)$/, '');

export function generateQuizOrgDemo(): DemoQuizOrg[] {
  const out: DemoQuizOrg[] = [];
  for (const r of nantongRegions()) {
    if (r.level === 'county') out.push({ regionCode: r.code, kind: 'school', name: `${countyShort(r.name)}实验中学` });
    if (r.level !== 'town' || base(r.name).length < 2) continue;
    if (r.kind === 'street') {
      out.push({ regionCode: r.code, kind: 'school', name: `${base(r.name)}小学` }, { regionCode: r.code, kind: 'community', name: `${base(r.name)}社区` });
    } else if (r.kind === 'town') {
      out.push({ regionCode: r.code, kind: 'school', name: `${r.name}中心小学` }, { regionCode: r.code, kind: 'community', name: `${base(r.name)}社区` });
    }
  }
  return out;
}
