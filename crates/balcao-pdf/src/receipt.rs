//! The receipt of one payment, and the document that cancels a receipt.
//!
//! The layout reads top to bottom in the order a citizen or an auditor asks the questions: what
//! document is this and which number (top right, large), who issued it (the spot, its host entity,
//! the counter, the mediator, when), for whom the money was collected and for what (the entity in
//! bold: the citizen paid the registry office, not the municipality), how much (in a shaded box, the
//! largest figure on the page), and how it was paid. A cancelling document has the same shape with
//! its own title and a box naming the receipt it cancels and the reason, so the two are never
//! mistaken for each other.
//!
//! For a card payment only the method and the terminal's reference of the operation are printed;
//! for cash, what was handed over and the change; for MB WAY, its reference; for an exemption, the
//! legal grounds.
//!
//! A receipt fits on one page, but a pathological reason or service name continues on a second page
//! rather than being cut, and every page carries the number, "Página N de M" and, on a reprint, the
//! copy marking.

use crate::layout::{
    self, CONTENT_WIDTH, FOOTER_Y, Flow, Font, LEFT, Meta, PAGE_HEIGHT, PAGE_WIDTH, Page, RIGHT, Style,
};
use crate::{Method, ReceiptDoc, method_name, page_label};
use balcao_i18n::I18n;

/// Width of the label column of the label–value pairs.
const LABEL_WIDTH: f32 = 150.0;
/// The height of the centre of the diagonal copy marking: the middle of a typical receipt's body.
const WATERMARK_Y: f32 = 560.0;

/// Renders a receipt, or a cancelling document when `doc.cancels` is set, as PDF bytes.
pub fn receipt_pdf(doc: &ReceiptDoc, i18n: &I18n) -> Vec<u8> {
    let title = if doc.cancels.is_some() {
        i18n.tr("pdf-cancellation-title")
    } else {
        i18n.tr("pdf-receipt-title")
    };
    let number = i18n.tr_args("pdf-number", &[("number", doc.number.clone())]);
    let copy_mark = doc.copy.then(|| i18n.tr("pdf-copy-mark"));
    // A training receipt says so in the band, across the page and in the footer: it proves nothing.
    let training_mark = doc.training.then(|| i18n.tr("pdf-training-mark"));
    let band = match (&training_mark, &copy_mark) {
        (Some(t), Some(c)) => Some(format!("{t} · {c}")),
        (Some(t), None) => Some(t.clone()),
        (None, c) => c.clone(),
    };

    let chrome = |page: &mut Page| -> f32 { draw_chrome(page, doc, &title, &number, band.as_deref()) };
    let mut flow = Flow::new(&chrome);
    body(&mut flow, doc, i18n);
    let mut pages = flow.finish();

    let footer_id = if doc.cancels.is_some() {
        "pdf-cancellation-footer"
    } else {
        "pdf-receipt-footer"
    };
    let mut footer = i18n.tr_args(footer_id, &[("number", doc.number.clone())]);
    if let Some(mark) = &band {
        footer = format!("{footer} · {mark}");
    }
    let total = pages.len();
    for (i, page) in pages.iter_mut().enumerate() {
        let small = Style::new(Font::Regular, 8.0).gray(0.3);
        page.rule(FOOTER_Y + 10.0, 0.4, 0.6);
        page.text(LEFT, FOOTER_Y, small, &footer);
        page.text_right(RIGHT, FOOTER_Y, small, &page_label(i18n, i + 1, total));
        if let Some(mark) = &training_mark {
            page.watermark(
                PAGE_WIDTH / 2.0,
                WATERMARK_Y - 260.0,
                Style::new(Font::Bold, 44.0),
                30.0,
                mark,
            );
        }
        if let Some(mark) = &copy_mark {
            // Over the middle of the receipt, which fills the upper part of the page.
            page.watermark(
                PAGE_WIDTH / 2.0,
                WATERMARK_Y,
                Style::new(Font::Bold, 60.0),
                30.0,
                mark,
            );
        }
    }
    let meta = Meta {
        title: format!("{title} {}", doc.number),
        lang: i18n.lang().tag().to_string(),
    };
    layout::render(&pages, &meta)
}

/// Draws the heading every page repeats and returns where the body starts.
fn draw_chrome(page: &mut Page, doc: &ReceiptDoc, title: &str, number: &str, copy_mark: Option<&str>) -> f32 {
    let top = PAGE_HEIGHT - 50.0;
    // Left: who issues. Right: what document and which number.
    let spot = Style::new(Font::Bold, 12.0);
    let small = Style::new(Font::Regular, 9.0).gray(0.3);
    let title_style = Style::new(Font::Bold, 20.0);
    let number_style = Style::new(Font::Bold, 13.0);
    let title_width = layout::text_width(&title.to_uppercase(), title_style.font, title_style.size)
        .max(layout::text_width(number, number_style.font, number_style.size));
    let left_width = (CONTENT_WIDTH - title_width - 20.0).max(150.0);
    let mut y = top - 12.0;
    for line in layout::wrap(&doc.header.spot_name, spot.font, spot.size, left_width)
        .iter()
        .take(2)
    {
        page.text(LEFT, y, spot, line);
        y -= spot.leading();
    }
    page.text(LEFT, y, small, &doc.header.host_entity);
    page.text_right(RIGHT, top - 16.0, title_style, &title.to_uppercase());
    page.text_right(RIGHT, top - 36.0, number_style, number);
    let mut bottom = (y - 10.0).min(top - 48.0);
    page.rule(bottom, 1.2, 0.0);

    if let Some(mark) = copy_mark {
        let h = 30.0;
        bottom -= 10.0;
        page.fill(LEFT, bottom - h, CONTENT_WIDTH, h, 0.15);
        let style = Style::new(Font::Bold, 17.0).gray(1.0);
        page.text_center(LEFT + CONTENT_WIDTH / 2.0, bottom - h + 9.5, style, mark);
        bottom -= h;
    }
    bottom - 16.0
}

