//! Gapless receipt numbers under SIGKILL: a writer process records payments and cancellations and is
//! killed at a random moment, again and again on the same file, and after every kill the counter's
//! receipt series must still run from 1 to its last number, with no number skipped and none used twice.
//!
//! The store's whole argument (see `balcao_store::cash`) is that a number is taken from
//! `number_series` in the same transaction as its document and its outbox row, so a crash keeps all
//! three or none of them. This test checks the argument against real crashes instead of trusting it:
//! most kills land in the middle of a payment (while its commit waits for `fsync`), some between the
//! commit and the moment the writer learns of it, some between two payments.
//!
//! The test binary re-executes itself as the writer (`crash_writer_child`), as `durability.rs` does.
//! The number of rounds (100) and the seed can be overridden for a longer soak by hand:
//! `BALCAO_CASH_CRASH_RUNS=2000 BALCAO_CASH_CRASH_SEED=7 cargo test -p balcao-store --test cash_crash
//! -- --nocapture`.

// Test code: a failed expectation should stop the test loudly (the kiosk rule is for shipped code).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use balcao_audit::Head;
use balcao_core::attendance::UtcMillis;
use balcao_core::cash::{self, PaymentMethod};
use balcao_core::money::Money;
use balcao_store::outbox::kind;
use balcao_store::{NewPayment, Store};
use common::{TempDir, origin, t};
use rusqlite::Connection;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// The database path, set only when the test binary runs as the writer.
const CHILD_DB: &str = "BALCAO_CASH_CRASH_CHILD";
/// How many rounds to run, instead of [`DEFAULT_RUNS`].
const RUNS_VAR: &str = "BALCAO_CASH_CRASH_RUNS";
/// The seed of the pauses before each kill, instead of [`DEFAULT_SEED`].
const SEED_VAR: &str = "BALCAO_CASH_CRASH_SEED";
const DEFAULT_RUNS: u64 = 100;
const DEFAULT_SEED: u64 = 0xBA1C_A0EC_F120_2603;
/// The longest pause between the writer being ready and its kill.
const MAX_PAUSE_MICROS: u64 = 25_000;
const SERVICE: &str = "irn-registo-criminal";
const READY: &str = "ready";

/// SplitMix64: a tiny seeded generator, as the workspace has no `rand` (and needs none).
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Self(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0); the slight bias of the modulo does not matter here.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn index(&mut self, len: usize) -> usize {
        usize::try_from(self.below(len as u64)).unwrap()
    }
}

/// A payment of the attendance's first line with a fee between 1 € and 50 € and a method picked at
/// random, so that every method (and cash both with and without change) reaches the disk.
fn random_payment(rng: &mut Rng, attendance: &str) -> NewPayment {
    let fee = 100 + i64::try_from(rng.below(4_901)).unwrap();
    let method = match rng.below(5) {
        0 => PaymentMethod::Cash {
            tendered: Money::from_cents(fee),
        },
        1 => PaymentMethod::Cash {
            tendered: Money::from_cents(fee + 1 + i64::try_from(rng.below(5_000)).unwrap()),
        },
        2 => PaymentMethod::Card {
            terminal_ref: format!("T{:06}", rng.below(1_000_000)),
        },
        3 => PaymentMethod::MbWay {
            reference: format!("MBW-{:08}", rng.below(100_000_000)),
        },
        _ => PaymentMethod::Exempt {
            reason: "Insuficiência económica comprovada".into(),
        },
    };
    NewPayment {
        attendance_id: attendance.into(),
        line: 0,
        service_id: SERVICE.into(),
        entity_id: "irn".into(),
        variant: "normal".into(),
        fee: Money::from_cents(fee),
        method,
    }
}

