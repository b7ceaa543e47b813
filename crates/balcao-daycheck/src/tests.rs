//! The report builder with a fake observation for each failure, the record's shape, and the messages.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::report::*;
use balcao_core::attendance::UtcMillis;
use balcao_core::text::Lang;
use std::collections::BTreeSet;

const HOUR: i64 = 60 * 60 * 1000;
const NOW: UtcMillis = UtcMillis(1_736_240_000_000);
const GIB: u64 = 1024 * 1024 * 1024;
const MIB: u64 = 1024 * 1024;

fn up(url: &str) -> PortalObs {
    PortalObs {
        url: url.into(),
        outcome: PortalOutcome::Reachable {
            status: 200,
            millis: 80,
        },
    }
}

fn down(url: &str) -> PortalObs {
    PortalObs {
        url: url.into(),
        outcome: PortalOutcome::Timeout,
    }
}

/// A counter where everything works.
fn good() -> Observations {
    Observations {
        monitors: MonitorObs {
            count: 2,
            citizen_on_own_monitor: true,
        },
        printer: PrinterObs::Idle {
            name: "Balcao1".into(),
        },
        card_reader: ReaderObs::Present {
            name: "SCR3310 v2.0 USB SC Reader".into(),
        },
        portals: vec![up("https://eportugal.gov.pt/a"), up("https://www.irn.mj.pt/b")],
        central: CentralObs {
            enrolled: true,
            reachable: Some(true),
            last_sync: Some(UtcMillis(NOW.0 - HOUR)),
            unsynced: 4,
            clock_offset_ms: Some(-800),
        },
        disk: DiskObs {
            free_bytes: Some(40 * GIB),
            total_bytes: Some(120 * GIB),
        },
    }
}

fn one(obs: &Observations, check: CheckId) -> Item {
    build(obs, NOW).item(check).cloned().unwrap()
}

/// Asserts an item's status, message id and action id.
fn expect(item: &Item, status: Status, message: &str, action: Option<&str>) {
    assert_eq!(
        (
            item.status,
            item.message.id.as_str(),
            item.action.as_ref().map(|a| a.id.as_str())
        ),
        (status, message, action),
        "{item:?}"
    );
}

fn arg<'a>(msg: &'a Msg, name: &str) -> &'a str {
    msg.args
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no argument {name} in {msg:?}"))
}

#[test]
fn all_good_is_all_ok_in_order_without_actions() {
    let report = build(&good(), NOW);
    let checks: Vec<CheckId> = report.items.iter().map(|i| i.check).collect();
    assert_eq!(checks, CheckId::ALL);
    for item in &report.items {
        assert_eq!(item.status, Status::Ok, "{item:?}");
        assert_eq!(item.action, None, "{item:?}");
    }
    assert_eq!(report.worst(), Status::Ok);
    assert_eq!(report.at, NOW);
}

#[test]
fn one_monitor_fails_and_a_misplaced_citizen_window_warns() {
    let mut obs = good();
    obs.monitors.count = 1;
    expect(
        &one(&obs, CheckId::CitizenMonitor),
        Status::Fail,
        "daycheck-monitor-missing",
        Some("daycheck-monitor-missing-action"),
    );
    let report = build(&obs, NOW);
    assert_eq!(report.worst(), Status::Fail);

    obs.monitors = MonitorObs {
        count: 3,
        citizen_on_own_monitor: false,
    };
    expect(
        &one(&obs, CheckId::CitizenMonitor),
        Status::Warn,
        "daycheck-monitor-misplaced",
        Some("daycheck-monitor-misplaced-action"),
    );
    obs.monitors.count = 0;
    expect(
        &one(&obs, CheckId::CitizenMonitor),
        Status::Skipped,
        "daycheck-monitor-unknown",
        None,
    );
}

