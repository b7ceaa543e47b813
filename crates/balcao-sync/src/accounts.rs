//! Pulling the spot's mediator accounts, so people log in at this counter for days without a network.
//!
//! After each drain the worker asks for the spot's accounts with the ETag of the list it holds; an
//! unchanged list costs a `304`, a changed one replaces the held list whole in one transaction
//! ([`Store::replace_accounts`]): a disabled account, a central unlock or a password reset take effect
//! here at the next sync. Hashes only travel (argon2id), never a password.

use crate::SyncError;
use crate::client::{AccountsReply, Client};
use crate::token::Token;
use balcao_store::Store;

/// Pulls the accounts when they changed. `etag` is the held list's (kept in memory: after a restart
/// the first pull takes the whole list again). Returns whether the server answered.
pub async fn pull(
    store: &mut Store,
    client: &Client,
    token: &Token,
    etag: &mut Option<String>,
) -> Result<bool, SyncError> {
    match client.accounts(token, etag.as_deref()).await? {
        AccountsReply::NotModified => Ok(true),
        AccountsReply::Accounts { accounts, etag: new } => {
            store.replace_accounts(&accounts)?;
            tracing::info!(
                accounts = accounts.len(),
                "sync: the spot's accounts were updated"
            );
            *etag = new;
            Ok(true)
        }
    }
}