/// Runs only as the child of `receipt_numbers_stay_gapless_when_the_writer_is_killed_at_random_points`:
/// takes up the counter where the previous (killed) writer left it, prints `ready`, then records
/// payments and cancellations until it is killed. After each commit it prints the document's number,
/// so the parent can check that everything the writer was told had been recorded is still there.
#[test]
fn crash_writer_child() {
    let Some(path) = std::env::var_os(CHILD_DB) else {
        return;
    };
    let path = PathBuf::from(path);
    let mut store = Store::open(&path).unwrap();
    store.set_audit_key(Some(audit_key())).unwrap();
    // Times carry on from the latest one in the file, so they (and the UUIDv7s made from them) keep
    // increasing across crashes; one millisecond per operation never leaves the year of `t(0)`.
    let latest: i64 = Connection::open(&path)
        .unwrap()
        .query_row("SELECT COALESCE(MAX(created_at), 0) FROM outbox", [], |r| {
            r.get(0)
        })
        .unwrap();
    let mut now = latest.max(t(0).0);
    let mut tick = move || {
        now += 1;
        UtcMillis(now)
    };

    let o = origin();
    let session = match store.open_session(&o.spot, &o.counter).unwrap() {
        Some(open) => open,
        None => store
            .begin_session(origin(), Money::from_cents(5000), tick())
            .unwrap(),
    };
    let attendance = match store.open_attendance().unwrap() {
        Some(open) => open,
        None => store.begin_attendance(origin(), tick()).unwrap(),
    };
    if attendance.lines.is_empty() {
        store.add_service(&attendance.id, SERVICE, tick()).unwrap();
    }
    let mut uncancelled: Vec<String> = store
        .session_payments(&session.id)
        .unwrap()
        .into_iter()
        .filter(|e| e.cancellation.is_none())
        .map(|e| e.payment.id)
        .collect();
    let mut rng = Rng::new(u64::try_from(tick().0).unwrap() ^ u64::from(std::process::id()));

    let mut out = std::io::stdout().lock();
    writeln!(out, "{READY}").unwrap();
    out.flush().unwrap();
    for i in 0u64.. {
        if i % 4 == 3 && !uncancelled.is_empty() {
            let victim = uncancelled.swap_remove(rng.index(uncancelled.len()));
            let c = store
                .cancel_payment(&victim, "Cobrado em duplicado", tick())
                .unwrap();
            writeln!(out, "{} {}", kind::CASH_CANCELLATION, c.receipt_number).unwrap();
        } else {
            let p = store
                .record_payment(&session.id, random_payment(&mut rng, &attendance.id), tick())
                .unwrap();
            uncancelled.push(p.id);
            writeln!(out, "{} {}", kind::CASH_PAYMENT, p.receipt_number).unwrap();
        }
        out.flush().unwrap();
    }
}

/// A numbered document: a payment or a cancellation.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Doc {
    /// Its outbox kind, `cash.payment` or `cash.cancellation`.
    kind: &'static str,
    id: String,
}

/// What [`check`] found in a sound file.
#[derive(Debug, Default)]
struct Ledger {
    /// Every receipt number issued, with the document that holds it.
    numbers: BTreeMap<String, Doc>,
    /// The last number of each receipt series, by (spot, counter, year).
    last: BTreeMap<(String, String, i64), i64>,
    payments: usize,
    cancellations: usize,
}