#[test]
fn each_printer_failure() {
    let cases = [
        (
            PrinterObs::Busy {
                name: "Balcao1".into(),
                jobs: 3,
            },
            Status::Warn,
            "daycheck-printer-busy",
            Some("daycheck-printer-busy-action"),
        ),
        (
            PrinterObs::Stopped {
                name: "Balcao1".into(),
                reason: "media-empty-error".into(),
            },
            Status::Fail,
            "daycheck-printer-stopped",
            Some("daycheck-printer-stopped-action"),
        ),
        (
            PrinterObs::Missing {
                name: Some("Balcao1".into()),
            },
            Status::Fail,
            "daycheck-printer-missing",
            Some("daycheck-printer-missing-action"),
        ),
        (
            PrinterObs::Missing { name: None },
            Status::Fail,
            "daycheck-printer-no-default",
            Some("daycheck-call-support-action"),
        ),
        (
            PrinterObs::NoSpooler {
                detail: "lpstat not found".into(),
            },
            Status::Fail,
            "daycheck-printer-no-spooler",
            Some("daycheck-call-support-action"),
        ),
        (
            PrinterObs::NotChecked,
            Status::Skipped,
            "daycheck-printer-not-checked",
            None,
        ),
    ];
    for (printer, status, message, action) in cases {
        let obs = Observations { printer, ..good() };
        let item = one(&obs, CheckId::Printer);
        expect(&item, status, message, action);
        // Every other line stays green: a failure is reported where it is.
        let report = build(&obs, NOW);
        assert_eq!(report.worst(), status.max_with_ok());
    }
    let busy = one(
        &Observations {
            printer: PrinterObs::Busy {
                name: "Balcao1".into(),
                jobs: 3,
            },
            ..good()
        },
        CheckId::Printer,
    );
    assert_eq!(arg(&busy.message, "jobs"), "3");
    assert_eq!(busy.detail["jobs"], 3);
}

/// What `worst()` is for a report whose other items are all Ok.
trait WithOk {
    fn max_with_ok(self) -> Status;
}

impl WithOk for Status {
    fn max_with_ok(self) -> Status {
        match self {
            Status::Skipped | Status::Ok => Status::Ok,
            other => other,
        }
    }
}

#[test]
fn each_card_reader_failure() {
    let mut obs = good();
    obs.card_reader = ReaderObs::Absent;
    expect(
        &one(&obs, CheckId::CardReader),
        Status::Fail,
        "daycheck-reader-absent",
        Some("daycheck-reader-absent-action"),
    );
    obs.card_reader = ReaderObs::Unknown {
        detail: "/sys/bus/usb/devices: No such file or directory".into(),
    };
    expect(
        &one(&obs, CheckId::CardReader),
        Status::Warn,
        "daycheck-reader-unknown",
        Some("daycheck-call-support-action"),
    );
    obs.card_reader = ReaderObs::NotChecked;
    expect(
        &one(&obs, CheckId::CardReader),
        Status::Skipped,
        "daycheck-reader-not-checked",
        None,
    );
}

#[test]
fn some_portals_down_warn_most_down_fail() {
    let mut obs = good();
    obs.portals = vec![
        up("https://a.gov.pt/x"),
        PortalObs {
            url: "https://b.gov.pt/y".into(),
            outcome: PortalOutcome::HttpError { status: 503 },
        },
        up("https://c.gov.pt/"),
        // A login page refusing us is a server that is up.
        PortalObs {
            url: "https://d.gov.pt/".into(),
            outcome: PortalOutcome::Reachable {
                status: 403,
                millis: 10,
            },
        },
    ];
    let item = one(&obs, CheckId::Portals);
    expect(
        &item,
        Status::Warn,
        "daycheck-portals-some-down",
        Some("daycheck-portals-some-down-action"),
    );
    assert_eq!(arg(&item.message, "failed"), "1");
    assert_eq!(arg(&item.message, "total"), "4");
    assert_eq!(arg(&item.message, "hosts"), "b.gov.pt");

    // Exactly half is not "more than half".
    obs.portals[0] = down("https://a.gov.pt/x");
    assert_eq!(one(&obs, CheckId::Portals).status, Status::Warn);

    obs.portals[2] = PortalObs {
        url: "https://c.gov.pt/".into(),
        outcome: PortalOutcome::Unreachable {
            detail: "dns error".into(),
        },
    };
    let item = one(&obs, CheckId::Portals);
    expect(
        &item,
        Status::Fail,
        "daycheck-portals-most-down",
        Some("daycheck-portals-most-down-action"),
    );
    assert_eq!(arg(&item.message, "hosts"), "a.gov.pt, b.gov.pt, c.gov.pt");
}

