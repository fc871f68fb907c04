/**
 * The trusted-list cache (ETSI TS 119 612 lists, used as TS 119 615 says): status, update, offline import, the
 * daily refresh and the services verification uses. The app (AppService) and the CLI (`sigla trust …`, `verify`)
 * call only these.
 */
export { trustListsStatus, type TrustListState, type TrustListsStatus } from './status.js';
export { updateTrustLists } from './updateTrustLists.js';
export { importTrustLists } from './importTrustLists.js';
export { refreshTrustListsIfDue } from './refreshTrustLists.js';
export { listedServices } from './listedServices.js';
export { DEFAULT_LOTL_URL, cacheExists } from './state.js';
export { trustNotes } from './trustNotes.js';
