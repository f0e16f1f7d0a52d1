/**
 * Shapes of the works API (apps/server/src/modules/works/*.schemas.ts; the running server's /api/openapi.json
 * is the contract). Kept by hand, like src/api/types.ts.
 */
import type {
  ConstructionForm,
  DocumentType,
  EntranceKind,
  InspectionResult,
  LifecycleState,
  PeacetimeUseKind,
  ProtectionGrade,
  SignStatus,
  WorkClass,
} from '@civdef/domain';

export type LngLat = [number, number];

export interface WorkSummary {
  id: number;
  code: string;
  name: string;
  address: string | null;
  regionCode: string;
  regionName: string | null;
  location: LngLat;
  constructionForm: ConstructionForm;
  workClass: WorkClass;
  subtype: string | null;
  protectionGrade: ProtectionGrade | null;
  chemicalGrade: string | null;
  yearBuilt: number | null;
  early: boolean;
  isPublic: boolean;
  lifecycleState: LifecycleState;
  signStatus: SignStatus;
  unitCount: number;
  grossAreaM2: number;
  protectedAreaM2: number;
  shelterAreaM2: number;
  shelterPlaces: number;
  parkingSpaces: number;
  overdue: boolean;
  version: number;
  updatedAt: string;
}

export interface ProtectionUnit {
  id?: number;
  position?: number;
  name: string;
  grossAreaM2: number;
  protectedAreaM2: number;
  shelterAreaM2: number;
  shelterPlaces?: number;
  wartimeFunction: string | null;
  protectionGrade: ProtectionGrade | null;
  chemicalGrade: string | null;
  blastUnits: number;
  peacetimeFunction: string | null;
  parkingSpaces: number;
}

export interface Entrance {
  id?: number;
  location: LngLat;
  kind: EntranceKind;
  widthM: number | null;
}

export interface PeacetimeUse {
  parking?: { total: number; publicSpaces: number; feePerHourYuan: number };
  coolingSpot?: { seasonStart: string; seasonEnd: string; hours: string; capacity: number; facilities: string[] };
  evChargers?: number;
  other?: { use: string; party: string; contractStart: string; contractEnd: string }[];
}

/** What `GET /api/map/works` returns for each work (GeoJSON point properties). */
export type WorkPointProps = Pick<WorkSummary, 'id' | 'code' | 'name' | 'address' | 'workClass' | 'lifecycleState' | 'regionCode' | 'regionName' | 'shelterPlaces' | 'isPublic'>;

export interface WorkDetail extends WorkSummary {
  footprint: { type: string; coordinates: unknown } | null;
  parentProject: string | null;
  owner: string | null;
  managementUnit: string | null;
  contactName: string | null;
  contactPhone: string | null;
  peacetimeUse: PeacetimeUse | null;
  signCheckedAt: string | null;
  signNote: string | null;
  createdAt: string;
  units: ProtectionUnit[];
  entrances: Entrance[];
  upkeep: {
    overduePlans: number;
    nextDueOn: string | null;
    openRectifications: number;
    overdueRectifications: number;
    lastInspectedAt: string | null;
  };
  allowedTransitions: LifecycleState[];
}

/** Body of POST /api/works (PATCH takes any subset plus `version`). */
export interface WorkInput {
  code: string;
  name: string;
  address?: string | null;
  regionCode: string;
  location: LngLat;
  constructionForm: ConstructionForm;
  parentProject?: string | null;
  workClass: WorkClass;
  subtype?: string | null;
  protectionGrade?: ProtectionGrade | null;
  chemicalGrade?: string | null;
  yearBuilt?: number | null;
  owner?: string | null;
  managementUnit?: string | null;
  contactName?: string | null;
  contactPhone?: string | null;
  isPublic: boolean;
  peacetimeUse?: PeacetimeUse;
  lifecycleState?: LifecycleState;
  units: Omit<ProtectionUnit, 'id' | 'position' | 'shelterPlaces'>[];
  entrances: { location: LngLat; kind: EntranceKind; widthM: number }[];
}

export interface LifecycleEvent {
  id: number;
  fromState: LifecycleState | null;
  toState: LifecycleState;
  reason: string | null;
  approvalRef: string | null;
  conversionKind: string | null;
  actor: string | null;
  at: string;
}

/** Filters shared by the list, the map, the export and the statistics (GET /api/works…). */
export interface WorkFilter {
  q?: string;
  regionCode?: string;
  workClass?: WorkClass[];
  protectionGrade?: ProtectionGrade[];
  lifecycleState?: LifecycleState[];
  constructionForm?: ConstructionForm[];
  use?: PeacetimeUseKind[];
  signStatus?: SignStatus[];
  overdue?: boolean;
  isPublic?: boolean;
  early?: boolean;
}

