/**
 * What the console is told before sign-in: the only place that picks configuration fields for an anonymous
 * caller, by name (a basemap's attribution only when set, the password policy's length and classes only).
 */
import type { PublicConfigFacts } from './system.service.ts';

export function presentPublicConfig(f: PublicConfigFacts) {
  return {
    version: f.version,
    demo: f.demo,
    city: { code: f.city.code, name: f.city.name, center: f.extent.center, bbox: f.extent.bbox },
    basemap: f.basemap
      ? { type: f.basemap.type, url: f.basemap.url, ...(f.basemap.attribution ? { attribution: f.basemap.attribution } : {}) }
      : null,
    passwordPolicy: { minLength: f.password.minLength, classes: f.password.classes },
  };
}
