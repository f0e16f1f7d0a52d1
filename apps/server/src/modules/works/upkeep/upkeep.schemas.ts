/** TypeBox schemas of upkeep: schedules, plans, records, inspections, rectifications, sign status, archives. */
import { DOCUMENT_TYPES, INSPECTION_CHECKLIST, INSPECTION_RESULTS, MAINTENANCE_DISCIPLINES } from '@civdef/domain';
import { Type, type TSchema } from 'typebox';
import { RegionCode } from '../../../lib/schemas.ts';
import { ChinaLngLat, SignStatusEnum } from '../registry/works.schemas.ts';
import { PHOTO_LIMIT_BYTES, PHOTO_TYPES } from './upkeep.files.ts';

const codes = <T extends { code: string }>(items: readonly T[]) => items.map((i) => i.code) as T['code'][];
export const Discipline = Type.Enum(codes(MAINTENANCE_DISCIPLINES), { description: 'civil / protective_equipment / ventilation / water / electrical / information' });
export const DocType = Type.Enum(codes(DOCUMENT_TYPES).filter((c) => c !== 'inspection_photo'));
export const IsoDate = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
const NullableString = Type.Union([Type.String(), Type.Null()]);
export const MAX_BATCH = 50;

export const ScheduleSchema = Type.Object({ code: Type.String(), discipline: Type.String(), name: Type.String(), nameEn: Type.String(), intervalMonths: Type.Integer(), active: Type.Boolean() });
export const PlanSchema = Type.Object({
  id: Type.Integer(), workId: Type.Integer(), workCode: Type.String(), workName: Type.String(), regionCode: Type.String(), scheduleCode: NullableString,
  discipline: Type.String(), title: Type.String(),
  titleEn: Type.String({ description: 'the English name of its schedule (the title itself for a plan of no schedule)' }),
  intervalMonths: Type.Integer(), nextDueOn: Type.String(), lastDoneOn: NullableString,
  active: Type.Boolean(), overdue: Type.Boolean(), daysOverdue: Type.Integer({ description: 'days past its due date (0 when not overdue)' }),
});
export const RecordSchema = Type.Object({
  id: Type.Integer(), workId: Type.Integer(), planId: Type.Union([Type.Integer(), Type.Null()]), discipline: Type.String(), doneOn: Type.String(),
  performedBy: NullableString, description: Type.String(), costYuan: Type.Union([Type.Number(), Type.Null()]), createdAt: Type.String(),
});
export const RectificationSchema = Type.Object({
  id: Type.Integer(), workId: Type.Integer(), workCode: Type.String(), workName: Type.String(), regionCode: Type.String(),
  inspectionId: Type.Union([Type.Integer(), Type.Null()]), category: Type.String(), description: Type.String(), deadline: Type.String(),
  status: Type.String(), overdue: Type.Boolean(), closedAt: NullableString, closedBy: NullableString, closingNote: NullableString, createdAt: Type.String(),
});
export const InspectionSchema = Type.Object({
  id: Type.Integer(), clientId: Type.String(), workId: Type.Integer(), inspectedAt: Type.String(), inspector: NullableString,
  location: Type.Union([Type.Tuple([Type.Number(), Type.Number()]), Type.Null()]), accuracyM: Type.Union([Type.Number(), Type.Null()]),
  distanceM: Type.Union([Type.Number(), Type.Null()], { description: 'GPS position to the work, metres' }),
  checklist: Type.Unknown(), notes: NullableString, photoIds: Type.Array(Type.Integer({ description: 'document ids: GET /api/works/documents/{id}/content' })),
});
export const DocumentSchema = Type.Object({
  id: Type.Integer(), workId: Type.Integer(), inspectionId: Type.Union([Type.Integer(), Type.Null()]), docType: Type.String(), title: NullableString,
  fileName: Type.String(), mediaType: Type.String(), sizeBytes: Type.Integer(), sm3: Type.String(), sha256: Type.String(), uploader: NullableString,
  uploadedAt: Type.String(),
});

export const InspectionInputSchema = Type.Object({
  clientId: Type.String({ format: 'uuid', description: 'generated on the phone; a resubmission with the same id is recognised, never duplicated' }),
  workId: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
  inspectedAt: Type.String({ format: 'date-time' }),
  location: Type.Optional(ChinaLngLat),
  accuracyM: Type.Optional(Type.Number({ minimum: 0, maximum: 100_000 })),
  checklist: Type.Array(Type.Object({
    item: Type.String({ minLength: 1, maxLength: 32, description: `an INSPECTION_CHECKLIST code (${codes(INSPECTION_CHECKLIST).join(', ')}) or a local item` }),
    result: Type.Enum([...INSPECTION_RESULTS]),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  }, { additionalProperties: false }), { maxItems: 50 }),
  findings: Type.Array(Type.Object({
    category: Type.String({ minLength: 1, maxLength: 32 }),
    description: Type.String({ minLength: 1, maxLength: 1000 }),
    deadline: Type.Optional(IsoDate),
  }, { additionalProperties: false }), { maxItems: 50, default: [], description: 'each finding becomes a rectification task (default deadline +30 days)' }),
  notes: Type.Optional(Type.String({ maxLength: 2000 })),
  signStatus: Type.Optional(SignStatusEnum),
  photos: Type.Array(Type.Object({
    fileName: Type.String({ minLength: 1, maxLength: 128 }),
    mediaType: Type.Enum([...PHOTO_TYPES]),
    dataBase64: Type.String({ maxLength: Math.ceil((PHOTO_LIMIT_BYTES * 4) / 3) + 4, description: 'the photo, base64' }),
  }, { additionalProperties: false }), { maxItems: 10, default: [] }),
}, { additionalProperties: false });


