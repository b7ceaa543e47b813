//! Sending the audit trail: after the records, the entries that describe them, and a signed head.
//!
//! The central server can only check an entry against its record once the record has arrived, so
//! entries are sent only up to the first one whose record is still waiting in the outbox
//! ([`Store::audit_sendable`]). When every entry has gone, the upload ends with a checkpoint, the
//! device's signature over its head: a log later truncated or restored from an old copy claims a head
//! behind the one the server already holds, and is flagged at its next contact. A checkpoint is sent
//! again only when the head has moved, so an idle counter sends nothing.
//!
//! The server stores every entry it receives, verified or not (a resend is harmless), so the mark
//! moves on after any `200`; a failure leaves it, and the next cycle sends the same entries again.

use crate::SyncError;
use crate::client::{AuditBody, Client};
use crate::token::Token;
use balcao_audit::Head;
use balcao_store::Store;

/// The most entries in one request (about 250 KiB; the server takes 1 000).
pub const MAX_ENTRIES: usize = 500;

/// Sends what the central does not hold yet. `checkpointed` is the head last confirmed by a checkpoint
/// in this run. Returns whether the server was asked anything.
pub async fn push(
    store: &mut Store,
    client: &Client,
    token: &Token,
    checkpointed: &mut Option<Head>,
) -> Result<bool, SyncError> {
    let public_key = store.audit_public_key()?;
    let mut asked = false;
    loop {
        let entries = store.audit_sendable(MAX_ENTRIES)?;
        let head = store.audit_head()?;
        let last = match entries.last() {
            Some(entry) => entry.seq,
            None => store.audit_sent_seq()?,
        };
        let complete = last == head.seq;
        let checkpoint = if complete && *checkpointed != Some(head) {
            store.audit_checkpoint()?
        } else {
            None
        };
        if entries.is_empty() && checkpoint.is_none() {
            return Ok(asked);
        }
        let body = AuditBody {
            public_key: public_key.clone(),
            entries: &entries,
            checkpoint,
        };
        client.post_audit(token, &body).await?;
        asked = true;
        store.audit_mark_sent(last)?;
        if complete {
            *checkpointed = Some(head);
            return Ok(asked);
        }
    }
}
