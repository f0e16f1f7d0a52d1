/** The project's own ESLint rules, as a plugin for `eslint.config.js`. */
import moduleDoors from './module-doors.js';

export default { meta: { name: 'civdef' }, rules: { 'module-doors': moduleDoors } };
