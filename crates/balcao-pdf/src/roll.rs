//! The receipt and the cancelling document on an 80 mm thermal roll, for spots whose printer is one.
//!
//! A roll has no pages: the document is one page exactly as long as its content, 72 mm of print
//! width inside the 80 mm paper (what the common ESC/POS roll printers print through CUPS). The order
//! is the A4 receipt's (`receipt.rs`) in one narrow column: who issues it, the title and number, for
//! whom and for what, the amount in large type, how it was paid, and the note; each label sits above
//! its value, as there is no room beside it. A reprint says "2.ª via — cópia" under the number.

use crate::layout::{self, Font, Meta, Page, Style};
use crate::{Method, ReceiptDoc, method_name};
use balcao_i18n::I18n;

/// The paper's width: 80 mm in points.
pub const ROLL_WIDTH: f32 = 226.77;
/// Left and right margin: 4 mm, leaving the 72 mm a roll printer prints.
const MARGIN: f32 = 11.34;
const LEFT: f32 = MARGIN;
const RIGHT: f32 = ROLL_WIDTH - MARGIN;
const WIDTH: f32 = RIGHT - LEFT;

/// One line of the roll, top to bottom.
enum Row {
    Text(Style, String, Align),
    Rule,
    Gap(f32),
}

#[derive(Clone, Copy)]
enum Align {
    Left,
    Centre,
    Right,
}

impl Row {
    fn height(&self) -> f32 {
        match self {
            Row::Text(style, ..) => style.leading(),
            Row::Rule => 8.0,
            Row::Gap(h) => *h,
        }
    }
}

/// Wrapped text, one row per line.
fn lines(rows: &mut Vec<Row>, style: Style, text: &str, align: Align) {
    for line in layout::wrap(text, style.font, style.size, WIDTH) {
        rows.push(Row::Text(style, line, align));
    }
}

/// A label above its value.
fn field(rows: &mut Vec<Row>, label: &str, value: &str, strong: bool) {
    lines(
        rows,
        Style::new(Font::Regular, 7.5).gray(0.35),
        label,
        Align::Left,
    );
    let style = if strong {
        Style::new(Font::Bold, 9.5)
    } else {
        Style::new(Font::Regular, 9.0)
    };
    lines(rows, style, value, Align::Left);
    rows.push(Row::Gap(3.0));
}