export type SortField = 'code' | 'name' | 'regionCode' | 'yearBuilt' | 'updatedAt' | 'shelterPlaces' | 'grossAreaM2' | 'lifecycleState';

export interface WorkListQuery extends WorkFilter {
  sort?: SortField;
  order?: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

export interface WorkPage {
  items: WorkSummary[];
  total: number;
  page: number;
  pageSize: number;
}

export interface StatsGroup {
  key: string;
  name: string | null;
  works: number;
  grossAreaM2: number;
  shelterAreaM2: number;
  shelterPlaces: number;
  parkingSpaces: number;
}

export interface WorkStats {
  totals: {
    works: number;
    grossAreaM2: number;
    shelterAreaM2: number;
    shelterPlaces: number;
    parkingSpaces: number;
    publicParkingSpaces: number;
    coolingSpots: number;
    evChargers: number;
    overdueWorks: number;
  };
  upkeep: { overduePlans: number; openRectifications: number; overdueRectifications: number };
  byRegion: StatsGroup[];
  byClass: StatsGroup[];
  byState: StatsGroup[];
}

export interface NearestWork {
  id: number;
  code: string;
  name: string;
  address: string | null;
  workClass: WorkClass;
  lifecycleState: LifecycleState;
  location: LngLat;
  distanceM: number;
}

export type Crs = 'wgs84' | 'cgcs2000' | 'gcj02' | 'bd09';
export type ExchangeFormat = 'xlsx' | 'csv' | 'geojson';

export interface ImportRowError {
  row: number;
  sheet: string;
  column: string;
  value?: string;
  message: string;
  zh: string;
  en: string;
}

export type ImportStatus = 'validating' | 'valid' | 'invalid' | 'committing' | 'committed' | 'failed';

export interface ImportJob {
  id: string;
  status: ImportStatus;
  fileName: string;
  format: ExchangeFormat;
  crs: Crs;
  actor: string | null;
  totalRows: number;
  errorCount: number;
  errors: ImportRowError[];
  result: Record<string, unknown> | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface ImportProgress {
  id: string;
  status: ImportStatus;
  phase: 'parse' | 'check' | 'write' | 'done';
  done: number;
  total: number;
}

// ---- Upkeep, inspections and archives (apps/server/src/modules/works/upkeep.routes.ts).

export interface MaintenancePlan {
  id: number;
  workId: number;
  workCode: string;
  workName: string;
  regionCode: string;
  scheduleCode: string | null;
  discipline: string;
  title: string;
  intervalMonths: number;
  nextDueOn: string;
  lastDoneOn: string | null;
  active: boolean;
  overdue: boolean;
}

/** A configurable maintenance schedule (维护周期); plans are generated from the active ones. */
export interface MaintenanceSchedule {
  code: string;
  discipline: string;
  name: string;
  nameEn: string;
  intervalMonths: number;
  active: boolean;
}

export interface MaintenanceRecord {
  id: number;
  workId: number;
  planId: number | null;
  discipline: string;
  doneOn: string;
  performedBy: string | null;
  description: string;
  costYuan: number | null;
  createdAt: string;
}

export interface ChecklistItem {
  item: string;
  result: InspectionResult;
  note?: string;
}

export interface Inspection {
  id: number;
  clientId: string;
  workId: number;
  inspectedAt: string;
  inspector: string | null;
  location: LngLat | null;
  accuracyM: number | null;
  distanceM: number | null;
  checklist: ChecklistItem[];
  notes: string | null;
  photoIds: number[];
}

export interface Rectification {
  id: number;
  workId: number;
  workCode: string;
  workName: string;
  regionCode: string;
  inspectionId: number | null;
  category: string;
  description: string;
  deadline: string;
  status: 'open' | 'closed';
  overdue: boolean;
  closedAt: string | null;
  closedBy: string | null;
  closingNote: string | null;
  createdAt: string;
}

export interface WorkDocument {
  id: number;
  workId: number;
  inspectionId: number | null;
  docType: DocumentType;
  title: string | null;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sm3: string;
  sha256: string;
  uploader: string | null;
  uploadedAt: string;
}

/** One queued field inspection, as POST /api/works/inspections/batch takes it. */
export interface InspectionSubmission {
  clientId: string;
  workId: number;
  inspectedAt: string;
  location?: LngLat;
  accuracyM?: number;
  checklist: ChecklistItem[];
  findings: { category: string; description: string; deadline?: string }[];
  notes?: string;
  photos: { fileName: string; mediaType: 'image/jpeg' | 'image/png' | 'image/webp'; dataBase64: string }[];
}

export interface InspectionOutcome {
  clientId: string;
  status: 'created' | 'duplicate' | 'rejected';
  inspectionId: number | null;
  code: string | null;
  message: string | null;
}
