export { activeTriggers, type AutomatedTrigger } from './triggers.js';
export { pauseAutomations, readAutomationsState, restoreAutomations, type AutomationsState, type PauseResult } from './pause.js';
export { guardAutomations, type AutomationsGuard } from './guard.js';
export { waitUntilQuiet, type SettleOptions } from './settle.js';
