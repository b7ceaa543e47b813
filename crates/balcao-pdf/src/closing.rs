//! The end-of-day closing report of one counter.
//!
//! The report answers, in this order, the questions of whoever checks the till: which report and of
//! which day (title, number, opening and closing times, the opening float); does the money match
//! (expected against counted per method, the difference with its sign, and the mediator's reason
//! when there is one); how much belongs to each entity (the figure the host entity reconciles with
//! each of them, with a grand total); and, as evidence, every payment of the day and every
//! cancelling document.
//!
//! A busy counter takes 150 payments or more a day, so the lists continue across pages: a row is
//! never split, the section title and column headings are repeated at the top of each continuation
//! page, and every page carries the report's number, the note that it is final and "Página N de M",
//! so a loose page can be put back in place and its origin is never in doubt.

use crate::layout::{
    self, Align, CONTENT_WIDTH, Cell, Column, FOOTER_Y, Flow, Font, LEFT, Meta, PAGE_HEIGHT, Page, RIGHT,
    Style, Table,
};
use crate::{ClosingDoc, amount_or_dash, method_name, method_short_name, page_label, signed, sum};
use balcao_i18n::I18n;

/// Width of the label column of the reason for a difference.
const LABEL_WIDTH: f32 = 150.0;
/// The size of table text.
const TABLE_SIZE: f32 = 8.0;
/// The width of a column of document numbers (`EC-0420-1-2026/000123` and some room).
const NUMBER_WIDTH: f32 = 104.0;
/// The width of a column of times (`14:05`).
const TIME_WIDTH: f32 = 32.0;
/// The width of a column of amounts (`12 345,67 €`).
const AMOUNT_WIDTH: f32 = 62.0;

/// Renders a closing report as PDF bytes.
pub fn closing_pdf(doc: &ClosingDoc, i18n: &I18n) -> Vec<u8> {
    let title = i18n.tr("pdf-closing-title");
    let number = i18n.tr_args("pdf-number", &[("number", doc.number.clone())]);
    let running = i18n.tr_args("pdf-closing-running", &[("number", doc.number.clone())]);
    let counter = i18n.tr_args("pdf-closing-counter", &[("counter", doc.header.counter.clone())]);
    let spot = format!("{} ({}) · {counter}", doc.header.spot_name, doc.header.spot_code);
    let chrome = |page: &mut Page| -> f32 { draw_chrome(page, &spot, &running) };
    let mut flow = Flow::new(&chrome);

    heading(&mut flow, doc, i18n, &title, &number);
    methods(&mut flow, doc, i18n);
    entities(&mut flow, doc, i18n);
    payments(&mut flow, doc, i18n);
    cancellations(&mut flow, doc, i18n);
    closing_note(&mut flow, doc, i18n);

    let mut pages = flow.finish();
    let note = i18n.tr_args("pdf-closing-immutable", &[("number", doc.number.clone())]);
    let total = pages.len();
    for (i, page) in pages.iter_mut().enumerate() {
        let small = Style::new(Font::Regular, 8.0).gray(0.3);
        page.rule(FOOTER_Y + 10.0, 0.4, 0.6);
        let label = page_label(i18n, i + 1, total);
        let label_width = layout::text_width(&label, small.font, small.size);
        // The note is short, but a long report number must not run into the page number.
        let mut y = FOOTER_Y;
        for line in layout::wrap(&note, small.font, small.size, CONTENT_WIDTH - label_width - 20.0)
            .iter()
            .take(2)
        {
            page.text(LEFT, y, small, line);
            y -= small.leading();
        }
        page.text_right(RIGHT, FOOTER_Y, Style::new(Font::Bold, 8.0), &label);
    }
    let meta = Meta {
        title: format!("{title} {}", doc.number),
        lang: i18n.lang().tag().to_string(),
    };
    layout::render(&pages, &meta)
}

/// The running header of every page: the spot and counter on the left, the report on the right.
fn draw_chrome(page: &mut Page, spot: &str, running: &str) -> f32 {
    let top = PAGE_HEIGHT - 40.0;
    let style = Style::new(Font::Regular, 8.0).gray(0.3);
    let running_width = layout::text_width(running, Font::Bold, 8.0);
    let left_lines = layout::wrap(spot, style.font, style.size, CONTENT_WIDTH - running_width - 20.0);
    let mut y = top;
    for line in left_lines.iter().take(2) {
        page.text(LEFT, y, style, line);
        y -= style.leading();
    }
    page.text_right(RIGHT, top, Style::new(Font::Bold, 8.0), running);
    let rule = y + style.leading() - 6.0;
    page.rule(rule, 0.5, 0.5);
    rule - 14.0
}