#[test]
fn the_portal_message_names_three_hosts_and_the_record_all() {
    let obs = Observations {
        portals: (1..=5).map(|i| down(&format!("https://p{i}.gov.pt/s"))).collect(),
        ..good()
    };
    let item = one(&obs, CheckId::Portals);
    assert_eq!(item.status, Status::Fail);
    assert_eq!(arg(&item.message, "hosts"), "p1.gov.pt, p2.gov.pt, p3.gov.pt, …");
    assert_eq!(item.detail["failed_hosts"].as_array().unwrap().len(), 5);
    assert_eq!(item.detail["failed"], 5);
    let none = Observations {
        portals: Vec::new(),
        ..good()
    };
    expect(
        &one(&none, CheckId::Portals),
        Status::Skipped,
        "daycheck-portals-none",
        None,
    );
}

#[test]
fn not_enrolled_is_skipped_not_failed() {
    let mut obs = good();
    obs.central = CentralObs {
        enrolled: false,
        reachable: None,
        last_sync: None,
        unsynced: 12,
        clock_offset_ms: None,
    };
    expect(
        &one(&obs, CheckId::Central),
        Status::Skipped,
        "daycheck-central-not-enrolled",
        None,
    );
    expect(
        &one(&obs, CheckId::Clock),
        Status::Skipped,
        "daycheck-clock-not-checked",
        None,
    );
}

#[test]
fn the_last_sync_ages_warn_then_fail() {
    let mut obs = good();
    obs.central.last_sync = Some(UtcMillis(NOW.0 - 25 * HOUR));
    let item = one(&obs, CheckId::Central);
    expect(
        &item,
        Status::Warn,
        "daycheck-central-sync-old",
        Some("daycheck-central-sync-old-action"),
    );
    assert_eq!(arg(&item.message, "days"), "1");
    assert_eq!(item.detail["sync_age_ms"], 25 * HOUR);

    obs.central.last_sync = Some(UtcMillis(NOW.0 - 24 * HOUR));
    assert_eq!(one(&obs, CheckId::Central).status, Status::Ok);

    obs.central.last_sync = Some(UtcMillis(NOW.0 - 73 * HOUR));
    let item = one(&obs, CheckId::Central);
    expect(
        &item,
        Status::Fail,
        "daycheck-central-sync-old",
        Some("daycheck-central-sync-old-action"),
    );
    assert_eq!(arg(&item.message, "days"), "3");

    obs.central.last_sync = None;
    expect(
        &one(&obs, CheckId::Central),
        Status::Warn,
        "daycheck-central-never-synced",
        Some("daycheck-central-sync-old-action"),
    );
}

#[test]
fn the_central_unreachable_explains_first_unless_something_is_worse() {
    let mut obs = good();
    obs.central.reachable = Some(false);
    obs.central.unsynced = 900;
    expect(
        &one(&obs, CheckId::Central),
        Status::Warn,
        "daycheck-central-unreachable",
        Some("daycheck-central-unreachable-action"),
    );
    obs.central.last_sync = Some(UtcMillis(NOW.0 - 80 * HOUR));
    expect(
        &one(&obs, CheckId::Central),
        Status::Fail,
        "daycheck-central-sync-old",
        Some("daycheck-central-sync-old-action"),
    );
}

#[test]
fn a_backlog_warns_above_the_threshold() {
    let mut obs = good();
    obs.central.unsynced = UNSYNCED_WARN_ABOVE;
    assert_eq!(one(&obs, CheckId::Central).status, Status::Ok);
    obs.central.unsynced = UNSYNCED_WARN_ABOVE + 1;
    let item = one(&obs, CheckId::Central);
    expect(
        &item,
        Status::Warn,
        "daycheck-central-backlog",
        Some("daycheck-central-sync-old-action"),
    );
    assert_eq!(arg(&item.message, "count"), "501");
}

