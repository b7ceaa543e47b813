//! Per-token rate limiting: a token bucket for each bearer token.
//!
//! A misbehaving counter (a sync loop without back-off, a copied token) must not starve the others, so
//! each token gets a bucket of `burst` requests refilled at `per_second`; a request that finds the
//! bucket empty is answered `429` with `Retry-After`, the whole seconds until one request's worth has
//! refilled. Buckets live in memory: a restart forgets them, which only ever lets a few more requests
//! through. The map is keyed by the token's hash (never the token) and pruned of full buckets when it
//! grows, so its size stays near the number of recently active tokens.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

/// Beyond this many buckets, full ones are dropped (a full bucket is the same as no bucket).
const PRUNE_ABOVE: usize = 10_000;

/// The limiter's settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimit {
    /// Requests that may be made at once.
    pub burst: u32,
    /// Requests regained per second.
    pub per_second: f64,
}

impl RateLimit {
    /// No limit worth the name, for tests and benchmarks that make thousands of requests at once.
    pub const UNLIMITED: RateLimit = RateLimit {
        burst: 1_000_000,
        per_second: 1_000_000.0,
    };
}

impl Default for RateLimit {
    /// The contract's limit: 20 at once, 5 per second.
    fn default() -> RateLimit {
        RateLimit {
            burst: 20,
            per_second: 5.0,
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// Token buckets by key.
#[derive(Debug)]
pub struct RateLimiter {
    limit: RateLimit,
    buckets: Mutex<HashMap<Vec<u8>, Bucket>>,
}

impl RateLimiter {
    /// A limiter with every bucket starting full.
    pub fn new(limit: RateLimit) -> RateLimiter {
        RateLimiter {
            limit,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Whether `key`'s bucket has a request left, without taking it (or how many seconds to wait).
    pub fn peek(&self, key: &[u8], now: Instant) -> Result<(), u64> {
        let burst = f64::from(self.limit.burst.max(1));
        let rate = self.limit.per_second.max(f64::MIN_POSITIVE);
        let buckets = self
            .buckets
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let Some(bucket) = buckets.get(key) else {
            return Ok(());
        };
        let elapsed = now.saturating_duration_since(bucket.at).as_secs_f64();
        let tokens = (bucket.tokens + elapsed * rate).min(burst);
        if tokens >= 1.0 {
            Ok(())
        } else {
            Err((((1.0 - tokens) / rate).ceil() as u64).max(1))
        }
    }

    /// Takes one request from `key`'s bucket, or says how many seconds to wait.
    pub fn check(&self, key: &[u8], now: Instant) -> Result<(), u64> {
        let burst = f64::from(self.limit.burst.max(1));
        let rate = self.limit.per_second.max(f64::MIN_POSITIVE);
        // A poisoned lock only means another request panicked while holding it; the map is still
        // a valid map of buckets, so it is used as is.
        let mut buckets = self
            .buckets
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if buckets.len() > PRUNE_ABOVE {
            buckets
                .retain(|_, b| b.tokens + now.saturating_duration_since(b.at).as_secs_f64() * rate < burst);
        }
        let bucket = buckets.entry(key.to_vec()).or_insert(Bucket {
            tokens: burst,
            at: now,
        });
        let elapsed = now.saturating_duration_since(bucket.at).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * rate).min(burst);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            let wait = ((1.0 - bucket.tokens) / rate).ceil();
            // At least one second: `Retry-After: 0` would invite an immediate retry.
            Err((wait as u64).max(1))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_burst_passes_then_the_refill_rate_applies() {
        let limiter = RateLimiter::new(RateLimit::default());
        let start = Instant::now();
        for _ in 0..20 {
            assert_eq!(limiter.check(b"a", start), Ok(()));
        }
        assert_eq!(limiter.check(b"a", start), Err(1));
        // Another token has its own bucket.
        assert_eq!(limiter.check(b"b", start), Ok(()));
        // 5 per second: after 0.2 s one more request passes, and only one.
        let later = start + Duration::from_millis(200);
        assert_eq!(limiter.check(b"a", later), Ok(()));
        assert_eq!(limiter.check(b"a", later), Err(1));
        // After 4 s the bucket is full again, but not fuller.
        let much_later = later + Duration::from_secs(4);
        for _ in 0..20 {
            assert_eq!(limiter.check(b"a", much_later), Ok(()));
        }
        assert!(limiter.check(b"a", much_later).is_err());
    }

    #[test]
    fn retry_after_rounds_up_to_whole_seconds() {
        let limiter = RateLimiter::new(RateLimit {
            burst: 1,
            per_second: 0.25,
        });
        let now = Instant::now();
        assert_eq!(limiter.check(b"a", now), Ok(()));
        assert_eq!(limiter.check(b"a", now), Err(4));
    }
}
