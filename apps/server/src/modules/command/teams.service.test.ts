/** The team rules that need no database. */
import { TEAM_CATEGORIES, TEAM_KINDS } from '@civdef/domain';
import { describe, expect, it } from 'vitest';
import { kindAllowed } from './teams.service.ts';

describe('kindAllowed', () => {
  it('gives every kind exactly one category', () => {
    for (const k of TEAM_KINDS) expect(TEAM_CATEGORIES.filter((c) => kindAllowed(c.code, k.code)), k.code).toHaveLength(1);
  });
  it('keeps volunteers and rescue teams apart from 专业队', () => {
    expect(kindAllowed('professional', 'medical')).toBe(true);
    expect(kindAllowed('professional', 'volunteer')).toBe(false);
    expect(kindAllowed('volunteer', 'volunteer')).toBe(true);
    expect(kindAllowed('rescue', 'repair')).toBe(false);
  });
});
