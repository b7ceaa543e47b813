//! The dashboard's sections, drawn from what `pages::fetch` read: each a heading, its facts, a chart
//! and its table from the same rows, so the picture, the table under it and the CSV file are three
//! views of one result. Counts over time are per day up to [`DAILY_UP_TO`] days, per week (from Monday)
//! up to a year, and per month beyond, with the empty periods as zeros, so a quiet week shows as a dip
//! rather than disappearing.

use crate::web::dashboard::{civil_date, days_of};
use crate::web::pages::{BySpot, Data, SpotData, View};
use crate::web::queries::{self, AttendanceTotals, LineTotals, SurveyTotals};
use balcao_web::{Cell, Chart, Column, Section, Table};
use std::collections::BTreeMap;

/// Up to this many days, counts over time are per day.
pub const DAILY_UP_TO: i64 = 62;

pub(super) fn figures(ctx: &View<'_>, data: &Data) -> Vec<Section> {
    let mut sections = vec![summary(
        ctx,
        &data.attendances_by_day,
        &data.lines_by_entity,
        &data.survey_total,
    )];
    sections.push(per_period(ctx, &data.attendances_by_day, &data.lines_by_day));
    sections.push(outcomes(ctx, &data.lines_by_entity));
    if let Some(by_service) = &data.by_service {
        sections.push(line_table(ctx, "entities", &data.lines_by_entity, None));
        sections.push(line_table(ctx, "services", by_service, Some("/painel/servicos/")));
    }
    if let Some(by_spot) = &data.by_spot {
        sections.push(spots_section(ctx, by_spot));
    }
    sections.push(survey_section(ctx, &data.survey_total));
    sections.push(hours(ctx, &data.hours));
    sections.push(till(ctx, &data.till));
    if let Some(rows) = &data.mediators {
        sections.push(mediators(ctx, rows));
    }
    sections
}

fn spots_section(ctx: &View<'_>, data: &BySpot) -> Section {
    let f = ctx.filters;
    let mut columns = vec![Column::text("spot", ctx.t("dash-col-spot"))];
    let mut rows = Vec::new();
    let mut keys = Vec::new();
    if f.by_line() {
        columns.push(Column::numeric("lines", ctx.t("dash-col-lines")));
        columns.push(Column::numeric("concluded", ctx.t("dash-col-concluded-share")));
        for r in &data.lines {
            keys.push((r.key.clone(), label(&r.key, &r.label), r.lines));
            rows.push(vec![Cell::Int(r.lines), share(r.outcomes[0], r.lines)]);
        }
    } else {
        columns.push(Column::numeric("attendances", ctx.t("dash-col-attendances")));
        columns.push(Column::numeric("minutes", ctx.t("dash-col-minutes")));
        for r in &data.attendances {
            keys.push((r.key.clone(), label(&r.key, &r.label), r.attendances));
            rows.push(vec![Cell::Int(r.attendances), minutes(r.minutes)]);
        }
    }
    columns.push(Column::numeric("answers", ctx.t("dash-col-answers")));
    columns.push(Column::numeric("satisfaction", ctx.t("dash-col-satisfaction")));
    let rows = keys
        .iter()
        .zip(rows)
        .map(|((key, name, _), mut cells)| {
            let s = data.survey.get(key).cloned().unwrap_or_default();
            cells.insert(0, Cell::Text(name.clone()));
            cells.push(Cell::Int(s.answers));
            cells.push(
                s.satisfaction()
                    .map_or(Cell::Missing, |v| Cell::Decimal { value: v, places: 1 }),
            );
            cells
        })
        .collect();
    let table = Table {
        id: "spots".to_owned(),
        caption: ctx.t("dash-caption-spots"),
        columns,
        rows,
        links: keys
            .iter()
            .map(|(k, _, _)| Some(ctx.href(&format!("/painel/espacos/{k}"), &[])))
            .collect(),
    };
    let chart = Chart::Bars {
        title: ctx.t("dash-chart-spots"),
        series_label: ctx.t(if f.by_line() {
            "dash-col-lines"
        } else {
            "dash-col-attendances"
        }),
        points: keys
            .iter()
            .take(12)
            .map(|(_, name, n)| (name.clone(), *n as f64))
            .collect(),
        unit: String::new(),
    };
    ctx.section("spots", Some(table), Some(chart))
}

