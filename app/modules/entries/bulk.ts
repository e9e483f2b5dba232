/** Limits of bulk intake (bulk.server.ts), shared with the queue page. */

/** At most this many dossiers per request. */
export const BULK_LIMIT = 500;
/** The shared message of a request to complete, as long as the single action keeps. */
export const BULK_MESSAGE_MAX = 2000;
