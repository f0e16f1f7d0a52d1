import type { ChemicalGrade, ConstructionForm, LifecycleState, ProtectionGrade, SirenKind, SirenStatus, WorkClass } from '@civdef/domain';
import type { BoundaryCollection } from './boundaries.ts';
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

// The command part of the demo (generated in command.ts): kept here with the other shapes, so the generators depend on
// the types and never the other way round.
export interface DemoCommandHq {
  level: 'city' | 'county' | 'town';
  name: string;
  regionCode: string;
  address: string;
  officePhone: string;
  persons: Array<{ name: string; role: 'commander' | 'deputy' | 'member' | 'duty'; title: string; unit: string; mobilePhone: string }>;
  memberUnits: Array<{ name: string; peacetimeDuty: string; wartimeDuty: string; contactName: string; contactPhone: string }>;
  /** Duty officers in the order they take turns, one shift each (see `expandRoster`). */
  dutyRotation: string[];
  posts: Array<{ kind: 'basic' | 'reserve'; name: string; workCode: string }>;
}

export interface DemoTeam {
  code: string;
  name: string;
  category: 'professional' | 'volunteer' | 'rescue';
  kind: string;
  baseUnit: string;
  regionCode: string;
  location: [number, number];
  leaderName: string;
  leaderPhone: string;
  members: Array<{ name: string; role: string; phone: string; qualification: string | null; qualificationExpires: string | null; volunteer: boolean }>;
  equipment: Array<{ kind: string; name: string; count: number; location: string; state: 'ready' | 'faulty' | 'maintenance'; maintenanceDue: string }>;
  /** Share of members present and of equipment working at the team's last roll-call (null: never checked). */
  lastRollcall: { date: string; presentShare: number; workingShare: number } | null;
}

export interface DemoVehicle {
  code: string;
  name: string;
  regionCode: string;
  generation: string;
  equipment: string;
  crew: number;
  state: 'ready';
  home: [number, number];
}

export interface DemoCommand {
  hqs: DemoCommandHq[];
  teams: DemoTeam[];
  vehicles: DemoVehicle[];
}