#[test]
fn low_disk_warns_then_fails() {
    let mut obs = good();
    obs.disk.free_bytes = Some(DISK_WARN_BELOW_BYTES);
    assert_eq!(one(&obs, CheckId::Disk).status, Status::Ok);
    obs.disk.free_bytes = Some(GIB);
    let item = one(&obs, CheckId::Disk);
    expect(
        &item,
        Status::Warn,
        "daycheck-disk-low",
        Some("daycheck-disk-low-action"),
    );
    assert_eq!(arg(&item.message, "free_mb"), "1024");
    obs.disk.free_bytes = Some(100 * MIB);
    expect(
        &one(&obs, CheckId::Disk),
        Status::Fail,
        "daycheck-disk-low",
        Some("daycheck-disk-low-action"),
    );
    obs.disk = DiskObs::default();
    expect(
        &one(&obs, CheckId::Disk),
        Status::Skipped,
        "daycheck-disk-unknown",
        None,
    );
}

#[test]
fn a_clock_off_warns_then_fails_and_says_which_way() {
    let mut obs = good();
    obs.central.clock_offset_ms = Some(CLOCK_WARN_ABOVE_MS);
    assert_eq!(one(&obs, CheckId::Clock).status, Status::Ok);
    // The central server is 90 s ahead: the local clock is behind.
    obs.central.clock_offset_ms = Some(90_000);
    let item = one(&obs, CheckId::Clock);
    expect(
        &item,
        Status::Warn,
        "daycheck-clock-behind",
        Some("daycheck-clock-action"),
    );
    assert_eq!(
        (arg(&item.message, "minutes"), arg(&item.message, "seconds")),
        ("1", "90")
    );
    // The central server is 10 minutes behind: the local clock is ahead.
    obs.central.clock_offset_ms = Some(-600_000);
    let item = one(&obs, CheckId::Clock);
    expect(
        &item,
        Status::Fail,
        "daycheck-clock-ahead",
        Some("daycheck-clock-action"),
    );
    assert_eq!(arg(&item.message, "minutes"), "10");
    assert_eq!(item.detail["offset_ms"], -600_000);
    obs.central.clock_offset_ms = None;
    assert_eq!(one(&obs, CheckId::Clock).status, Status::Skipped);
}

#[test]
fn worst_orders_fail_warn_ok_skipped() {
    let mut report = build(&good(), NOW);
    for item in &mut report.items {
        item.status = Status::Skipped;
    }
    assert_eq!(report.worst(), Status::Skipped);
    report.items[3].status = Status::Ok;
    assert_eq!(report.worst(), Status::Ok);
    report.items[1].status = Status::Warn;
    assert_eq!(report.worst(), Status::Warn);
    report.items[6].status = Status::Fail;
    assert_eq!(report.worst(), Status::Fail);
    assert_eq!(
        Report {
            at: NOW,
            items: Vec::new()
        }
        .worst(),
        Status::Skipped
    );
}

#[test]
fn slugs_are_stable_and_match_serde() {
    let slugs: Vec<&str> = CheckId::ALL.iter().map(|c| c.slug()).collect();
    assert_eq!(
        slugs,
        [
            "citizen-monitor",
            "printer",
            "card-reader",
            "portals",
            "central",
            "disk",
            "clock"
        ]
    );
    for c in CheckId::ALL {
        assert_eq!(serde_json::to_value(c).unwrap(), c.slug());
    }
    for s in [Status::Ok, Status::Warn, Status::Fail, Status::Skipped] {
        assert_eq!(serde_json::to_value(s).unwrap(), s.slug());
    }
}

/// The record's keys, per check: anything new must be added here on purpose (and be non-personal).
fn allowed_detail(check: &str) -> &'static [&'static str] {
    match check {
        "citizen-monitor" => &["monitors", "citizen_on_own_monitor"],
        "printer" => &["state", "printer", "jobs", "reason", "error"],
        "card-reader" => &["state", "reader", "error"],
        "portals" => &["checked", "failed", "failed_hosts"],
        "central" => &["enrolled", "reachable", "sync_age_ms", "unsynced"],
        "disk" => &["free_bytes", "total_bytes"],
        "clock" => &["offset_ms"],
        other => panic!("unexpected check {other}"),
    }
}