pub(super) fn spot_sections(ctx: &View<'_>, spot: &SpotData) -> Vec<Section> {
    let fmt = |n: i64| balcao_web::format::format_int(n, ctx.lang);
    let facts = vec![
        (
            ctx.t("dash-fact-host-entity"),
            if spot.host.is_empty() {
                "—".to_owned()
            } else {
                spot.host.clone()
            },
        ),
        (ctx.t("dash-fact-time-zone"), spot.time_zone.clone()),
        (ctx.t("dash-fact-refused"), fmt(spot.refused)),
        (ctx.t("dash-fact-alerts"), fmt(spot.alerts)),
    ];
    let table = Table {
        id: "counters".to_owned(),
        caption: ctx.t("dash-caption-counters"),
        columns: vec![
            Column::text("counter", ctx.t("dash-col-counter")),
            Column::text("last_contact", ctx.t("dash-col-last-contact")),
            Column::numeric("hours_since", ctx.t("dash-col-hours-since")),
            Column::text("app_version", ctx.t("dash-col-app-version")),
            Column::numeric("catalogue_sequence", ctx.t("dash-col-catalogue-sequence")),
            Column::text("catalogue_version", ctx.t("dash-col-catalogue-version")),
            Column::text("state", ctx.t("dash-col-state")),
        ],
        rows: spot
            .devices
            .iter()
            .zip(&spot.revoked)
            .map(|(cells, revoked)| {
                let mut row = cells.clone();
                row.push(Cell::Text(ctx.t(if *revoked {
                    "dash-state-revoked"
                } else {
                    "dash-state-active"
                })));
                row
            })
            .collect(),
        links: Vec::new(),
    };
    let alerts = Table {
        id: "alerts".to_owned(),
        caption: ctx.t("dash-caption-alerts"),
        columns: vec![
            Column::text("when", ctx.t("dash-col-when")),
            Column::text("kind", ctx.t("dash-col-kind")),
            Column::text("detail", ctx.t("dash-col-detail")),
        ],
        rows: spot.alert_rows.clone(),
        links: Vec::new(),
    };
    vec![
        Section {
            facts,
            ..ctx.section("counters", Some(table), None)
        },
        ctx.section("alerts", Some(alerts), None),
    ]
}

/// The periods of the range: each as `(key, label)`, per day, week or month.
fn periods(from: &str, to: &str) -> Vec<String> {
    let (Some(a), Some(b)) = (days_of(from), days_of(to)) else {
        return Vec::new();
    };
    let mut out: Vec<String> = Vec::new();
    for day in a..=b {
        let key = period_of(day, b - a);
        if out.last() != Some(&key) {
            out.push(key);
        }
    }
    out
}

/// The period a day falls in for a range of `span` days: the day, its week's Monday, or its month.
fn period_of(day: i64, span: i64) -> String {
    if span < DAILY_UP_TO {
        civil_date(day)
    } else if span <= 366 {
        civil_date(day - (day + 3).rem_euclid(7))
    } else {
        civil_date(day)[..7].to_owned()
    }
}

fn share(part: i64, whole: i64) -> Cell {
    if whole > 0 {
        Cell::Percent(part as f64 / whole as f64)
    } else {
        Cell::Missing
    }
}

fn minutes(value: Option<f64>) -> Cell {
    value.map_or(Cell::Missing, Cell::Minutes)
}

fn label(key: &str, label: &Option<String>) -> String {
    match label {
        Some(l) if !l.is_empty() => l.clone(),
        _ => key.to_owned(),
    }
}

