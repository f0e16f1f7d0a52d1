/**
 * The module's services built together: the registry and remote control share the database, the cipher (phones
 * and terminal keys) and, for control, the MQTT link. `app.ts` builds them once; tools and tests may too.
 */
import type { Database } from '../../db/index.ts';
import type { FieldCipher } from '../../lib/field-crypto.ts';
import type { Messaging } from '../../plugins/messaging.ts';
import type { RegionsService } from '../regions/index.ts';
import { createControlService, type ControlDeps, type ControlService, type ControlSettings } from './control.service.ts';
import { createSirensService, type SirensService } from './sirens.service.ts';
import { createTestsService, type TestsService } from './tests.service.ts';

export interface SirensServicesDeps {
  db: Database;
  regions: Pick<RegionsService, 'unknownCodes' | 'geometryInScope'>;
  cipher: FieldCipher;
  messaging: Pick<Messaging, 'kind' | 'client' | 'useAuthority'>;
  settings: ControlSettings;
  log?: ControlDeps['log'];
}

export function createSirensServices(deps: SirensServicesDeps): { sirens: SirensService; control: ControlService; tests: TestsService } {
  const control = createControlService(deps);
  // The embedded broker lets a terminal in only with the password derived from its key (the control service holds them).
  deps.messaging.useAuthority?.(control.brokerAuthority);
  return {
    sirens: createSirensService(deps),
    control,
    tests: createTestsService({ db: deps.db, control, log: deps.log }),
  };
}