fn assert_record_shape(record: &serde_json::Value) {
    let top: BTreeSet<&str> = record.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(top, BTreeSet::from(["at", "items"]));
    for item in record["items"].as_array().unwrap() {
        let keys: BTreeSet<&str> = item.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, BTreeSet::from(["check", "status", "detail"]), "{item}");
        let check = item["check"].as_str().unwrap();
        for key in item["detail"].as_object().unwrap().keys() {
            assert!(
                allowed_detail(check).contains(&key.as_str()),
                "unexpected detail {key} in {item}"
            );
        }
    }
}

#[test]
fn the_record_has_slugs_and_facts_only() {
    let mut obs = good();
    obs.printer = PrinterObs::Busy {
        name: "Balcao1".into(),
        jobs: 2,
    };
    obs.portals.push(down("https://www.seg-social.pt/ptss"));
    obs.central.clock_offset_ms = Some(-600_000);
    let record = build(&obs, NOW).to_record();
    assert_record_shape(&record);
    assert_eq!(record["at"], NOW.0);
    let items = record["items"].as_array().unwrap();
    assert_eq!(items.len(), 7);
    assert_eq!(items[1]["check"], "printer");
    assert_eq!(items[1]["status"], "warn");
    assert_eq!(items[1]["detail"]["printer"], "Balcao1");
    assert_eq!(items[1]["detail"]["jobs"], 2);
    assert_eq!(items[3]["detail"]["failed_hosts"][0], "www.seg-social.pt");
    assert_eq!(items[4]["detail"]["sync_age_ms"], HOUR);
    assert_eq!(items[5]["detail"]["free_bytes"], 40 * GIB);
    assert_eq!(items[6]["status"], "fail");
    // No sentence and no message id leaves the counter.
    let text = record.to_string();
    assert!(!text.contains("daycheck-"), "{text}");
    // Every failure's record has the same shape.
    for obs in every_failure() {
        assert_record_shape(&build(&obs, NOW).to_record());
    }
}

#[test]
fn a_printer_reason_leaves_only_as_spooler_keywords() {
    let reason = |text: &str| {
        let obs = Observations {
            printer: PrinterObs::Stopped {
                name: "Balcao1".into(),
                reason: text.into(),
            },
            ..good()
        };
        one(&obs, CheckId::Printer).detail["reason"].clone()
    };
    assert_eq!(
        reason("media-empty-error offline-report"),
        "media-empty-error offline-report"
    );
    assert_eq!(reason("Paused"), "Paused");
    assert_eq!(reason("Avariada, ligar ao Sr. Silva 912345678"), "other");
}

#[test]
fn the_report_round_trips_through_json() {
    let mut obs = good();
    obs.central.clock_offset_ms = Some(400_000);
    obs.portals.push(down("https://x.gov.pt"));
    let report = build(&obs, NOW);
    let text = serde_json::to_string(&report).unwrap();
    let back: Report = serde_json::from_str(&text).unwrap();
    assert_eq!(back, report);
}

/// One observation set per way each check can go, to enumerate the messages the builder produces.
fn every_failure() -> Vec<Observations> {
    let mut all = vec![good()];
    let mut push = |f: &dyn Fn(&mut Observations)| {
        let mut o = good();
        f(&mut o);
        all.push(o);
    };
    push(&|o| o.monitors.count = 0);
    push(&|o| o.monitors.count = 1);
    push(&|o| o.monitors.citizen_on_own_monitor = false);
    for printer in [
        PrinterObs::Busy {
            name: "P".into(),
            jobs: 1,
        },
        PrinterObs::Stopped {
            name: "P".into(),
            reason: "Paused".into(),
        },
        PrinterObs::Missing {
            name: Some("P".into()),
        },
        PrinterObs::Missing { name: None },
        PrinterObs::NoSpooler { detail: "x".into() },
        PrinterObs::NotChecked,
    ] {
        push(&move |o| o.printer = printer.clone());
    }
    for reader in [
        ReaderObs::Absent,
        ReaderObs::Unknown { detail: "x".into() },
        ReaderObs::NotChecked,
    ] {
        push(&move |o| o.card_reader = reader.clone());
    }
    push(&|o| o.portals.clear());
    push(&|o| o.portals.push(down("https://z.gov.pt")));
    push(&|o| o.portals = vec![down("https://z.gov.pt"), down("https://y.gov.pt")]);
    push(&|o| o.central.enrolled = false);
    push(&|o| o.central.reachable = Some(false));
    push(&|o| o.central.last_sync = None);
    push(&|o| o.central.last_sync = Some(UtcMillis(NOW.0 - 30 * HOUR)));
    push(&|o| o.central.last_sync = Some(UtcMillis(NOW.0 - 100 * HOUR)));
    push(&|o| o.central.unsynced = 1000);
    push(&|o| o.disk.free_bytes = None);
    push(&|o| o.disk.free_bytes = Some(MIB));
    push(&|o| o.disk.free_bytes = Some(GIB));
    push(&|o| o.central.clock_offset_ms = None);
    push(&|o| o.central.clock_offset_ms = Some(45_000));
    push(&|o| o.central.clock_offset_ms = Some(-45_000));
    push(&|o| o.central.clock_offset_ms = Some(90_000));
    push(&|o| o.central.clock_offset_ms = Some(-90_000));
    push(&|o| o.central.clock_offset_ms = Some(-3_600_000));
    all
}