fn summary(
    ctx: &View<'_>,
    days: &[AttendanceTotals],
    entities: &[LineTotals],
    survey: &SurveyTotals,
) -> Section {
    let fmt = |n: i64| balcao_web::format::format_int(n, ctx.lang);
    let pct = |p: i64, w: i64| {
        (w > 0)
            .then(|| balcao_web::format::format_percent(p as f64 / w as f64, ctx.lang))
            .flatten()
            .unwrap_or_else(|| "—".to_owned())
    };
    let attendances: i64 = days.iter().map(|d| d.attendances).sum();
    let lines: i64 = entities.iter().map(|e| e.lines).sum();
    let concluded: i64 = entities.iter().map(|e| e.outcomes[0]).sum();
    let timed: f64 = days
        .iter()
        .filter_map(|d| d.minutes.map(|m| m * d.attendances as f64))
        .sum();
    let mut facts = Vec::new();
    if !ctx.filters.by_line() {
        facts.push((ctx.t("dash-fact-attendances"), fmt(attendances)));
        let average = (attendances > 0).then(|| timed / attendances as f64);
        facts.push((
            ctx.t("dash-fact-average-minutes"),
            average
                .and_then(|m| balcao_web::format::format_minutes(m, "min", ctx.lang))
                .unwrap_or_else(|| "—".to_owned()),
        ));
    }
    facts.push((ctx.t("dash-fact-lines"), fmt(lines)));
    facts.push((ctx.t("dash-fact-concluded"), pct(concluded, lines)));
    facts.push((ctx.t("dash-fact-answers"), fmt(survey.answers)));
    facts.push((
        ctx.t("dash-fact-satisfaction"),
        survey
            .satisfaction()
            .and_then(|s| balcao_web::format::format_decimal(s, 1, ctx.lang))
            .map_or_else(|| "—".to_owned(), |s| format!("{s} / 5")),
    ));
    facts.push((ctx.t("dash-fact-alone"), pct(survey.alone[0], survey.answers)));
    Section {
        facts,
        ..ctx.section("summary", None, None)
    }
}

fn per_period(ctx: &View<'_>, days: &[AttendanceTotals], lines: &[LineTotals]) -> Section {
    let f = ctx.filters;
    let span = days_of(&f.to).unwrap_or(0) - days_of(&f.from).unwrap_or(0);
    let mut totals: BTreeMap<String, (i64, i64)> =
        periods(&f.from, &f.to).into_iter().map(|p| (p, (0, 0))).collect();
    let period = |day: &str| period_of(days_of(day).unwrap_or(0), span);
    for d in days {
        let t = totals.entry(period(&d.key)).or_default();
        t.0 += d.attendances;
        t.1 += d.lines;
    }
    for l in lines {
        let t = totals.entry(period(&l.key)).or_default();
        t.1 += l.lines;
        t.0 += l.outcomes[0];
    }
    let unit = if span < DAILY_UP_TO {
        "day"
    } else if span <= 366 {
        "week"
    } else {
        "month"
    };
    let (first, second) = if f.by_line() {
        ("dash-col-concluded", "dash-col-lines")
    } else {
        ("dash-col-attendances", "dash-col-lines")
    };
    let table = Table {
        id: "per-period".to_owned(),
        caption: ctx.t(&format!("dash-caption-per-{unit}")),
        columns: vec![
            Column::text("period", ctx.t(&format!("dash-col-{unit}"))),
            Column::numeric("first", ctx.t(first)),
            Column::numeric("lines", ctx.t(second)),
        ],
        rows: totals
            .iter()
            .map(|(k, (a, l))| vec![Cell::Text(k.clone()), Cell::Int(*a), Cell::Int(*l)])
            .collect(),
        links: Vec::new(),
    };
    let chart = Chart::Lines {
        title: table.caption.clone(),
        x_labels: totals.keys().cloned().collect(),
        series: vec![
            (ctx.t(first), totals.values().map(|(a, _)| *a as f64).collect()),
            (ctx.t(second), totals.values().map(|(_, l)| *l as f64).collect()),
        ],
    };
    ctx.section("per-period", Some(table), Some(chart))
}

const OUTCOMES: [&str; 4] = ["concluido", "pendente", "encaminhado", "nao-foi-possivel"];