/// The body: issuer details, what was paid, the amount and the method.
fn body(flow: &mut Flow<'_>, doc: &ReceiptDoc, i18n: &I18n) {
    let label = Style::new(Font::Regular, 9.5).gray(0.35);
    let value = Style::new(Font::Regular, 11.0);
    let strong = Style::new(Font::Bold, 12.0);
    let field = |flow: &mut Flow<'_>, id: &str, text: &str, style: Style| {
        flow.field(&i18n.tr(id), text, LABEL_WIDTH, label, style);
        flow.skip(3.0);
    };

    if let Some((original, reason)) = &doc.cancels {
        cancellation_box(flow, i18n, original, reason);
    }

    let spot = format!("{} ({})", doc.header.spot_name, doc.header.spot_code);
    field(flow, "pdf-label-spot", &spot, value);
    field(flow, "pdf-label-host", &doc.header.host_entity, value);
    field(flow, "pdf-label-counter", &doc.header.counter, value);
    field(flow, "pdf-label-mediator", &doc.header.mediator, value);
    field(flow, "pdf-label-issued", &doc.issued_at, value);
    field(flow, "pdf-label-attendance", &doc.attendance_id, value);
    section_rule(flow);

    field(flow, "pdf-label-entity", &doc.entity, strong);
    field(flow, "pdf-label-service", &doc.service, value);
    if let Some(variant) = &doc.variant {
        field(flow, "pdf-label-variant", variant, value);
    }
    flow.skip(8.0);

    // The amount, in a shaded box: the figure the citizen checks first.
    let h = 40.0;
    flow.ensure(h + 10.0);
    let top = flow.y;
    let amount_label = if doc.cancels.is_some() {
        i18n.tr("pdf-label-amount-cancelled")
    } else {
        i18n.tr("pdf-label-amount")
    };
    let page = flow.page();
    page.fill(LEFT, top - h, CONTENT_WIDTH, h, 0.9);
    page.text(
        LEFT + 12.0,
        top - h + 15.0,
        Style::new(Font::Bold, 13.0),
        &amount_label,
    );
    page.text_right(
        RIGHT - 12.0,
        top - h + 13.0,
        Style::new(Font::Bold, 22.0),
        &doc.amount.to_string(),
    );
    flow.skip(h + 14.0);

    field(
        flow,
        "pdf-label-method",
        &method_name(i18n, doc.method.kind()),
        strong,
    );
    match &doc.method {
        Method::Cash { tendered, change } => {
            field(flow, "pdf-label-tendered", &tendered.to_string(), value);
            field(flow, "pdf-label-change", &change.to_string(), value);
        }
        Method::Card { terminal_ref } => field(flow, "pdf-label-terminal-ref", terminal_ref, value),
        Method::MbWay { reference } => field(flow, "pdf-label-mbway-ref", reference, value),
        Method::Exempt { reason } => field(flow, "pdf-label-exempt-reason", reason, value),
    }
    section_rule(flow);

    let note = match &doc.cancels {
        Some((original, _)) => i18n.tr_args("pdf-cancellation-note", &[("original", original.clone())]),
        None => i18n.tr("pdf-receipt-note"),
    };
    flow.paragraph(
        LEFT,
        CONTENT_WIDTH,
        Style::new(Font::Regular, 9.0).gray(0.25),
        &note,
    );
}

/// The framed box at the top of a cancelling document: which receipt it cancels, and why.
fn cancellation_box(flow: &mut Flow<'_>, i18n: &I18n, original: &str, reason: &str) {
    let label = Style::new(Font::Regular, 9.5).gray(0.35);
    let strong = Style::new(Font::Bold, 12.0);
    let value = Style::new(Font::Regular, 11.0);
    let inner = CONTENT_WIDTH - 20.0;
    let cancels = i18n.tr_args("pdf-label-cancels", &[("original", original.to_string())]);
    let reason_label = i18n.tr("pdf-label-cancel-reason");
    let cancels_lines = layout::wrap(&cancels, strong.font, strong.size, inner);
    let reason_lines = layout::wrap(reason, value.font, value.size, inner);
    let height = 10.0
        + cancels_lines.len() as f32 * strong.leading()
        + 4.0
        + label.leading()
        + reason_lines.len() as f32 * value.leading()
        + 8.0;
    // A reason too long for one page is drawn without the frame, continuing on the next page.
    let framed = height < PAGE_HEIGHT / 2.0;
    if framed {
        flow.ensure(height);
        let top = flow.y;
        flow.page()
            .frame(LEFT, top - height, CONTENT_WIDTH, height, 1.5, 0.0);
    }
    flow.skip(10.0);
    for line in &cancels_lines {
        flow.paragraph(LEFT + 10.0, inner, strong, line);
    }
    flow.skip(4.0);
    flow.paragraph(LEFT + 10.0, inner, label, &reason_label);
    flow.paragraph(LEFT + 10.0, inner, value, reason);
    flow.skip(8.0 + 14.0);
}

/// A thin rule between groups of fields.
fn section_rule(flow: &mut Flow<'_>) {
    flow.skip(4.0);
    let y = flow.y;
    flow.page().rule(y, 0.5, 0.6);
    flow.skip(12.0);
}