/// The message ids defined in a Fluent file: `id =` at a line start.
fn ftl_ids(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter_map(|line| {
            let (id, _) = line.split_once('=')?;
            let id = id.trim_end();
            let mut chars = id.chars();
            (chars.next()?.is_ascii_alphabetic()
                && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .then(|| id.to_string())
        })
        .collect()
}

const PT: &str = include_str!("../../balcao-i18n/locales/pt-PT/daycheck.ftl");
const EN: &str = include_str!("../../balcao-i18n/locales/en/daycheck.ftl");

#[test]
fn every_message_id_is_in_both_fluent_files_and_nothing_else_is() {
    let listed: BTreeSet<String> = MESSAGE_IDS.iter().map(|s| s.to_string()).collect();
    assert_eq!(listed.len(), MESSAGE_IDS.len(), "an id is listed twice");
    for (lang, text) in [("pt-PT", PT), ("en", EN)] {
        let defined = ftl_ids(text);
        let missing: Vec<_> = listed.difference(&defined).collect();
        let extra: Vec<_> = defined.difference(&listed).collect();
        assert!(missing.is_empty(), "{lang}/daycheck.ftl lacks {missing:?}");
        assert!(extra.is_empty(), "{lang}/daycheck.ftl has unlisted {extra:?}");
    }
}

#[test]
fn every_message_the_builder_produces_is_listed_and_renders_in_both_languages() {
    let listed: BTreeSet<&str> = MESSAGE_IDS.iter().copied().collect();
    let mut produced: Vec<Msg> = CheckId::ALL
        .iter()
        .map(|c| Msg {
            id: c.title_id().to_string(),
            args: Vec::new(),
        })
        .collect();
    for obs in every_failure() {
        for item in build(&obs, NOW).items {
            produced.push(item.message);
            produced.extend(item.action);
        }
    }
    let ids: BTreeSet<&str> = produced.iter().map(|m| m.id.as_str()).collect();
    let unlisted: Vec<_> = ids.difference(&listed).collect();
    assert!(unlisted.is_empty(), "produced but not listed: {unlisted:?}");
    let never: Vec<_> = listed.difference(&ids).collect();
    assert!(never.is_empty(), "listed but never produced: {never:?}");
    for lang in [Lang::Pt, Lang::En] {
        let i18n = balcao_i18n::I18n::new(lang);
        for msg in &produced {
            let text = i18n
                .format(&msg.id, &msg.fluent_args())
                .unwrap_or_else(|e| panic!("{}: {e}", lang.tag()));
            assert!(
                !text.trim().is_empty() && !text.contains('{'),
                "{}: {text}",
                msg.id
            );
        }
    }
    let pt = balcao_i18n::I18n::new(Lang::Pt);
    let obs = Observations {
        monitors: MonitorObs {
            count: 1,
            citizen_on_own_monitor: false,
        },
        ..good()
    };
    let action = one(&obs, CheckId::CitizenMonitor).action.unwrap();
    assert!(pt.tr(&action.id).starts_with("Ligue o segundo monitor"));
}