fn outcomes(ctx: &View<'_>, entities: &[LineTotals]) -> Section {
    let mut counts = [0i64; 4];
    for e in entities {
        for (c, n) in counts.iter_mut().zip(e.outcomes) {
            *c += n;
        }
    }
    let lines: i64 = entities.iter().map(|e| e.lines).sum();
    let open = lines - counts.iter().sum::<i64>();
    let mut rows: Vec<(String, i64)> = OUTCOMES
        .iter()
        .zip(counts)
        .map(|(o, n)| (ctx.t(&format!("dash-outcome-{o}")), n))
        .collect();
    rows.push((ctx.t("dash-outcome-none"), open));
    let table = Table {
        id: "outcomes".to_owned(),
        caption: ctx.t("dash-caption-outcomes"),
        columns: vec![
            Column::text("outcome", ctx.t("dash-col-outcome")),
            Column::numeric("lines", ctx.t("dash-col-lines")),
            Column::numeric("share", ctx.t("dash-col-share")),
        ],
        rows: rows
            .iter()
            .map(|(o, n)| vec![Cell::Text(o.clone()), Cell::Int(*n), share(*n, lines)])
            .collect(),
        links: Vec::new(),
    };
    let chart = Chart::Bars {
        title: table.caption.clone(),
        series_label: ctx.t("dash-col-lines"),
        points: rows.iter().map(|(o, n)| (o.clone(), *n as f64)).collect(),
        unit: String::new(),
    };
    ctx.section("outcomes", Some(table), Some(chart))
}

fn line_table(ctx: &View<'_>, id: &str, rows: &[LineTotals], link: Option<&str>) -> Section {
    let services = id == "services";
    let mut columns = vec![
        Column::text(
            "name",
            ctx.t(if services {
                "dash-col-service"
            } else {
                "dash-col-entity"
            }),
        ),
        Column::numeric("lines", ctx.t("dash-col-lines")),
        Column::numeric("concluded", ctx.t("dash-col-concluded-share")),
        Column::numeric("minutes", ctx.t("dash-col-minutes")),
    ];
    if services {
        columns.push(Column::numeric("expected", ctx.t("dash-col-expected")));
        columns.push(Column::numeric("ratio", ctx.t("dash-col-ratio")));
    }
    let table = Table {
        id: id.to_owned(),
        caption: ctx.t(&format!("dash-caption-{id}")),
        columns,
        rows: rows
            .iter()
            .map(|r| {
                let mut row = vec![
                    Cell::Text(label(&r.key, &r.label)),
                    Cell::Int(r.lines),
                    share(r.outcomes[0], r.lines),
                    minutes(r.minutes),
                ];
                if services {
                    row.push(minutes(r.expected));
                    row.push(match (r.minutes, r.expected) {
                        (Some(m), Some(e)) if e > 0.0 => Cell::Decimal {
                            value: m / e,
                            places: 2,
                        },
                        _ => Cell::Missing,
                    });
                }
                row
            })
            .collect(),
        links: link.map_or_else(Vec::new, |base| {
            rows.iter()
                .map(|r| Some(ctx.href(&format!("{base}{}", r.key), &[])))
                .collect()
        }),
    };
    let chart = Chart::Bars {
        title: ctx.t(&format!("dash-chart-{id}")),
        series_label: ctx.t("dash-col-lines"),
        points: rows
            .iter()
            .take(12)
            .map(|r| (label(&r.key, &r.label), r.lines as f64))
            .collect(),
        unit: String::new(),
    };
    ctx.section(id, Some(table), Some(chart))
}

