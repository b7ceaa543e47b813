//! How long to wait before trying again: exponential backoff with full jitter, and the server's own
//! `Retry-After`.
//!
//! Every counter of the country may lose the central at the same moment (a server restart, a national
//! network incident) and come back at the same moment. If each retried on a fixed schedule they would
//! all knock together, again and again. With *full jitter* (AWS Architecture Blog, "Exponential Backoff
//! and Jitter") each counter waits a uniformly random time between zero and an exponentially growing
//! ceiling: `sleep = random(0, min(cap, base · 2^attempt))`, base 1 s, cap 2 min. The retries spread
//! over the whole window, and a counter whose network came back early does not wait long on average.
//!
//! When the server says how long to wait (`429` with `Retry-After` in whole seconds), the counter
//! waits exactly that: the server knows its own load better than any formula.
//!
//! The random numbers come from a small seeded generator ([`Rng`], SplitMix64), not from the operating
//! system, so tests choose the seed and get the same delays every run. Jitter needs spreading, not
//! secrecy.

use std::time::Duration;

/// Exponential backoff with full jitter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    /// The ceiling of the first retry's window.
    pub base: Duration,
    /// The largest window.
    pub cap: Duration,
}

impl Default for Backoff {
    /// Base 1 s, cap 2 min.
    fn default() -> Self {
        Backoff {
            base: Duration::from_secs(1),
            cap: Duration::from_secs(120),
        }
    }
}

impl Backoff {
    /// The window after `attempt` consecutive failures (0 for the first): `min(cap, base · 2^attempt)`.
    pub fn ceiling(&self, attempt: u32) -> Duration {
        let factor = 1u32.checked_shl(attempt.min(31)).unwrap_or(u32::MAX);
        self.base.saturating_mul(factor).min(self.cap)
    }

    /// A random delay in `[0, ceiling(attempt)]`, drawn from `rng`.
    pub fn delay(&self, attempt: u32, rng: &mut Rng) -> Duration {
        let ceiling = u64::try_from(self.ceiling(attempt).as_millis()).unwrap_or(u64::MAX);
        Duration::from_millis(rng.below(ceiling.saturating_add(1)))
    }
}

/// The longest `Retry-After` honoured. A larger value (a misconfigured proxy saying "a day") is cut to
/// this, so a counter never stops syncing for longer than a quarter of an hour.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(15 * 60);

/// The wait a `429` asks for: its `Retry-After` header in whole seconds (the central API's form), at
/// most [`MAX_RETRY_AFTER`]. A missing or unreadable header (or an HTTP date, which the central never
/// sends) counts as one second.
pub fn retry_after(header: Option<&str>) -> Duration {
    header
        .and_then(|h| h.trim().parse::<u64>().ok())
        .map_or(Duration::from_secs(1), Duration::from_secs)
        .min(MAX_RETRY_AFTER)
}

/// A small seeded pseudo-random generator (SplitMix64): enough to spread retries, and deterministic in
/// tests.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator starting from `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `[0, n)` (0 when `n` is 0). The modulo bias is below 2^-40 for the windows used
    /// here, far below anything that matters for spreading retries.
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next_u64() % n }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_doubles_from_the_base_up_to_the_cap() {
        let b = Backoff::default();
        let secs: Vec<u64> = (0..10).map(|a| b.ceiling(a).as_secs()).collect();
        assert_eq!(secs, [1, 2, 4, 8, 16, 32, 64, 120, 120, 120]);
        // No overflow, however long the outage.
        assert_eq!(b.ceiling(40), Duration::from_secs(120));
        assert_eq!(b.ceiling(u32::MAX), Duration::from_secs(120));
    }

    #[test]
    fn full_jitter_stays_within_the_window_and_spreads_over_it() {
        let b = Backoff::default();
        let mut rng = Rng::new(42);
        for attempt in 0..12 {
            let ceiling = b.ceiling(attempt);
            let delays: Vec<Duration> = (0..2000).map(|_| b.delay(attempt, &mut rng)).collect();
            assert!(delays.iter().all(|d| *d <= ceiling), "attempt {attempt}");
            // Full jitter: some retries come early, some late, and on average halfway.
            let early = delays.iter().filter(|d| **d < ceiling / 4).count();
            let late = delays.iter().filter(|d| **d > ceiling * 3 / 4).count();
            assert!(
                early > 300 && late > 300,
                "attempt {attempt}: {early} early, {late} late"
            );
            let mean = delays.iter().sum::<Duration>() / 2000;
            assert!(
                mean > ceiling * 2 / 5 && mean < ceiling * 3 / 5,
                "attempt {attempt}: {mean:?}"
            );
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_delays_and_another_seed_others() {
        let b = Backoff::default();
        let run = |seed| {
            let mut rng = Rng::new(seed);
            (0..8).map(|a| b.delay(a, &mut rng)).collect::<Vec<_>>()
        };
        assert_eq!(run(7), run(7));
        assert_ne!(run(7), run(8));
    }

    #[test]
    fn retry_after_is_honoured_in_whole_seconds_and_bounded() {
        assert_eq!(retry_after(Some("3")), Duration::from_secs(3));
        assert_eq!(retry_after(Some(" 120 ")), Duration::from_secs(120));
        assert_eq!(retry_after(Some("0")), Duration::ZERO);
        assert_eq!(retry_after(Some("86400")), MAX_RETRY_AFTER);
        assert_eq!(retry_after(None), Duration::from_secs(1));
        assert_eq!(
            retry_after(Some("Wed, 21 Oct 2026 07:28:00 GMT")),
            Duration::from_secs(1)
        );
        assert_eq!(retry_after(Some("-5")), Duration::from_secs(1));
    }
}
