/**
 * The command vehicles' telemetry credentials (docs/protocols/vehicle-telemetry.md): every key is derived from the
 * installation's vehicle master key and the vehicle's code, so nothing per vehicle is stored. From here the embedded
 * broker checks a vehicle's login, `civdef broker mosquitto-config` writes the vehicles' accounts for Mosquitto, and
 * `civdef vehicle key` hands a unit its key when it is fitted. Reading keys or accounts is audited (which vehicle or
 * how many, never a secret); a login is not (it is the broker's business, and logged when refused).
 */
import { timingSafeEqual } from 'node:crypto';
import type { Database } from '../../db/index.ts';
import { AppError } from '../../lib/errors.ts';
import { TERMINAL_ID_PATTERN } from '../../lib/siren-protocol.ts';
import { vehicleBrokerPassword, vehicleBrokerUser, vehicleKey } from '../../lib/vehicle-protocol.ts';
import type { VehicleBrokerAuthority } from '../../plugins/messaging.ts';
import { appendAudit } from '../audit/index.ts';
import { CommandErrors as E } from './command.errors.ts';
import * as repo from './command.repository.ts';

export interface VehicleAccount {
  code: string;
  /** `vehicle@<code>`: the one user name both brokers accept (Mosquitto's password file cannot hold a `:`). */
  username: string;
  password: string;
}

export interface VehicleCredentials {
  /** The embedded broker's check of a `vehicle@<code>` login: a registered vehicle and its derived password. */
  readonly brokerAuthority: VehicleBrokerAuthority;
  /** The key of a vehicle (64 hex digits), as the telemetry checks its reports with it. */
  keyOf(code: string): string;
  /** Every registered vehicle's broker account, for an external broker's password file; audited with the count. */
  brokerAccounts(operator: string): Promise<VehicleAccount[]>;
  /** A registered vehicle's key and broker login, for fitting its unit; audited with the vehicle, never the key. */
  issueKey(operator: string, code: string): Promise<VehicleAccount & { key: string }>;
  /**
   * Every registered vehicle's key and home, for `civdef serve --sim-vehicles` (the demo's vehicles driven by the
   * simulator in the server's process); audited with the count, never a key.
   */
  simulationKeys(operator: string): Promise<Array<{ code: string; key: string; home: [number, number] }>>;
}

const sameSecret = (expected: string, given: string) => given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));

/** `masterKey` is read when first needed, so an installation without vehicles never makes the master's key file. */
export function createVehicleCredentials({ db, masterKey }: { db: Database; masterKey: () => string }): VehicleCredentials {
  const keyOf = (code: string) => vehicleKey(masterKey(), code);
  const account = (code: string): VehicleAccount => ({ code, username: vehicleBrokerUser(code), password: vehicleBrokerPassword(keyOf(code), code) });
  return {
    brokerAuthority: {
      // Every login reads the registry (one indexed row): a vehicle removed from it cannot log in any more.
      async verifyVehicle(code, password) {
        if (!TERMINAL_ID_PATTERN.test(code) || !(await repo.vehicleByCode(db, code))) return false;
        return sameSecret(account(code).password, password);
      },
    },
    keyOf,
    brokerAccounts: (operator) => db.transaction(async (tx) => {
      const codes = (await repo.allVehicleCodes(tx)).filter((c) => TERMINAL_ID_PATTERN.test(c));
      await appendAudit(tx, { actorId: null, actor: operator, ip: null }, { action: 'command_vehicle.broker_accounts', entityType: 'command_vehicle', after: { vehicles: codes.length } });
      return codes.map(account);
    }),
    issueKey: (operator, code) => db.transaction(async (tx) => {
      const vehicle = TERMINAL_ID_PATTERN.test(code) ? await repo.vehicleByCode(tx, code) : null;
      if (!vehicle) throw new AppError(E.COMMAND_VEHICLE_NOT_FOUND, 404, { code });
      await appendAudit(tx, { actorId: null, actor: operator, ip: null }, {
        action: 'command_vehicle.key_issued', entityType: 'command_vehicle', entityId: vehicle.id, regionCode: vehicle.regionCode, after: { code },
      });
      return { ...account(code), key: keyOf(code) };
    }),
    simulationKeys: (operator) => db.transaction(async (tx) => {
      const vehicles = (await repo.listVehicles(tx, '')).filter((v) => TERMINAL_ID_PATTERN.test(v.code));
      await appendAudit(tx, { actorId: null, actor: operator, ip: null }, { action: 'command_vehicle.simulation_keys', entityType: 'command_vehicle', after: { vehicles: vehicles.length } });
      return vehicles.map((v) => ({ code: v.code, key: keyOf(v.code), home: v.home }));
    }),
  };
}