fn survey_section(ctx: &View<'_>, s: &SurveyTotals) -> Section {
    let mut rows = Vec::new();
    for (question, values, counts) in [
        ("done", ["yes", "partly", "no"], s.done),
        ("alone", ["yes", "unsure", "no"], s.alone),
    ] {
        for (value, n) in values.iter().zip(counts) {
            rows.push((
                ctx.t(&format!("dash-survey-{question}")),
                ctx.t(&format!("dash-survey-{question}-{value}")),
                n,
            ));
        }
    }
    let table = Table {
        id: "survey".to_owned(),
        caption: ctx.t("dash-caption-survey"),
        columns: vec![
            Column::text("question", ctx.t("dash-col-question")),
            Column::text("answer", ctx.t("dash-col-answer")),
            Column::numeric("answers", ctx.t("dash-col-answers")),
            Column::numeric("share", ctx.t("dash-col-share")),
        ],
        rows: rows
            .iter()
            .map(|(q, a, n)| {
                vec![
                    Cell::Text(q.clone()),
                    Cell::Text(a.clone()),
                    Cell::Int(*n),
                    share(*n, s.answers),
                ]
            })
            .collect(),
        links: Vec::new(),
    };
    let chart = Chart::Bars {
        title: ctx.t("dash-chart-alone"),
        series_label: ctx.t("dash-col-answers"),
        points: rows
            .iter()
            .skip(3)
            .map(|(_, a, n)| (a.clone(), *n as f64))
            .collect(),
        unit: String::new(),
    };
    ctx.section("survey", Some(table), Some(chart))
}

fn hours(ctx: &View<'_>, hours: &[(i16, i64)]) -> Section {
    let table = Table {
        id: "hours".to_owned(),
        caption: ctx.t("dash-caption-hours"),
        columns: vec![
            Column::text("hour", ctx.t("dash-col-hour")),
            Column::numeric("attendances", ctx.t("dash-col-attendances")),
        ],
        rows: hours
            .iter()
            .map(|(h, n)| vec![Cell::Text(format!("{h:02}h")), Cell::Int(*n)])
            .collect(),
        links: Vec::new(),
    };
    let chart = Chart::Bars {
        title: table.caption.clone(),
        series_label: ctx.t("dash-col-attendances"),
        points: hours
            .iter()
            .map(|(h, n)| (format!("{h:02}h"), *n as f64))
            .collect(),
        unit: String::new(),
    };
    let mut section = ctx.section("hours", Some(table), Some(chart));
    if ctx.filters.by_line() {
        section.note = Some(ctx.t("dash-note-hours-all-services"));
    }
    section
}

fn till(ctx: &View<'_>, rows: &[(String, Option<String>, i64, i64)]) -> Section {
    let table = Table {
        id: "till".to_owned(),
        caption: ctx.t("dash-caption-till"),
        columns: vec![
            Column::text("entity", ctx.t("dash-col-entity")),
            Column::numeric("payments", ctx.t("dash-col-payments")),
            Column::numeric("euros", ctx.t("dash-col-euros")),
        ],
        rows: rows
            .iter()
            .map(|(k, l, n, cents)| {
                vec![
                    Cell::Text(label(k, l)),
                    Cell::Int(*n),
                    Cell::Decimal {
                        value: *cents as f64 / 100.0,
                        places: 2,
                    },
                ]
            })
            .collect(),
        links: Vec::new(),
    };
    ctx.section("till", Some(table), None)
}

fn mediators(ctx: &View<'_>, rows: &[queries::MediatorRow]) -> Section {
    let table = Table {
        id: "mediators".to_owned(),
        caption: ctx.t("dash-caption-mediators"),
        columns: vec![
            Column::text("mediator", ctx.t("dash-col-mediator")),
            Column::numeric("attendances", ctx.t("dash-col-attendances")),
            Column::numeric("minutes", ctx.t("dash-col-minutes")),
            Column::numeric("answers", ctx.t("dash-col-answers")),
            Column::numeric("satisfaction", ctx.t("dash-col-satisfaction")),
        ],
        rows: rows
            .iter()
            .map(|(m, n, min, answers, sat)| {
                vec![
                    Cell::Text(m.clone()),
                    Cell::Int(*n),
                    minutes(*min),
                    Cell::Int(*answers),
                    sat.map_or(Cell::Missing, |v| Cell::Decimal { value: v, places: 1 }),
                ]
            })
            .collect(),
        links: Vec::new(),
    };
    ctx.section("mediators", Some(table), None)
}