/// Checks the cash records of a database against the numbering's promises and returns what it found,
/// or the first broken promise:
///
/// 1. In each receipt series, the numbers held by payments and cancellations together are exactly
///    `1..=last` of `number_series`: none skipped, none used twice, none beyond the last (which the next
///    payment would take again), each written as `cash::receipt_number` writes it.
/// 2. Each payment, cancellation and session has exactly one outbox row of its kind carrying it, and no
///    cash outbox row carries a record that does not exist.
/// 3. `PRAGMA integrity_check` is ok.
/// 4. Each cancellation cancels an existing payment.
///
/// A failed query panics: that is a broken file, not a broken promise, and fails the test either way.
fn check(conn: &Connection) -> Result<Ledger, String> {
    let integrity: Vec<String> = conn
        .prepare("PRAGMA integrity_check")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    if integrity != ["ok"] {
        return Err(format!("integrity_check: {integrity:?}"));
    }

    let orphans: Vec<String> = conn
        .prepare(
            "SELECT c.receipt_number FROM cancellations c LEFT JOIN payments p ON p.id = c.payment_id \
             WHERE p.id IS NULL",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    if !orphans.is_empty() {
        return Err(format!(
            "cancellations of a payment that does not exist: {orphans:?}"
        ));
    }

    // Every numbered document, grouped by series: (seq, document, number as written).
    type Series = BTreeMap<(String, String, i64), Vec<(i64, Doc, String)>>;
    let mut series: Series = BTreeMap::new();
    let mut ledger = Ledger::default();
    let mut docs = conn
        .prepare(
            "SELECT 'p', d.id, s.spot, s.counter, d.receipt_year, d.receipt_seq, d.receipt_number \
             FROM payments d LEFT JOIN cash_sessions s ON s.id = d.session_id \
             UNION ALL \
             SELECT 'c', d.id, s.spot, s.counter, d.receipt_year, d.receipt_seq, d.receipt_number \
             FROM cancellations d LEFT JOIN cash_sessions s ON s.id = d.session_id",
        )
        .unwrap();
    let mut rows = docs.query([]).unwrap();
    while let Some(row) = rows.next().unwrap() {
        let doc = Doc {
            kind: if row.get::<_, String>(0).unwrap() == "p" {
                ledger.payments += 1;
                kind::CASH_PAYMENT
            } else {
                ledger.cancellations += 1;
                kind::CASH_CANCELLATION
            },
            id: row.get(1).unwrap(),
        };
        let (Some(spot), Some(counter)) = (row.get::<_, Option<String>>(2).unwrap(), row.get(3).unwrap())
        else {
            return Err(format!("{doc:?} belongs to no session"));
        };
        let year: i64 = row.get(4).unwrap();
        series.entry((spot, counter, year)).or_default().push((
            row.get(5).unwrap(),
            doc,
            row.get(6).unwrap(),
        ));
    }

    let lasts: BTreeMap<(String, String, i64), i64> = conn
        .prepare("SELECT spot, counter, year, last FROM number_series WHERE series = 'receipt'")
        .unwrap()
        .query_map([], |r| Ok(((r.get(0)?, r.get(1)?, r.get(2)?), r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let keys: BTreeSet<_> = series.keys().chain(lasts.keys()).cloned().collect();
    for key in keys {
        let (spot, counter, year) = &key;
        let Some(&last) = lasts.get(&key) else {
            return Err(format!(
                "documents numbered in {key:?}, a series number_series does not know"
            ));
        };
        let mut numbered = series.remove(&key).unwrap_or_default();
        numbered.sort_by_key(|(seq, _, _)| *seq);
        for pair in numbered.windows(2) {
            if pair[0].0 == pair[1].0 {
                return Err(format!(
                    "{key:?}: number {} used twice, by {:?} and {:?}",
                    pair[0].0, pair[0].1, pair[1].1
                ));
            }
        }
        let seqs: BTreeSet<i64> = numbered.iter().map(|(seq, _, _)| *seq).collect();
        if let Some(skipped) = (1..=last).find(|n| !seqs.contains(n)) {
            return Err(format!("{key:?}: number {skipped} skipped (last issued {last})"));
        }
        if let Some(beyond) = seqs.iter().find(|&&n| n < 1 || n > last) {
            return Err(format!(
                "{key:?}: number {beyond} held by a document but not issued (last {last}): it would be reused"
            ));
        }
        let year = i32::try_from(*year).unwrap();
        for (seq, doc, number) in numbered {
            let expected = cash::receipt_number(spot, counter, year, seq);
            if number != expected {
                return Err(format!(
                    "{doc:?}: number {number:?}, expected {expected:?} for {seq}"
                ));
            }
            if let Some(other) = ledger.numbers.insert(number.clone(), doc.clone()) {
                return Err(format!("{number} held by both {other:?} and {doc:?}"));
            }
        }
        ledger.last.insert(key, last);
    }

    // The outbox: one row per record, carrying that record (its id, and its number where it has one).
    let mut carried: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut stmt = conn
        .prepare("SELECT kind, payload FROM outbox WHERE kind IN (?1, ?2, ?3)")
        .unwrap();
    let mut rows = stmt
        .query([
            kind::CASH_PAYMENT,
            kind::CASH_CANCELLATION,
            kind::CASH_SESSION_OPENED,
        ])
        .unwrap();
    while let Some(row) = rows.next().unwrap() {
        let row_kind: String = row.get(0).unwrap();
        let payload: String = row.get(1).unwrap();
        let json: serde_json::Value =
            serde_json::from_str(&payload).map_err(|e| format!("{row_kind} payload {payload:?}: {e}"))?;
        let Some(id) = json["id"].as_str() else {
            return Err(format!("{row_kind} payload without an id: {payload}"));
        };
        if let Some(number) = json.get("receipt_number").and_then(|n| n.as_str())
            && ledger.numbers.get(number).is_none_or(|doc| doc.id != id)
        {
            return Err(format!(
                "{row_kind} row of {id} carries {number}, which is not that record's"
            ));
        }
        *carried.entry((row_kind, id.to_string())).or_default() += 1;
    }
    let sessions: Vec<String> = conn
        .prepare("SELECT id FROM cash_sessions")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let records = ledger
        .numbers
        .values()
        .map(|doc| (doc.kind, doc.id.clone()))
        .chain(sessions.into_iter().map(|id| (kind::CASH_SESSION_OPENED, id)));
    for (record_kind, id) in records {
        match carried.remove(&(record_kind.to_string(), id.clone())) {
            Some(1) => {}
            n => return Err(format!("{record_kind} {id} has {} outbox rows", n.unwrap_or(0))),
        }
    }
    if let Some(((row_kind, id), _)) = carried.into_iter().next() {
        return Err(format!(
            "a {row_kind} outbox row carries {id}, which was never recorded"
        ));
    }
    Ok(ledger)
}

/// The writer's device key (fixed, so the parent can verify what the child signed).
fn audit_key() -> balcao_audit::DeviceKey {
    balcao_audit::DeviceKey::from_seed(&[42; 32])
}

/// The audit trail survived the kill: the chain verifies from the head verified after the previous
/// round (a crash can only touch the tail, and verifying everything each round would cost minutes),
/// and every outbox row has exactly one entry naming it (nothing is ever acknowledged in this test,
/// so the two match one to one). Returns the new verified head.
fn check_audit(store: &Store, conn: &Connection, from: Head) -> Result<Head, String> {
    let new = store
        .audit_entries(from.seq, usize::MAX >> 1)
        .map_err(|e| e.to_string())?;
    let head = balcao_audit::verify_chain(from, &new, &audit_key().public())
        .map_err(|problem| format!("the audit chain is broken: {problem}"))?;
    let mut outbox: Vec<String> = conn
        .prepare("SELECT record_id FROM outbox ORDER BY record_id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut audited: Vec<String> = store
        .audit_entries(0, usize::MAX >> 1)
        .map_err(|e| e.to_string())?
        .into_iter()
        .filter_map(|entry| entry.record_ids.first().cloned())
        .collect();
    outbox.sort();
    audited.sort();
    if head.seq != outbox.len() as u64 || audited != outbox {
        return Err(format!(
            "{} audit entries for {} outbox rows",
            head.seq,
            outbox.len()
        ));
    }
    Ok(head)
}

/// Kills and reaps the writer when dropped, so that no failed assertion leaves it running.
struct Writer(Child);

impl Drop for Writer {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// What one writer reported before it was killed.
struct Round {
    /// The (kind, number) of each document the writer was told had been committed.
    acknowledged: Vec<(String, String)>,
}

/// Whether the process ended by SIGKILL (on Unix), and not on its own (a panic exits with 101).
fn killed(status: ExitStatus) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        status.signal() == Some(9)
    }
    #[cfg(not(unix))]
    {
        !status.success() && status.code() != Some(101)
    }
}

/// Starts a writer on `db`, waits until it is ready, lets it write for `pause`, and kills it.
fn run_writer(db: &Path, pause: Duration) -> Round {
    let mut writer = Writer(
        Command::new(std::env::current_exe().unwrap())
            .args(["crash_writer_child", "--exact", "--nocapture", "--test-threads=1"])
            .env(CHILD_DB, db)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let mut stdout: BufReader<ChildStdout> = BufReader::new(writer.0.stdout.take().unwrap());
    let mut before = String::new();
    loop {
        let mut line = String::new();
        if stdout.read_line(&mut line).unwrap() == 0 {
            let _ = writer.0.wait();
            let mut stderr = String::new();
            let _ = writer.0.stderr.take().unwrap().read_to_string(&mut stderr);
            panic!("the writer stopped before it was ready:\n{before}\n{stderr}");
        }
        // The test harness prints its own lines first.
        if line.trim_end().ends_with(READY) {
            break;
        }
        before.push_str(&line);
    }
    std::thread::sleep(pause);
    writer.0.kill().unwrap();
    let status = writer.0.wait().unwrap();
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).unwrap();
    let mut stderr = String::new();
    writer
        .0
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(
        killed(status),
        "the writer ended on its own ({status}):\n{rest}\n{stderr}"
    );
    // The last line may have been cut by the kill; a cut line names no complete number.
    let acknowledged = rest
        .lines()
        .filter_map(|l| l.split_once(' '))
        .filter(|(k, n)| [kind::CASH_PAYMENT, kind::CASH_CANCELLATION].contains(k) && n.len() >= 21)
        .map(|(k, n)| (k.to_string(), n.to_string()))
        .collect();
    Round { acknowledged }
}

fn env_u64(var: &str) -> Option<u64> {
    let value = std::env::var(var).ok()?;
    let parsed = match value.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16),
        None => value.parse(),
    };
    Some(parsed.unwrap_or_else(|e| panic!("{var}={value}: {e}")))
}

#[test]
fn receipt_numbers_stay_gapless_when_the_writer_is_killed_at_random_points() {
    let runs = env_u64(RUNS_VAR).unwrap_or(DEFAULT_RUNS);
    let seed = env_u64(SEED_VAR).unwrap_or(DEFAULT_SEED);
    println!("cash_crash: {runs} rounds, seed {seed:#x} (override with {RUNS_VAR}, {SEED_VAR})");
    let dir = TempDir::new("cash-crash");
    let mut rng = Rng::new(seed);
    let started = Instant::now();
    // Every number issued so far, with its document: a later round must find each exactly as it was.
    let mut issued: BTreeMap<String, Doc> = BTreeMap::new();
    let (mut acknowledged, mut rounds_with_commits, mut rounds_unacknowledged) = (0, 0, 0);
    let mut figures = Ledger::default();
    let o = origin();

    let mut audited = Head::EMPTY;
    for round in 0..runs {
        // One round in eight kills the writer as soon as it is ready; the others after up to 25 ms.
        let pause = if rng.below(8) == 0 {
            Duration::ZERO
        } else {
            Duration::from_micros(rng.below(MAX_PAUSE_MICROS + 1))
        };
        let report = run_writer(&dir.db(), pause);
        let context = format!("round {round} of seed {seed:#x}, killed after {pause:?}");

        // Opening the store replays the WAL the writer left behind.
        let store = Store::open(&dir.db()).unwrap();
        let conn = Connection::open(dir.db()).unwrap();
        let ledger = check(&conn).unwrap_or_else(|e| panic!("{context}: {e}"));
        audited = check_audit(&store, &conn, audited).unwrap_or_else(|e| panic!("{context}: {e}"));
        assert!(
            store.open_session(&o.spot, &o.counter).unwrap().is_some(),
            "{context}: the session was lost"
        );
        assert!(
            store.open_attendance().unwrap().is_some(),
            "{context}: the attendance was lost"
        );
        for (number, doc) in &issued {
            assert_eq!(
                ledger.numbers.get(number),
                Some(doc),
                "{context}: {number} changed hands"
            );
        }
        for (k, number) in &report.acknowledged {
            assert!(
                ledger.numbers.get(number).is_some_and(|doc| doc.kind == k),
                "{context}: {k} {number} was acknowledged but is not in the file"
            );
        }
        let new = ledger.numbers.len() - issued.len();
        rounds_with_commits += usize::from(new > 0);
        rounds_unacknowledged += usize::from(new > report.acknowledged.len());
        acknowledged += report.acknowledged.len();
        issued.clone_from(&ledger.numbers);
        figures = ledger;
    }

    let last = figures.last.values().copied().max().unwrap_or(0);
    println!(
        "cash_crash: {runs} rounds in {:.1?}: {} payments, {} cancellations, last number {last}; \
         {rounds_with_commits} rounds committed something before the kill, in {rounds_unacknowledged} the \
         last commit reached the file but never returned to the writer; {acknowledged} documents acknowledged",
        started.elapsed(),
        figures.payments,
        figures.cancellations,
    );
    assert_eq!(figures.last.len(), 1, "one counter, one year: one series");
    assert_eq!(
        usize::try_from(last).unwrap(),
        figures.payments + figures.cancellations
    );
    // The test proves nothing unless the writer got far enough to be killed mid-work. The bounds are
    // loose (a busy CI disk is several times slower than a developer's): half a payment per round, and
    // a tenth of the rounds with a commit.
    assert!(
        figures.payments as u64 >= runs / 2,
        "too few payments: {}",
        figures.payments
    );
    assert!(figures.cancellations > 0, "no cancellation was ever recorded");
    assert!(
        rounds_with_commits as u64 >= runs / 10,
        "only {rounds_with_commits} of {runs} rounds committed anything before the kill"
    );
}

/// A payment or cancellation row of the series `EC-0427-2-2026`, inserted by hand.
fn insert_doc(table: &str, id: &str, session: &str, other: &str, seq: i64) -> String {
    let number = cash::receipt_number("EC-0427", "2", 2026, seq);
    match table {
        "payments" => format!(
            "INSERT INTO payments (id, session_id, attendance_id, line, service_id, entity_id, variant, fee, \
             collected, change_given, method, method_detail, receipt_year, receipt_seq, receipt_number, \
             created_at) VALUES ('{id}', '{session}', '{other}', 0, '{SERVICE}', 'irn', 'normal', 500, 500, \
             0, 'card', '{{\"method\":\"card\",\"terminal_ref\":\"T0001\"}}', 2026, {seq}, '{number}', {});",
            t(100).0
        ),
        _ => format!(
            "INSERT INTO cancellations (id, payment_id, session_id, reason, receipt_year, receipt_seq, \
             receipt_number, created_at) VALUES ('{id}', '{other}', '{session}', 'Por engano', 2026, {seq}, \
             '{number}', {});",
            t(100).0
        ),
    }
}

/// The outbox row that would carry a hand-inserted document.
fn insert_outbox(row_kind: &str, id: &str, number: &str) -> String {
    format!(
        "INSERT INTO outbox (record_id, kind, attendance_id, payload, created_at) VALUES \
         (lower(hex(randomblob(16))), '{row_kind}', 'x', \
         '{{\"id\":\"{id}\",\"receipt_number\":\"{number}\"}}', {});",
        t(100).0
    )
}

#[test]
fn the_check_detects_a_gap_and_a_reuse() {
    let dir = TempDir::new("cash-crash-check");
    let (session, attendance, first) = {
        let mut store = Store::open(&dir.db()).unwrap();
        let a = store.begin_attendance(origin(), t(0)).unwrap();
        store.add_service(&a.id, SERVICE, t(1)).unwrap();
        let s = store
            .begin_session(origin(), Money::from_cents(5000), t(2))
            .unwrap();
        let mut rng = Rng::new(1);
        let p1 = store
            .record_payment(&s.id, random_payment(&mut rng, &a.id), t(3))
            .unwrap();
        let p2 = store
            .record_payment(&s.id, random_payment(&mut rng, &a.id), t(4))
            .unwrap();
        store
            .record_payment(&s.id, random_payment(&mut rng, &a.id), t(5))
            .unwrap();
        store.cancel_payment(&p2.id, "Serviço errado", t(6)).unwrap();
        (s.id, a.id, p1.id)
    };
    let conn = Connection::open(dir.db()).unwrap();
    // Off, so that a cancellation of a payment that does not exist can be written at all.
    conn.pragma_update(None, "foreign_keys", "OFF").unwrap();
    let ledger = check(&conn).unwrap();
    assert_eq!((ledger.payments, ledger.cancellations), (3, 1));
    assert_eq!(ledger.last.values().collect::<Vec<_>>(), [&4]);

    let n = |seq| cash::receipt_number("EC-0427", "2", 2026, seq);
    let bump = |last: i64| format!("UPDATE number_series SET last = {last} WHERE series = 'receipt';");
    let cases = [
        // A number taken but never used: the series says 5, no document holds it.
        ("a skipped number", bump(5), "number 5 skipped"),
        // A document numbered 6 right after 4.
        (
            "a payment numbered past a gap",
            [
                bump(6),
                insert_doc("payments", "p6", &session, &attendance, 6),
                insert_outbox(kind::CASH_PAYMENT, "p6", &n(6)),
            ]
            .concat(),
            "number 5 skipped",
        ),
        // The series rolled back without the document: the next payment would be numbered 4 again.
        (
            "a number the series would reissue",
            bump(3),
            "number 4 held by a document but not issued",
        ),
        // Two documents with the same number (written differently, past the UNIQUE index).
        (
            "a reused number",
            [
                bump(5),
                insert_doc("payments", "p5", &session, &attendance, 5),
                insert_outbox(kind::CASH_PAYMENT, "p5", &n(5)),
                insert_doc("payments", "p2bis", &session, &attendance, 2)
                    .replace(&n(2), &format!("{} ", n(2))),
            ]
            .concat(),
            "number 2 used twice",
        ),
        // A cancellation holding its number in the payment series.
        (
            "a cancellation reusing a payment's number",
            insert_doc("cancellations", "c3", &session, &first, 3).replace(&n(3), "EC-0427-2-2026/3"),
            "number 3 used twice",
        ),
        (
            "a payment without its outbox row",
            [bump(5), insert_doc("payments", "p5", &session, &attendance, 5)].concat(),
            "cash.payment p5 has 0 outbox rows",
        ),
        (
            "a payment with two outbox rows",
            [
                bump(5),
                insert_doc("payments", "p5", &session, &attendance, 5),
                insert_outbox(kind::CASH_PAYMENT, "p5", &n(5)),
            ]
            .concat()
                + &insert_outbox(kind::CASH_PAYMENT, "p5", &n(5)),
            "cash.payment p5 has 2 outbox rows",
        ),
        (
            "an outbox row without its record",
            insert_outbox(kind::CASH_CANCELLATION, "ghost", &n(9)),
            "carries EC-0427-2-2026/000009, which is not that record's",
        ),
        (
            "a cancellation of a payment that does not exist",
            [
                bump(5),
                insert_doc("cancellations", "c5", &session, "nope", 5),
                insert_outbox(kind::CASH_CANCELLATION, "c5", &n(5)),
            ]
            .concat(),
            "cancellations of a payment that does not exist",
        ),
    ];
    for (what, sql, expected) in cases {
        // Payments and cancellations can never be deleted, so each tampering is rolled back instead.
        conn.execute_batch("BEGIN").unwrap();
        conn.execute_batch(&sql)
            .unwrap_or_else(|e| panic!("{what}: {e}\n{sql}"));
        let found = check(&conn);
        conn.execute_batch("ROLLBACK").unwrap();
        let err = found.err().unwrap_or_else(|| panic!("{what} went unnoticed"));
        assert!(err.contains(expected), "{what}: {err}");
        check(&conn).unwrap_or_else(|e| panic!("after {what} was rolled back: {e}"));
    }
    // An outbox row whose payload names no number and no record at all.
    conn.execute_batch("BEGIN").unwrap();
    conn.execute_batch(&format!(
        "INSERT INTO outbox (record_id, kind, attendance_id, payload, created_at) VALUES \
         ('ghost', '{}', 'x', '{{\"id\":\"ghost\"}}', 0)",
        kind::CASH_PAYMENT
    ))
    .unwrap();
    let found = check(&conn);
    conn.execute_batch("ROLLBACK").unwrap();
    assert!(
        found
            .err()
            .unwrap()
            .contains("carries ghost, which was never recorded")
    );
}
