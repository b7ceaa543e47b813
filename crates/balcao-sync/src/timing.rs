//! Where the sync worker gets time, sleep and randomness ([`Timing`]), so that tests run its loop
//! deterministically and fast. Re-exported from [`crate::worker`].

use balcao_core::attendance::UtcMillis;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

/// A sleep: returns a future that completes after the duration (or sooner, in tests).
pub type SleepFn = Arc<dyn Fn(Duration) -> Pin<Box<dyn Future<Output = ()> + Send>> + Send + Sync>;

/// A clock: the current time.
pub type ClockFn = Arc<dyn Fn() -> UtcMillis + Send + Sync>;

/// Where the worker gets time, sleep and randomness.
#[derive(Clone)]
pub struct Timing {
    /// The current time.
    pub clock: ClockFn,
    /// How to wait.
    pub sleep: SleepFn,
    /// The seed of the backoff's jitter.
    pub seed: u64,
}

impl fmt::Debug for Timing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Timing")
            .field("seed", &self.seed)
            .finish_non_exhaustive()
    }
}

impl Timing {
    /// The system clock, tokio's sleep, and a seed from the clock and the process id (so counters
    /// restarted together still spread their retries).
    pub fn real() -> Timing {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        Timing {
            clock: Arc::new(system_now),
            sleep: Arc::new(|d| Box::pin(tokio::time::sleep(d))),
            seed: u64::try_from(now.as_nanos() % u128::from(u64::MAX)).unwrap_or(0)
                ^ (u64::from(std::process::id()) << 32),
        }
    }
}

/// The system clock as [`UtcMillis`].
pub fn system_now() -> UtcMillis {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    UtcMillis(i64::try_from(ms).unwrap_or(i64::MAX))
}
