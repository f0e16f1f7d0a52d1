export { ensureReferenceData, ensureInitialAdmin, loadDemoData, type InitialAdmin, type DemoLoadResult } from './bootstrap.service.ts';