/// The title and the header fields (first page only).
fn heading(flow: &mut Flow<'_>, doc: &ClosingDoc, i18n: &I18n, title: &str, number: &str) {
    // The title on the left and the number on the right of one line, when both fit.
    let title_style = Style::new(Font::Bold, 18.0);
    let number_style = Style::new(Font::Bold, 14.0);
    let title_width = layout::text_width(title, title_style.font, title_style.size);
    let number_width = layout::text_width(number, number_style.font, number_style.size);
    if title_width + number_width + 20.0 <= CONTENT_WIDTH {
        let baseline = flow.y - title_style.size * 0.88;
        flow.page().text(LEFT, baseline, title_style, title);
        flow.page().text_right(RIGHT, baseline, number_style, number);
        flow.skip(title_style.leading());
    } else {
        flow.paragraph(LEFT, CONTENT_WIDTH, title_style, title);
        flow.paragraph(LEFT, CONTENT_WIDTH, number_style, number);
    }
    flow.skip(10.0);

    // Two columns: who closes on the left, when and with what float on the right.
    let label = Style::new(Font::Regular, 9.0).gray(0.35);
    let value = Style::new(Font::Regular, 10.0);
    let spot = format!("{} ({})", doc.header.spot_name, doc.header.spot_code);
    let who = [
        ("pdf-label-spot", spot),
        ("pdf-label-host", doc.header.host_entity.clone()),
        ("pdf-label-counter", doc.header.counter.clone()),
        ("pdf-label-mediator", doc.header.mediator.clone()),
    ];
    let when = [
        ("pdf-label-opened", doc.opened_at.clone()),
        ("pdf-label-closed", doc.closed_at.clone()),
        ("pdf-label-float", doc.opening_float.to_string()),
    ];
    let gap = 14.0;
    let left_width = CONTENT_WIDTH * 0.6;
    let top = flow.y;
    let mut lowest = top;
    for (x, width, fields) in [
        (LEFT, left_width - gap, &who[..]),
        (LEFT + left_width, CONTENT_WIDTH - left_width, &when[..]),
    ] {
        let labels: Vec<String> = fields.iter().map(|(id, _)| i18n.tr(id)).collect();
        let label_width = labels
            .iter()
            .map(|l| layout::text_width(l, label.font, label.size))
            .fold(0.0, f32::max)
            + 8.0;
        let mut y = top;
        for (label_text, (_, text)) in labels.iter().zip(fields) {
            let baseline = y - value.size * 0.88;
            flow.page().text(x, baseline, label, label_text);
            // The first page has room for these few fields; an absurdly long value is cut at four
            // lines rather than pushing the report's own content off the page.
            for line in layout::wrap(text, value.font, value.size, width - label_width)
                .iter()
                .take(4)
            {
                flow.page()
                    .text(x + label_width, y - value.size * 0.88, value, line);
                y -= value.leading();
            }
            y -= 1.5;
        }
        lowest = lowest.min(y);
    }
    flow.y = lowest;
    flow.skip(14.0);
}

/// A section title, kept on the same page as the start of what follows it.
fn section(flow: &mut Flow<'_>, title: &str, room_below: f32) {
    let style = Style::new(Font::Bold, 12.0);
    flow.ensure(style.leading() + 4.0 + room_below);
    flow.paragraph(LEFT, CONTENT_WIDTH, style, title);
    flow.skip(4.0);
}

/// A list section's title; when the list is empty, also the sentence that says so. Returns whether
/// there is a list to draw.
fn list_section(flow: &mut Flow<'_>, title: &str, empty: bool, empty_text: &str) -> bool {
    section(flow, title, 50.0);
    if empty {
        flow.paragraph(LEFT, CONTENT_WIDTH, Style::new(Font::Regular, 9.5), empty_text);
        flow.skip(14.0);
    }
    !empty
}

fn cell(text: impl Into<String>) -> Cell {
    Cell::new(text, Style::new(Font::Regular, TABLE_SIZE))
}

fn bold_cell(text: impl Into<String>) -> Cell {
    Cell::new(text, Style::new(Font::Bold, TABLE_SIZE))
}

fn heading_style() -> Style {
    Style::new(Font::Bold, TABLE_SIZE)
}

fn continued(i18n: &I18n, section: &str) -> String {
    i18n.tr_args("pdf-continued", &[("section", section.to_string())])
}

