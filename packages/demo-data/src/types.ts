import type { ChemicalGrade, ConstructionForm, LifecycleState, ProtectionGrade, SirenKind, SirenStatus, WorkClass } from '@civdef/domain';
import type { BoundaryCollection } from './boundaries.ts';
import type { DemoCommand } from './command.ts';
import type { PopulationGrid } from './population.ts';
import type { DemoRegion } from './regions.ts';

export type { DemoRegion } from './regions.ts';
export type { PopulationCell, PopulationGrid } from './population.ts';

export interface DemoUnit {
  name: string;
  grossAreaM2: number;
  protectedAreaM2: number;
  /** 掩蔽面积; 0 for units whose wartime function shelters no people (garages, stores, plant rooms). */
  shelterAreaM2: number;
  /** A WORK_SUBTYPES code, e.g. 'class2', 'materials_store'. */
  wartimeFunction: string;
  /** Chinese label of wartimeFunction. */
  wartimeFunctionZh: string;
  protectionGrade: ProtectionGrade;
  chemicalGrade: ChemicalGrade;
  blastUnits: number;
  /** 平时功能, Chinese text: 停车库, 仓储, 商业… */
  peacetimeFunction: string;
  parkingSpaces: number;
}

export interface DemoEntrance {
  location: [number, number];
  kind: 'main' | 'secondary' | 'emergency' | 'vehicle';
  widthM: number;
  /** Index into units; absent for entrances serving the whole work (vehicle ramps). */
  unitIndex?: number;
}

export interface DemoPeacetimeUse {
  /** hours: 开放时间 HH:MM-HH:MM (China time), 00:00-24:00 all day. */
  parking?: { total: number; publicSpaces: number; feePerHourYuan: number; hours: string };
  coolingSpot?: { seasonStart: string; seasonEnd: string; hours: string; capacity: number; facilities: string[] };
  evChargers?: number;
  other?: Array<{ use: string; party: string; contractStart: string; contractEnd: string }>;
}

export interface DemoWork {
  code: string;
  name: string;
  address: string;
  regionCode: string;
  countyCode: string;
  location: [number, number];
  constructionForm: ConstructionForm;
  parentProject?: string;
  workClass: WorkClass;
  subtype: string;
  protectionGrade: ProtectionGrade;
  chemicalGrade: ChemicalGrade;
  yearBuilt: number;
  /** yearBuilt ≤ 1980 (早期人防工程). */
  early: boolean;
  owner: string;
  managementUnit: string;
  contactName: string;
  contactPhone: string;
  isPublic: boolean;
  lifecycleState: LifecycleState;
  units: DemoUnit[];
  entrances: DemoEntrance[];
  peacetimeUse: DemoPeacetimeUse;
}

export interface DemoSiren {
  code: string;
  name: string;
  regionCode: string;
  countyCode: string;
  location: [number, number];
  kind: SirenKind;
  ratedPowerW: number;
  /** Rated sound pressure level at 30 m, dB (planning default per kind and power). */
  ratedLevelDb: number;
  /** Distance the rated level is given at (m). */
  referenceDistanceM: number;
  mountHeightM: number;
  hostUnit: string;
  installedYear: number;
  status: SirenStatus;
  controlChannel: 'mqtt' | 'manual';
}

/** Upkeep history of one work: per schedule code, the fraction of its interval since last done (null: starts on load). */
export interface DemoMaintenance {
  code: string;
  phases: Record<string, number> | null;
}

export interface DemoDataset {
  seed: number;
  synthetic: true;
  generatedFor: '320600';
  /** Human-readable provenance: what is real and what is invented. */
  notice: string;
  regions: DemoRegion[];
  boundaries: BoundaryCollection;
  works: DemoWork[];
  /** Maintenance plan history per work (see upkeep.ts). */
  maintenance: DemoMaintenance[];
  sirens: DemoSiren[];
  population: PopulationGrid;
  /** The command structure, teams and a command vehicle (see command.ts). */
  command: DemoCommand;
}
