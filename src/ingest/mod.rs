//! Ingest stage (owned by the ingest helper).