export const ScheduleCodeParams = Type.Object({ code: Type.String({ pattern: '^[a-z0-9_]{1,64}$' }) });
export const SchedulePatchSchema = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  nameEn: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  intervalMonths: Type.Optional(Type.Integer({ minimum: 1, maximum: 120 })),
  active: Type.Optional(Type.Boolean()),
}, { additionalProperties: false, minProperties: 1 });

const DueFilter = {
  withinDays: Type.Integer({ minimum: 0, maximum: 366, default: 30 }),
  regionCode: Type.Optional(RegionCode),
  discipline: Type.Optional(Discipline),
};
export const DueQuery = Type.Object({
  ...DueFilter,
  limit: Type.Integer({ minimum: 1, maximum: 1000, default: 200 }),
  offset: Type.Integer({ minimum: 0, maximum: 10_000_000, default: 0 }),
}, { additionalProperties: false });
export const DueExportQuery = Type.Object(DueFilter, { additionalProperties: false });
export type DueFilterT = { withinDays: number; regionCode?: string; discipline?: string };
/** At most this many plans in one export (a whole city's due list is far smaller). */
export const DUE_EXPORT_MAX = 50_000;

export const ScheduleCreateSchema = Type.Object({
  code: Type.String({ pattern: '^[a-z][a-z0-9_]{0,63}$', description: 'lower-case letters, digits and _; starts with a letter' }),
  discipline: Discipline,
  name: Type.String({ minLength: 1, maxLength: 64 }),
  nameEn: Type.String({ minLength: 1, maxLength: 64 }),
  intervalMonths: Type.Integer({ minimum: 1, maximum: 120 }),
}, { additionalProperties: false });
export const ScheduleCreatedSchema = Type.Object({ schedule: ScheduleSchema, plansCreated: Type.Integer({ description: 'plans created for the works that need upkeep' }) });
export const DuePageSchema = Type.Object({
  items: Type.Array(PlanSchema),
  total: Type.Integer({ description: 'plans due in the window, all pages' }),
  overdue: Type.Integer({ description: 'of which already overdue' }),
});

export const GeneratePlansSchema = Type.Object({ startOn: Type.Optional(IsoDate) }, { additionalProperties: false });

export const RecordInputSchema = Type.Object({
  planId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 })),
  discipline: Discipline,
  doneOn: IsoDate,
  performedBy: Type.Optional(Type.String({ maxLength: 128 })),
  description: Type.String({ minLength: 1, maxLength: 2000 }),
  costYuan: Type.Optional(Type.Number({ minimum: 0, maximum: 1e10 })),
}, { additionalProperties: false });
export const RecordCreatedSchema = Type.Object({ id: Type.Integer(), plan: Type.Union([PlanSchema, Type.Null()]) });

export const ChecklistSchema = Type.Object({ items: Type.Array(Type.Object({ code: Type.String(), zh: Type.String(), en: Type.String() })) });

export const BatchSchema = Type.Object({ items: Type.Array(InspectionInputSchema, { minItems: 1, maxItems: MAX_BATCH }) }, { additionalProperties: false });
export const BatchOutcomeSchema = Type.Object({
  items: Type.Array(Type.Object({
    clientId: Type.String(), status: Type.Enum(['created', 'duplicate', 'rejected'] as const), inspectionId: Type.Union([Type.Integer(), Type.Null()]),
    code: NullableString, message: NullableString,
  })),
});

export const RectificationQuery = Type.Object({
  status: Type.Optional(Type.Enum(['open', 'closed', 'overdue'] as const)),
  workId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 })),
  page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
}, { additionalProperties: false });
export const CloseRectificationSchema = Type.Object({ note: Type.String({ minLength: 1, maxLength: 1000 }) }, { additionalProperties: false });

export const SignSchema = Type.Object({ status: SignStatusEnum, note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false });

export const DocumentQuery = Type.Object({ docType: DocType, title: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })) }, { additionalProperties: false });

export const items = <T extends TSchema>(schema: T) => Type.Object({ items: Type.Array(schema) });
