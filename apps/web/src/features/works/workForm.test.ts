import { describe, expect, it } from 'vitest';
import type { WorkDetail } from './types.ts';
import { blankValues, fieldPathOf, ruleViolationAt, serverFieldErrors, toFormValues, toPatch, type FormValues } from './workForm.ts';

const work: WorkDetail = {
  id: 7, code: 'RF-1', name: '甲', address: '路1号', regionCode: '320612', regionName: '通州区', location: [120.9, 32.1],
  constructionForm: 'attached', workClass: 'personnel', subtype: 'class2', protectionGrade: 'N6', chemicalGrade: 'C', yearBuilt: 2010,
  early: false, isPublic: false, lifecycleState: 'in_use', signStatus: 'unknown', unitCount: 1, grossAreaM2: 100, protectedAreaM2: 90,
  shelterAreaM2: 80, shelterPlaces: 80, parkingSpaces: 5, overdue: false, version: 3, updatedAt: '', footprint: null, parentProject: null,
  owner: null, managementUnit: null, contactName: null, contactPhone: null, peacetimeUse: { parking: { total: 5, publicSpaces: 2, feePerHourYuan: 3 } },
  signCheckedAt: null, signNote: null, createdAt: '',
  units: [{ id: 1, position: 1, name: 'U1', grossAreaM2: 100, protectedAreaM2: 90, shelterAreaM2: 80, shelterPlaces: 80, wartimeFunction: null,
    protectionGrade: 'N6', chemicalGrade: 'C', blastUnits: 1, peacetimeFunction: null, parkingSpaces: 5 }],
  entrances: [{ id: 1, location: [120.9001, 32.1001], kind: 'main', widthM: 2 }],
  upkeep: { overduePlans: 0, nextDueOn: null, openRectifications: 0, overdueRectifications: 0, lastInspectedAt: null },
  allowedTransitions: [],
};

describe('work form ↔ API', () => {
  it('sends nothing when nothing changed', () => {
    expect(toPatch(work, toFormValues(work))).toBeNull();
  });

  it('sends only the changed fields with the version read', () => {
    const v = { ...toFormValues(work), name: ' 乙 ', lng: 120.91234567891 };
    expect(toPatch(work, v)).toEqual({ version: 3, name: '乙', location: [120.9123457, 32.1] });
  });

  it('replaces the unit list when a unit changes', () => {
    const v = toFormValues(work);
    v.units[0]!.shelterAreaM2 = 70;
    const patch = toPatch(work, v)!;
    expect(Object.keys(patch).sort()).toEqual(['units', 'version']);
    expect(patch.units![0]!.shelterAreaM2).toBe(70);
  });
});

describe('server errors on form fields', () => {
  it('places schema errors on their fields', () => {
    const r = serverFieldErrors({ code: 'VALIDATION_FAILED', message: '输入有误：body.units.0.grossAreaM2: 不能小于 0; body.location.1: 不能大于 54' });
    expect(r.fields).toEqual([
      { name: ['units', 0, 'grossAreaM2'], errors: ['不能小于 0'] },
      { name: ['lat'], errors: ['不能大于 54'] },
    ]);
    expect(r.rest).toBeNull();
  });

  it('prefers the structured details of a schema error', () => {
    const r = serverFieldErrors({
      code: 'VALIDATION_FAILED',
      message: 'Invalid input: body.name: must be at least 1 characters',
      details: [{ field: 'body.name', rule: 'minLength', message: 'must be at least 1 characters' }, { field: 'querystring.x', rule: 'type', message: 'must be integer' }],
    });
    expect(r.fields).toEqual([{ name: ['name'], errors: ['must be at least 1 characters'] }]);
    expect(r.rest).toBe('querystring.x: must be integer');
  });

  it('places a cross-field rule on the unit and a taken code on the code', () => {
    expect(fieldPathOf('body.units[1]')).toEqual(['units', 1, 'shelterAreaM2']);
    expect(fieldPathOf('body.units[1].protectedAreaM2')).toEqual(['units', 1, 'protectedAreaM2']);
    expect(fieldPathOf('body.parentProject')).toEqual(['parentProject']);
    expect(fieldPathOf('body.peacetimeUse.parking.publicSpaces')).toEqual(['parkingPublic']);
    expect(fieldPathOf('body.peacetimeUse.other[0].contractEnd')).toEqual(['otherUses', 0, 'contractEnd']);
    expect(serverFieldErrors({ code: 'WORKS_CODE_TAKEN', message: '工程编号 X 已存在' }).fields[0]!.name).toEqual(['code']);
  });

  it('leaves other refusals for a banner', () => {
    expect(serverFieldErrors({ code: 'AUTH_FORBIDDEN', message: 'no' })).toEqual({ fields: [], rest: 'no' });
  });
});

describe('the work rules on the form (the domain package, as on the server)', () => {
  const filled = (over: Partial<FormValues>): FormValues => ({ ...toFormValues(work), ...over });

  it('places each breach on the field the server would name', () => {
    const unit = { ...toFormValues(work).units[0]!, grossAreaM2: 100, protectedAreaM2: 120, shelterAreaM2: 130 };
    const v = filled({ units: [unit], parkingTotal: 5, parkingPublic: 6, constructionForm: 'attached', parentProject: ' ',
      otherUses: [{ use: '仓储', party: '某公司', contractStart: '2025-03-01', contractEnd: '2025-02-28' }] });
    expect(ruleViolationAt(v, ['units', 0, 'protectedAreaM2'])?.code).toBe('WORKS_UNIT_PROTECTED_AREA_EXCEEDS_GROSS');
    expect(ruleViolationAt(v, ['units', 0, 'shelterAreaM2'])?.code).toBe('WORKS_UNIT_SHELTER_AREA_EXCEEDS_PROTECTED');
    expect(ruleViolationAt(v, ['parkingPublic'])?.code).toBe('WORKS_PARKING_PUBLIC_EXCEEDS_TOTAL');
    expect(ruleViolationAt(v, ['parentProject'])?.zh).toContain('必须填写所属建设项目');
    expect(ruleViolationAt(v, ['otherUses', 0, 'contractEnd'])?.en).toContain('must not be before its start');
    expect(ruleViolationAt(v, ['name'])).toBeUndefined();
  });

  it('says nothing while one side of a rule is still empty', () => {
    const v = { ...blankValues(), parkingPublic: 3, parkingTotal: null };
    v.units[0]!.protectedAreaM2 = 50;
    expect(ruleViolationAt(v, ['parkingPublic'])).toBeUndefined();
    expect(ruleViolationAt(v, ['units', 0, 'protectedAreaM2'])).toBeUndefined();
  });

  it("places a refused rule's details from the server on its field", () => {
    const r = serverFieldErrors({
      code: 'WORKS_PARKING_PUBLIC_EXCEEDS_TOTAL',
      message: 'body.peacetimeUse.parking.publicSpaces: public parking spaces (11) must not exceed the total parking spaces (10)',
      details: [{ field: 'body.peacetimeUse.parking.publicSpaces', rule: 'WORKS_PARKING_PUBLIC_EXCEEDS_TOTAL', message: 'public parking spaces (11) must not exceed the total parking spaces (10)' }],
    });
    expect(r).toEqual({ fields: [{ name: ['parkingPublic'], errors: ['public parking spaces (11) must not exceed the total parking spaces (10)'] }], rest: null });
  });
});
