import { describe, expect, it } from 'vitest';
import { presentPublicConfig } from './system.presenter.ts';
import type { PublicConfigFacts } from './system.service.ts';

const facts = (over: Partial<PublicConfigFacts> = {}): PublicConfigFacts => ({
  version: '1.2.3',
  demo: true,
  city: { code: '320600', name: '南通市' },
  extent: { center: [120.9, 32.0], bbox: [120.2, 31.6, 122.0, 32.8] },
  basemap: null,
  password: { minLength: 12, classes: 3 },
  ...over,
});

describe('public configuration presenter', () => {
  it('tells an anonymous console the city, its extent and the password rule, nothing more', () => {
    const withSecrets = facts({ password: { minLength: 12, classes: 3, pepper: 'x' } as PublicConfigFacts['password'] });
    expect(presentPublicConfig(withSecrets)).toEqual({
      version: '1.2.3', demo: true, city: { code: '320600', name: '南通市', center: [120.9, 32.0], bbox: [120.2, 31.6, 122.0, 32.8] },
      basemap: null, passwordPolicy: { minLength: 12, classes: 3 },
    });
  });

  it('names a basemap attribution only when one is configured', () => {
    const url = 'https://tiles.example/{z}/{x}/{y}.png';
    expect(presentPublicConfig(facts({ basemap: { type: 'xyz', url, attribution: null } })).basemap).toEqual({ type: 'xyz', url });
    expect(presentPublicConfig(facts({ basemap: { type: 'xyz', url, attribution: '© 测绘' } })).basemap).toEqual({ type: 'xyz', url, attribution: '© 测绘' });
  });
});
