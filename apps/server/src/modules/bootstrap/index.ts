/**
 * First start and demo data: the module's only door. No routes, so no plugin: the service, and the three
 * calls `server.ts` and the CLI make with a bare database.
 */
export {
  bootstrapFor, createBootstrapService, ensureInitialAdmin, ensureReferenceData, loadDemoData,
  type BootstrapConfig, type BootstrapDeps, type BootstrapService, type DemoLoadResult, type InitialAdmin,
} from './bootstrap.service.ts';
