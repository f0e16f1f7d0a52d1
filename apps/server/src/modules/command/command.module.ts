/**
 * Wiring of the command-and-response module: its three services (structure, teams, dispatch), the vehicles' telemetry
 * credentials and the vehicle telemetry, built once by `app.ts` from the other modules' services.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../db/index.ts';
import type { EventBus } from '../../lib/events.ts';
import type { FieldCipher } from '../../lib/field-crypto.ts';
import type { Messaging } from '../../plugins/messaging.ts';
import type { AlertsService } from '../alerts/index.ts';
import type { RegionsService } from '../regions/index.ts';
import type { WorksService } from '../works/index.ts';
import { createCommandService } from './command.service.ts';
import { createDispatchService, type TravelSettings } from './dispatch.service.ts';
import { createRefsService } from './refs.service.ts';
import { createTeamsService } from './teams.service.ts';
import { createVehicleCredentials } from './vehicles.credentials.ts';
import { createVehicleTelemetry } from './vehicles.telemetry.ts';

export interface CommandServicesDeps {
  db: Database;
  regions: Pick<RegionsService, 'unknownCodes' | 'pointInScope'>;
  works: Pick<WorksService, 'get' | 'nearest'>;
  alerts: Pick<AlertsService, 'draft'>;
  cipher: FieldCipher;
  /** Where the structure announces a member unit's delete (plans and drills answer whether they name it). */
  events: Pick<EventBus, 'emit'>;
  messaging: Pick<Messaging, 'client' | 'useVehicleAuthority'>;
  /**
   * The installation's vehicle master key (`ensureVehicleMasterKey`), read when first needed: every vehicle's
   * telemetry key and broker password derive from it.
   */
  vehicleMasterKey: () => string;
  travel: TravelSettings;
  log?: FastifyBaseLogger;
}

export function createCommandServices({ db, regions, works, alerts, cipher, events, messaging, vehicleMasterKey, travel, log }: CommandServicesDeps) {
  const command = createCommandService({ db, regions, works, cipher, events });
  const teams = createTeamsService({ db, regions, cipher }, travel);
  const dispatch = createDispatchService({ db, regions, teams, works, alerts, travel });
  const refs = createRefsService({ db });
  let master: string | null = null;
  const vehicles = createVehicleCredentials({ db, masterKey: () => (master ??= vehicleMasterKey()) });
  // The embedded broker admits a vehicle only with the password derived from its key (fail closed until now).
  messaging.useVehicleAuthority?.(vehicles.brokerAuthority);
  const telemetry = createVehicleTelemetry({ db, messaging, keyOf: vehicles.keyOf, ...(log ? { log } : {}) });
  return { command, teams, dispatch, refs, vehicles, telemetry };
}

export type CommandServices = ReturnType<typeof createCommandServices>;
