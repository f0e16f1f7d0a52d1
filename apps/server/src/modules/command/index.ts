/**
 * Command and response (组织指挥、队伍装备、应急调度): the module's only door — the plugin, the services (interfaces and
 * factories), the errors.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { CommandServices } from './command.module.ts';
import { commandRoutes } from './command.routes.ts';

export { createCommandServices, type CommandServices, type CommandServicesDeps } from './command.module.ts';
export type { CommandService } from './command.service.ts';
export { createCommandLoader, type CommandImport, type CommandLoader } from './command.loader.ts';
export type { TeamsService } from './teams.service.ts';
export type { DispatchService, TravelSettings } from './dispatch.service.ts';
export { createRefsService, refKey, type RefKind, type RefRow, type RefsService } from './refs.service.ts';
export type { PositionOutcome, VehicleTelemetry } from './vehicles.telemetry.ts';
export { createVehicleCredentials, type VehicleAccount, type VehicleCredentials } from './vehicles.credentials.ts';
export { CommandErrors } from './command.errors.ts';
export type { MemberUnitDeletedEvent, UnitReference } from './command.events.ts';

/**
 * Registers the routes and the vehicle reports' counts on /metrics; the vehicle telemetry subscription starts with the
 * app and stops with it.
 */
export const commandModule: FastifyPluginAsync<{ services: CommandServices }> = async (app, { services }) => {
  await app.register(commandRoutes, services);
  app.metrics.registerCounter('civdef_vehicle_positions_total', 'Command vehicle position reports by result: stored, or why dropped', 'result', () => services.telemetry.counts());
  app.addHook('onReady', () => services.telemetry.start());
  app.addHook('onClose', () => services.telemetry.stop());
};