/// Expected against counted per method, the differences and the reason.
fn methods(flow: &mut Flow<'_>, doc: &ClosingDoc, i18n: &I18n) {
    let title = i18n.tr("pdf-section-methods");
    section(flow, &title, 60.0);
    let columns = vec![
        Column::new(i18n.tr("pdf-col-method"), 210.0, Align::Left),
        Column::new(i18n.tr("pdf-col-expected"), 100.0, Align::Right),
        Column::new(i18n.tr("pdf-col-counted"), 100.0, Align::Right),
        Column::new(i18n.tr("pdf-col-difference"), CONTENT_WIDTH - 410.0, Align::Right),
    ];
    let table = Table::new(columns, heading_style(), continued(i18n, &title));
    table.start(flow);
    let mut any_difference = false;
    for (i, line) in doc.methods.iter().enumerate() {
        let difference = line.difference();
        any_difference |= difference.is_none_or(|d| !d.is_zero());
        let difference_cell = match difference {
            Some(d) if !d.is_zero() => bold_cell(signed(d)),
            Some(d) => cell(signed(d)),
            None => bold_cell("—"),
        };
        table.row(
            flow,
            &[
                cell(method_name(i18n, line.method)),
                cell(line.expected.to_string()),
                cell(line.counted.to_string()),
                difference_cell,
            ],
            i % 2 == 1,
            false,
        );
    }
    let expected = sum(doc.methods.iter().map(|l| l.expected));
    let counted = sum(doc.methods.iter().map(|l| l.counted));
    let difference = match (expected, counted) {
        (Some(e), Some(c)) => c
            .cents()
            .checked_sub(e.cents())
            .map(balcao_core::money::Money::from_cents),
        _ => None,
    };
    table.row(
        flow,
        &[
            bold_cell(i18n.tr("pdf-total")),
            bold_cell(amount_or_dash(expected)),
            bold_cell(amount_or_dash(counted)),
            bold_cell(difference.map_or_else(|| "—".to_string(), signed)),
        ],
        false,
        true,
    );
    flow.skip(8.0);

    let label = Style::new(Font::Bold, 9.5);
    let value = Style::new(Font::Regular, 9.5);
    match (&doc.reason, any_difference) {
        (Some(reason), _) => {
            flow.field(
                &i18n.tr("pdf-label-difference-reason"),
                reason,
                LABEL_WIDTH,
                label,
                value,
            );
        }
        (None, true) => {
            let missing = i18n.tr("pdf-reason-missing");
            flow.field(
                &i18n.tr("pdf-label-difference-reason"),
                &missing,
                LABEL_WIDTH,
                label,
                value,
            );
        }
        (None, false) => flow.paragraph(LEFT, CONTENT_WIDTH, value, &i18n.tr("pdf-no-difference")),
    }
    flow.skip(14.0);
}

/// The totals per entity, with the grand total: the figures the host entity reconciles.
fn entities(flow: &mut Flow<'_>, doc: &ClosingDoc, i18n: &I18n) {
    let title = i18n.tr("pdf-section-entities");
    section(flow, &title, 70.0);
    flow.paragraph(
        LEFT,
        CONTENT_WIDTH,
        Style::new(Font::Regular, 9.0).gray(0.3),
        &i18n.tr("pdf-entities-note"),
    );
    flow.skip(4.0);
    let columns = vec![
        Column::new(i18n.tr("pdf-col-entity"), CONTENT_WIDTH - 190.0, Align::Left),
        Column::new(i18n.tr("pdf-col-payments"), 80.0, Align::Right),
        Column::new(i18n.tr("pdf-col-total"), 110.0, Align::Right),
    ];
    let table = Table::new(columns, heading_style(), continued(i18n, &title));
    table.start(flow);
    for (i, entity) in doc.entities.iter().enumerate() {
        table.row(
            flow,
            &[
                cell(entity.entity.clone()),
                cell(entity.payments.to_string()),
                cell(entity.total.to_string()),
            ],
            i % 2 == 1,
            false,
        );
    }
    let payments = doc
        .entities
        .iter()
        .try_fold(0u32, |acc, e| acc.checked_add(e.payments))
        .map_or_else(|| "—".to_string(), |n| n.to_string());
    let total = sum(doc.entities.iter().map(|e| e.total));
    table.row(
        flow,
        &[
            bold_cell(i18n.tr("pdf-grand-total")),
            bold_cell(payments),
            bold_cell(amount_or_dash(total)),
        ],
        false,
        true,
    );
    flow.skip(14.0);
}

