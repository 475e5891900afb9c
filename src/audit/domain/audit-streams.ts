/**
 * The audit trail is written to this many hash chains (streams), ids 0 to 63, each with its own head row in
 * `audit_streams` (made by the AuditStreams migration, which holds the same number). A transaction writes all its
 * entries to one stream it holds alone, so audited transactions never queue on one head (docs/data-model.md).
 */
export const AUDIT_STREAMS = 64;
