//! Keeps the network's rollup tables small: folds their stripes of past days into one row per key.
//!
//! The dashboard reads rollups (`roll_*`, schema 11) that the statement triggers keep in the transaction
//! that stores the counters' records. The network's tables (`roll_net_day`, `roll_net_hour`,
//! `roll_net_service`, `roll_net_till`) would have one row per day that every counter adds to, and a
//! transaction holds a row it added to until it commits: 900 counters syncing at once after an outage
//! queued behind each other on that row (`scripts/bench-sync`, "compressed": p50 417 ms). So each
//! spot adds to one of 16 stripes of the key, and readers sum the stripes.
//!
//! Sixteen stripes of every day would make a year's page read sixteen times the rows (the overview
//! of 365 days went from 243 to 1 002 ms at p95, `scripts/bench-dashboard`). Contention only matters
//! for the day the counters are adding to now, so this module folds the stripes of the days before
//! today into stripe -1, which no counter writes, so a fold never queues behind an ingest for long.
//! It takes the four tables in the order the triggers do (day, hour, service, till), so a late sync
//! and a fold wait for each other rather than deadlock. A counter that syncs a week late adds to a stripe again, and the next
//! fold takes it in. The server folds at start and then every [`FOLD_EVERY`].

use crate::error::CentralError;
use deadpool_postgres::Pool;
use std::time::Duration;

/// How often the server folds the stripes of past days.
pub const FOLD_EVERY: Duration = Duration::from_secs(15 * 60);

/// Folds the stripes of the network's rollups of days before `before` (`YYYY-MM-DD`), or before today
/// on the database's clock when `None`, in one transaction; returns how many folded rows it wrote.
///
/// A rollup's day is the spot's own: just after midnight in Lisbon the Azores are still on the day
/// before, and their counters add to its stripes again. That is only a few rows for the next fold.
pub async fn fold_stripes(pool: &Pool, before: Option<&str>) -> Result<u64, CentralError> {
    let client = pool.get().await?;
    let row = client
        .query_one(
            "SELECT balcao_fold_stripes(COALESCE($1::text::date, current_date))",
            &[&before],
        )
        .await?;
    let folded: i64 = row.try_get(0)?;
    Ok(u64::try_from(folded).unwrap_or(0))
}

/// Folds now, then every [`FOLD_EVERY`], until the runtime stops; a failure is logged and the next
/// turn tries again (the database may be away for a while, and unfolded stripes are only slower to read).
pub fn spawn_folding(pool: Pool) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(FOLD_EVERY);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            match fold_stripes(&pool, None).await {
                Ok(0) => {}
                Ok(folded) => tracing::info!(folded, "network rollups of past days folded"),
                Err(err) => tracing::warn!(%err, "network rollups not folded; trying again later"),
            }
        }
    });
}
