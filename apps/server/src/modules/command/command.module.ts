/**
 * Wiring of the command-and-response module: its three services (structure, teams, dispatch) and the vehicle
 * telemetry, built once by `app.ts` from the other modules' services.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../db/index.ts';
import type { FieldCipher } from '../../lib/field-crypto.ts';
import type { Messaging } from '../../plugins/messaging.ts';
import type { AlertsService } from '../alerts/index.ts';
import type { RegionsService } from '../regions/index.ts';
import type { WorksService } from '../works/index.ts';
import { createCommandService } from './command.service.ts';
import { createDispatchService, type TravelSettings } from './dispatch.service.ts';
import { createRefsService } from './refs.service.ts';
import { createTeamsService } from './teams.service.ts';
import { createVehicleTelemetry } from './vehicles.telemetry.ts';

export interface CommandServicesDeps {
  db: Database;
  regions: Pick<RegionsService, 'unknownCodes' | 'pointInScope'>;
  works: Pick<WorksService, 'get' | 'nearest'>;
  alerts: Pick<AlertsService, 'draft'>;
  cipher: FieldCipher;
  messaging: Messaging;
  travel: TravelSettings;
  log?: FastifyBaseLogger;
}

export function createCommandServices({ db, regions, works, alerts, cipher, messaging, travel, log }: CommandServicesDeps) {
  const command = createCommandService({ db, regions, works, cipher });
  const teams = createTeamsService({ db, regions, cipher }, travel);
  const dispatch = createDispatchService({ db, regions, teams, works, alerts, travel });
  const refs = createRefsService({ db });
  const telemetry = createVehicleTelemetry({ db, messaging, ...(log ? { log } : {}) });
  return { command, teams, dispatch, refs, telemetry };
}

export type CommandServices = ReturnType<typeof createCommandServices>;