/// Every payment of the day, cancelled ones marked.
fn payments(flow: &mut Flow<'_>, doc: &ClosingDoc, i18n: &I18n) {
    let title = i18n.tr_args(
        "pdf-section-payments",
        &[("count", doc.payments.len().to_string())],
    );
    if !list_section(flow, &title, doc.payments.is_empty(), &i18n.tr("pdf-no-payments")) {
        return;
    }
    let columns = vec![
        Column::new(i18n.tr("pdf-col-number"), NUMBER_WIDTH, Align::Left),
        Column::new(i18n.tr("pdf-col-time"), TIME_WIDTH, Align::Left),
        Column::new(
            i18n.tr("pdf-col-entity-service"),
            CONTENT_WIDTH - NUMBER_WIDTH - TIME_WIDTH - 56.0 - AMOUNT_WIDTH,
            Align::Left,
        ),
        Column::new(i18n.tr("pdf-col-method"), 56.0, Align::Left),
        Column::new(i18n.tr("pdf-col-amount"), AMOUNT_WIDTH, Align::Right),
    ];
    let table = Table::new(columns, heading_style(), continued(i18n, &title));
    table.start(flow);
    let mark = i18n.tr("pdf-cancelled-mark");
    for (i, payment) in doc.payments.iter().enumerate() {
        // A cancelled payment stays in the list (the numbering is gapless) but is greyed, its
        // amount struck through and its number marked.
        let gray = if payment.cancelled { 0.45 } else { 0.0 };
        let style = Style::new(Font::Regular, TABLE_SIZE).gray(gray);
        let service_style = Style::new(Font::Regular, TABLE_SIZE).gray(gray.max(0.35));
        let mut number = Cell::new(payment.number.clone(), style);
        let mut amount = Cell::new(payment.amount.to_string(), style);
        if payment.cancelled {
            number = number.then(mark.clone(), Style::new(Font::Bold, TABLE_SIZE - 1.0));
            amount.strike = true;
        }
        table.row(
            flow,
            &[
                number,
                Cell::new(payment.time.clone(), style),
                Cell::new(payment.entity.clone(), style).then(payment.service.clone(), service_style),
                Cell::new(method_short_name(i18n, payment.method), style),
                amount,
            ],
            i % 2 == 1,
            false,
        );
    }
    flow.skip(14.0);
}

/// Every cancelling document of the day, with its reason.
fn cancellations(flow: &mut Flow<'_>, doc: &ClosingDoc, i18n: &I18n) {
    let title = i18n.tr_args(
        "pdf-section-cancellations",
        &[("count", doc.cancellations.len().to_string())],
    );
    if !list_section(
        flow,
        &title,
        doc.cancellations.is_empty(),
        &i18n.tr("pdf-no-cancellations"),
    ) {
        return;
    }
    let columns = vec![
        Column::new(i18n.tr("pdf-col-number"), NUMBER_WIDTH, Align::Left),
        Column::new(i18n.tr("pdf-col-time"), TIME_WIDTH, Align::Left),
        Column::new(i18n.tr("pdf-col-cancels"), NUMBER_WIDTH, Align::Left),
        Column::new(
            i18n.tr("pdf-col-reason"),
            CONTENT_WIDTH - 2.0 * NUMBER_WIDTH - TIME_WIDTH - AMOUNT_WIDTH,
            Align::Left,
        ),
        Column::new(i18n.tr("pdf-col-amount"), AMOUNT_WIDTH, Align::Right),
    ];
    let table = Table::new(columns, heading_style(), continued(i18n, &title));
    table.start(flow);
    for (i, c) in doc.cancellations.iter().enumerate() {
        table.row(
            flow,
            &[
                cell(c.number.clone()),
                cell(c.time.clone()),
                cell(c.cancels.clone()),
                cell(c.reason.clone()),
                cell(c.amount.to_string()),
            ],
            i % 2 == 1,
            false,
        );
    }
    flow.skip(14.0);
}

/// The final statement and the mediator's signature line.
fn closing_note(flow: &mut Flow<'_>, doc: &ClosingDoc, i18n: &I18n) {
    let note = i18n.tr_args("pdf-closing-immutable", &[("number", doc.number.clone())]);
    let style = Style::new(Font::Bold, 10.0);
    let lines = layout::wrap(&note, style.font, style.size, CONTENT_WIDTH - 20.0);
    let box_height = lines.len() as f32 * style.leading() + 14.0;
    // Keep the note and the signature together.
    flow.ensure(box_height + 52.0);
    let top = flow.y;
    flow.page()
        .frame(LEFT, top - box_height, CONTENT_WIDTH, box_height, 1.0, 0.0);
    flow.skip(7.0);
    for line in &lines {
        flow.paragraph(LEFT + 10.0, CONTENT_WIDTH - 20.0, style, line);
    }
    flow.skip(7.0 + 32.0);
    let y = flow.y;
    let page = flow.page();
    page.line((LEFT, y), (LEFT + 220.0, y), 0.6, 0.0);
    let label = i18n.tr_args("pdf-signature", &[("mediator", doc.header.mediator.clone())]);
    page.text(LEFT, y - 11.0, Style::new(Font::Regular, 8.5).gray(0.3), &label);
    flow.skip(14.0);
}