/// Renders a receipt, or a cancelling document when `doc.cancels` is set, for an 80 mm roll.
pub fn receipt_roll_pdf(doc: &ReceiptDoc, i18n: &I18n) -> Vec<u8> {
    let tr = |id: &str| i18n.tr(id);
    let mut rows = Vec::new();
    lines(
        &mut rows,
        Style::new(Font::Bold, 10.0),
        &doc.header.spot_name,
        Align::Centre,
    );
    lines(
        &mut rows,
        Style::new(Font::Regular, 8.0).gray(0.3),
        &doc.header.host_entity,
        Align::Centre,
    );
    rows.push(Row::Rule);
    let title = if doc.cancels.is_some() {
        tr("pdf-cancellation-title")
    } else {
        tr("pdf-receipt-title")
    };
    lines(
        &mut rows,
        Style::new(Font::Bold, 13.0),
        &title.to_uppercase(),
        Align::Centre,
    );
    let number = i18n.tr_args("pdf-number", &[("number", doc.number.clone())]);
    lines(&mut rows, Style::new(Font::Bold, 10.0), &number, Align::Centre);
    if doc.copy {
        lines(
            &mut rows,
            Style::new(Font::Bold, 10.0),
            &tr("pdf-copy-mark"),
            Align::Centre,
        );
    }
    if doc.training {
        let mark = tr("pdf-training-mark");
        lines(&mut rows, Style::new(Font::Bold, 12.0), &mark, Align::Centre);
    }
    rows.push(Row::Rule);
    if let Some((original, reason)) = &doc.cancels {
        let cancels = i18n.tr_args("pdf-label-cancels", &[("original", original.clone())]);
        lines(&mut rows, Style::new(Font::Bold, 9.5), &cancels, Align::Left);
        field(&mut rows, &tr("pdf-label-cancel-reason"), reason, false);
        rows.push(Row::Rule);
    }
    let spot = format!("{} ({})", doc.header.spot_name, doc.header.spot_code);
    field(&mut rows, &tr("pdf-label-spot"), &spot, false);
    field(&mut rows, &tr("pdf-label-counter"), &doc.header.counter, false);
    field(&mut rows, &tr("pdf-label-mediator"), &doc.header.mediator, false);
    field(&mut rows, &tr("pdf-label-issued"), &doc.issued_at, false);
    field(&mut rows, &tr("pdf-label-attendance"), &doc.attendance_id, false);
    rows.push(Row::Rule);
    field(&mut rows, &tr("pdf-label-entity"), &doc.entity, true);
    field(&mut rows, &tr("pdf-label-service"), &doc.service, false);
    if let Some(variant) = &doc.variant {
        field(&mut rows, &tr("pdf-label-variant"), variant, false);
    }
    let amount_label = if doc.cancels.is_some() {
        tr("pdf-label-amount-cancelled")
    } else {
        tr("pdf-label-amount")
    };
    rows.push(Row::Rule);
    lines(&mut rows, Style::new(Font::Bold, 9.5), &amount_label, Align::Left);
    lines(
        &mut rows,
        Style::new(Font::Bold, 18.0),
        &doc.amount.to_string(),
        Align::Right,
    );
    rows.push(Row::Rule);
    field(
        &mut rows,
        &tr("pdf-label-method"),
        &method_name(i18n, doc.method.kind()),
        true,
    );
    match &doc.method {
        Method::Cash { tendered, change } => {
            field(&mut rows, &tr("pdf-label-tendered"), &tendered.to_string(), false);
            field(&mut rows, &tr("pdf-label-change"), &change.to_string(), false);
        }
        Method::Card { terminal_ref } => field(&mut rows, &tr("pdf-label-terminal-ref"), terminal_ref, false),
        Method::MbWay { reference } => field(&mut rows, &tr("pdf-label-mbway-ref"), reference, false),
        Method::Exempt { reason } => field(&mut rows, &tr("pdf-label-exempt-reason"), reason, false),
    }
    rows.push(Row::Rule);
    let note = match &doc.cancels {
        Some((original, _)) => i18n.tr_args("pdf-cancellation-note", &[("original", original.clone())]),
        None => tr("pdf-receipt-note"),
    };
    lines(
        &mut rows,
        Style::new(Font::Regular, 7.5).gray(0.25),
        &note,
        Align::Left,
    );
    if doc.training {
        rows.push(Row::Gap(4.0));
        let mark = tr("pdf-training-mark");
        lines(&mut rows, Style::new(Font::Bold, 12.0), &mark, Align::Centre);
    }

    // The page is as long as what it holds, with a margin above and below.
    let height = rows.iter().map(Row::height).sum::<f32>() + 2.0 * MARGIN + 12.0;
    let mut page = Page::sized(ROLL_WIDTH, height);
    let mut y = height - MARGIN;
    for row in &rows {
        match row {
            Row::Text(style, text, align) => {
                let baseline = y - style.size * 0.88;
                match align {
                    Align::Left => page.text(LEFT, baseline, *style, text),
                    Align::Centre => page.text_center(ROLL_WIDTH / 2.0, baseline, *style, text),
                    Align::Right => page.text_right(RIGHT, baseline, *style, text),
                }
            }
            Row::Rule => page.line((LEFT, y - 4.0), (RIGHT, y - 4.0), 0.5, 0.4),
            Row::Gap(_) => {}
        }
        y -= row.height();
    }
    let meta = Meta {
        title: format!("{title} {}", doc.number),
        lang: i18n.lang().tag().to_string(),
    };
    layout::render(&[page], &meta)
}
