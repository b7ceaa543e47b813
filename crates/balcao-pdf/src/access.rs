//! The copy of what the counter holds about a citizen, handed to them when they ask (RGPD art. 15.º,
//! right of access).
//!
//! It answers the questions of the article in the order a citizen asks them: who holds my data (the
//! spot, its host entity, who printed this and when), what (each attendance: when, by whom, the
//! identification given, the services and what became of them, the notes), where and for how long
//! (a paragraph: only on this counter, sealed, erased after the retention; the agency receives
//! statistics without identification), and what else I can ask (erasure). It is the citizen's own
//! data, printed for them, so it shows the values in full.

use crate::layout::{self, FOOTER_Y, Flow, Font, LEFT, Meta, PAGE_HEIGHT, Page, RIGHT, Style};
use crate::{Header, page_label};
use balcao_i18n::I18n;

/// One attendance as the copy shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessItem {
    /// When it started, in local time (`07/12/2026 10:15`).
    pub when: String,
    /// Who served (login or name).
    pub mediator: String,
    /// The identification given, as (message id of the label, value): only the fields held.
    pub identification: Vec<(&'static str, String)>,
    /// Each service and what became of it, in words.
    pub services: Vec<(String, String)>,
    /// The notes on the attendance and its services, empty when none.
    pub notes: Vec<String>,
}

/// The whole copy.
#[derive(Debug, Clone, PartialEq)]
pub struct AccessDoc {
    /// The spot and the supervisor who prints it (`mediator`).
    pub header: Header,
    /// When it is printed, in local time.
    pub issued: String,
    /// What was searched (`NIF 123456789`).
    pub query: String,
    /// The attendances found, oldest first.
    pub items: Vec<AccessItem>,
    /// Days the identification is kept after an attendance (`retention_days`).
    pub retention_days: u32,
    /// The same while a service is pending.
    pub pending_days: u32,
}

const LABEL_WIDTH: f32 = 140.0;

/// Renders the copy as PDF bytes.
pub fn access_pdf(doc: &AccessDoc, i18n: &I18n) -> Vec<u8> {
    let title = i18n.tr("pdf-access-title");
    let chrome = |page: &mut Page| -> f32 {
        let top = PAGE_HEIGHT - 50.0;
        page.text(
            LEFT,
            top - 12.0,
            Style::new(Font::Bold, 12.0),
            &doc.header.spot_name,
        );
        page.text(
            LEFT,
            top - 26.0,
            Style::new(Font::Regular, 9.0).gray(0.3),
            &doc.header.host_entity,
        );
        page.text_right(
            RIGHT,
            top - 16.0,
            Style::new(Font::Bold, 15.0),
            &title.to_uppercase(),
        );
        page.rule(top - 40.0, 1.2, 0.0);
        top - 56.0
    };
    let mut flow = Flow::new(&chrome);
    let label = Style::new(Font::Regular, 9.5).gray(0.35);
    let value = Style::new(Font::Regular, 11.0);
    let strong = Style::new(Font::Bold, 11.5);
    let text = Style::new(Font::Regular, 10.0);
    flow.field(
        &i18n.tr("pdf-access-query"),
        &doc.query,
        LABEL_WIDTH,
        label,
        strong,
    );
    flow.field(
        &i18n.tr("pdf-label-issued"),
        &doc.issued,
        LABEL_WIDTH,
        label,
        value,
    );
    flow.field(
        &i18n.tr("pdf-access-by"),
        &doc.header.mediator,
        LABEL_WIDTH,
        label,
        value,
    );
    flow.skip(8.0);
    let intro = i18n.tr_args(
        "pdf-access-intro",
        &[
            ("days", doc.retention_days.to_string()),
            ("pending", doc.retention_days.max(doc.pending_days).to_string()),
        ],
    );
    flow.paragraph(LEFT, RIGHT - LEFT, text, &intro);
    flow.skip(10.0);
    if doc.items.is_empty() {
        flow.paragraph(LEFT, RIGHT - LEFT, strong, &i18n.tr("pdf-access-none"));
    }
    for (n, item) in doc.items.iter().enumerate() {
        flow.ensure(60.0);
        let heading = i18n.tr_args(
            "pdf-access-attendance",
            &[("n", (n + 1).to_string()), ("when", item.when.clone())],
        );
        flow.paragraph(LEFT, RIGHT - LEFT, Style::new(Font::Bold, 12.0), &heading);
        flow.skip(2.0);
        flow.field(
            &i18n.tr("pdf-label-mediator"),
            &item.mediator,
            LABEL_WIDTH,
            label,
            value,
        );
        for (id, held) in &item.identification {
            flow.field(&i18n.tr(id), held, LABEL_WIDTH, label, value);
        }
        for (service, outcome) in &item.services {
            flow.field(
                &i18n.tr("pdf-label-service"),
                &format!("{service} — {outcome}"),
                LABEL_WIDTH,
                label,
                value,
            );
        }
        for note in item.notes.iter().filter(|n| !n.is_empty()) {
            flow.field(&i18n.tr("pdf-access-notes"), note, LABEL_WIDTH, label, value);
        }
        flow.skip(10.0);
    }
    let mut pages = flow.finish();
    let total = pages.len();
    let footer = i18n.tr("pdf-access-footer");
    for (i, page) in pages.iter_mut().enumerate() {
        let small = Style::new(Font::Regular, 8.0).gray(0.3);
        page.rule(FOOTER_Y + 10.0, 0.4, 0.6);
        page.text(LEFT, FOOTER_Y, small, &footer);
        page.text_right(RIGHT, FOOTER_Y, small, &page_label(i18n, i + 1, total));
    }
    layout::render(
        &pages,
        &Meta {
            title,
            lang: i18n.lang().tag().to_string(),
        },
    )
}
