//! A small page-layout engine: measured text, wrapped cells, tables that continue across pages.
//!
//! `pdf-writer` writes PDF objects and content-stream operators and nothing more: it does not know
//! how wide a word is, where a line should break or when a page is full. The two documents of this
//! crate need exactly that much, so it lives here rather than in a general-purpose layout crate
//! (which would bring font parsing, shaping and images for a receipt made of two standard fonts).
//!
//! The engine works in two steps. Layout fills [`Page`]s with drawing operations in PDF points
//! (origin at the bottom left, y upwards), using a [`Flow`] that moves a cursor down the page and
//! starts a new page when the next block does not fit. Only when every page exists is the total
//! known, so the page footers ("Página 2 de 4") are added afterwards, and [`render`] turns the pages
//! into PDF bytes.
//!
//! Rendering is deterministic: the same document gives the same bytes (no creation date, no random
//! document id), so a stored closing report can be checked against its hash.

use crate::metrics;
use crate::winansi;
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

/// Width of an A4 page in points (210 mm).
pub(crate) const PAGE_WIDTH: f32 = 595.28;
/// Height of an A4 page in points (297 mm).
pub(crate) const PAGE_HEIGHT: f32 = 841.89;
/// Left and right margin: 15 mm, inside the unprintable border of common office printers.
pub(crate) const MARGIN_X: f32 = 42.52;
/// The left edge of the text column.
pub(crate) const LEFT: f32 = MARGIN_X;
/// The right edge of the text column.
pub(crate) const RIGHT: f32 = PAGE_WIDTH - MARGIN_X;
/// The width of the text column.
pub(crate) const CONTENT_WIDTH: f32 = RIGHT - LEFT;
/// The lowest baseline body text may use; the footer lives below it.
pub(crate) const BOTTOM: f32 = 62.0;
/// The baseline of the page footer.
pub(crate) const FOOTER_Y: f32 = 34.0;
/// The opacity of a watermark: enough to see at a glance, little enough to read through.
const WATERMARK_ALPHA: f32 = 0.14;
/// The name of the graphics state that sets [`WATERMARK_ALPHA`].
const WATERMARK_STATE: Name<'static> = Name(b"GS1");

/// One of the two standard fonts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Font {
    /// Helvetica.
    Regular,
    /// Helvetica-Bold.
    Bold,
}

impl Font {
    fn widths(self) -> &'static [u16; 224] {
        match self {
            Font::Regular => &metrics::HELVETICA,
            Font::Bold => &metrics::HELVETICA_BOLD,
        }
    }

    fn resource(self) -> Name<'static> {
        match self {
            Font::Regular => Name(b"F1"),
            Font::Bold => Name(b"F2"),
        }
    }
}

/// The width of WinAnsi-encoded bytes in points.
fn bytes_width(bytes: &[u8], font: Font, size: f32) -> f32 {
    let table = font.widths();
    let units: u32 = bytes
        .iter()
        .map(|&b| {
            let index = usize::from(b.saturating_sub(metrics::FIRST_CODE));
            // Codes below 32 are never produced by the encoder; they would measure as a space.
            u32::from(table.get(index).copied().unwrap_or(278))
        })
        .sum();
    units as f32 * size / 1000.0
}

/// The width of `text` in points, as it will be drawn (after encoding to WinAnsi).
pub(crate) fn text_width(text: &str, font: Font, size: f32) -> f32 {
    bytes_width(&winansi::encode(text), font, size)
}

/// Breaks `text` into lines no wider than `max_width`.
///
/// Lines break at ordinary spaces (never at the no-break space inside an amount) and at explicit
/// line breaks; a single word wider than the column (a long reference with no space) is cut between
/// characters rather than overflowing into the next column. Empty text gives one empty line, so a
/// blank cell still has a height.
pub(crate) fn wrap(text: &str, font: Font, size: f32, max_width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split([' ', '\t', '\r']).filter(|w| !w.is_empty()) {
            let candidate = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if text_width(&candidate, font, size) <= max_width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // The word starts a line; cut it if even alone it does not fit.
            for c in word.chars() {
                line.push(c);
                if text_width(&line, font, size) > max_width && line.chars().count() > 1 {
                    line.pop();
                    lines.push(std::mem::take(&mut line));
                    line.push(c);
                }
            }
        }
        lines.push(line);
    }
    lines
}

/// One drawing operation, in page coordinates.
#[derive(Debug, Clone, PartialEq)]
enum Op {
    Text {
        x: f32,
        y: f32,
        font: Font,
        size: f32,
        gray: f32,
        /// Counter-clockwise rotation in degrees around the start of the baseline.
        angle: f32,
        /// Drawn see-through (the copy marking over the content), at [`WATERMARK_ALPHA`].
        translucent: bool,
        bytes: Vec<u8>,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
        gray: f32,
    },
    Fill {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        gray: f32,
    },
    Frame {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        width: f32,
        gray: f32,
    },
}

/// Text style: font, size and grey level (0 is black, 1 white).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Style {
    /// The font.
    pub font: Font,
    /// The size in points.
    pub size: f32,
    /// The grey level of the text.
    pub gray: f32,
}

impl Style {
    /// Black text in `font` at `size` points.
    pub(crate) const fn new(font: Font, size: f32) -> Self {
        Style {
            font,
            size,
            gray: 0.0,
        }
    }

    /// The same style in another grey.
    pub(crate) const fn gray(self, gray: f32) -> Self {
        Style { gray, ..self }
    }

    /// The distance between baselines of wrapped lines.
    pub(crate) fn leading(self) -> f32 {
        self.size * 1.25
    }
}

/// One page being laid out.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Page {
    ops: Vec<Op>,
    /// The page's width and height in points; `None` is A4 portrait.
    size: Option<(f32, f32)>,
}

impl Page {
    /// An empty page of another size than A4 (an 80 mm roll's receipt).
    pub(crate) fn sized(width: f32, height: f32) -> Page {
        Page {
            ops: Vec::new(),
            size: Some((width, height)),
        }
    }

    /// Draws `text` with its baseline starting at (`x`, `y`).
    pub(crate) fn text(&mut self, x: f32, y: f32, style: Style, text: &str) {
        self.rotated_text(x, y, style, 0.0, false, text);
    }

    /// Draws `text` rotated by `angle` degrees counter-clockwise around (`x`, `y`).
    fn rotated_text(&mut self, x: f32, y: f32, style: Style, angle: f32, translucent: bool, text: &str) {
        if text.is_empty() {
            return;
        }
        self.ops.push(Op::Text {
            x,
            y,
            font: style.font,
            size: style.size,
            gray: style.gray,
            angle,
            translucent,
            bytes: winansi::encode(text),
        });
    }

    /// Draws `text` large, see-through and diagonally, centred on (`cx`, `cy`): a marking that
    /// covers the content without hiding it. Drawn last, it shows over shaded boxes too.
    pub(crate) fn watermark(&mut self, cx: f32, cy: f32, style: Style, angle: f32, text: &str) {
        let width = text_width(text, style.font, style.size);
        let (sin, cos) = angle.to_radians().sin_cos();
        // Half the cap height, so the middle of the letters (not the baseline) is on the centre.
        let half_height = style.size * 0.36;
        let x = cx - cos * width / 2.0 + sin * half_height;
        let y = cy - sin * width / 2.0 - cos * half_height;
        self.rotated_text(x, y, style, angle, true, text);
    }

    /// Draws `text` so that it ends at `right`.
    pub(crate) fn text_right(&mut self, right: f32, y: f32, style: Style, text: &str) {
        let w = text_width(text, style.font, style.size);
        self.text(right - w, y, style, text);
    }

    /// Draws `text` centred on `center`.
    pub(crate) fn text_center(&mut self, center: f32, y: f32, style: Style, text: &str) {
        let w = text_width(text, style.font, style.size);
        self.text(center - w / 2.0, y, style, text);
    }

    /// Draws a straight line.
    pub(crate) fn line(&mut self, from: (f32, f32), to: (f32, f32), width: f32, gray: f32) {
        self.ops.push(Op::Line {
            x1: from.0,
            y1: from.1,
            x2: to.0,
            y2: to.1,
            width,
            gray,
        });
    }

    /// A horizontal rule across the text column at height `y`.
    pub(crate) fn rule(&mut self, y: f32, width: f32, gray: f32) {
        self.line((LEFT, y), (RIGHT, y), width, gray);
    }

    /// Fills a rectangle whose bottom-left corner is (`x`, `y`).
    pub(crate) fn fill(&mut self, x: f32, y: f32, w: f32, h: f32, gray: f32) {
        self.ops.push(Op::Fill { x, y, w, h, gray });
    }

    /// Strokes the outline of a rectangle whose bottom-left corner is (`x`, `y`).
    pub(crate) fn frame(&mut self, x: f32, y: f32, w: f32, h: f32, width: f32, gray: f32) {
        self.ops.push(Op::Frame {
            x,
            y,
            w,
            h,
            width,
            gray,
        });
    }
}

/// Draws what every page of a document carries (running header, copy marking) and returns the
/// baseline where the body starts.
pub(crate) type Chrome<'a> = dyn Fn(&mut Page) -> f32 + 'a;

/// The cursor that fills pages from top to bottom.
pub(crate) struct Flow<'a> {
    done: Vec<Page>,
    page: Page,
    /// The top of the free space on the current page: the next block starts below it.
    pub y: f32,
    chrome: &'a Chrome<'a>,
}

impl<'a> Flow<'a> {
    /// Starts the first page.
    pub(crate) fn new(chrome: &'a Chrome<'a>) -> Self {
        let mut page = Page::default();
        let y = chrome(&mut page);
        Flow {
            done: Vec::new(),
            page,
            y,
            chrome,
        }
    }

    /// The page being filled.
    pub(crate) fn page(&mut self) -> &mut Page {
        &mut self.page
    }

    /// Closes the current page and starts another, with its chrome.
    pub(crate) fn new_page(&mut self) {
        let mut page = Page::default();
        self.y = (self.chrome)(&mut page);
        self.done.push(std::mem::replace(&mut self.page, page));
    }

    /// Whether a block `height` tall fits above the bottom margin.
    pub(crate) fn fits(&self, height: f32) -> bool {
        self.y - height >= BOTTOM
    }

    /// Starts a new page unless a block `height` tall fits on this one. Returns whether it did.
    pub(crate) fn ensure(&mut self, height: f32) -> bool {
        if self.fits(height) {
            false
        } else {
            self.new_page();
            true
        }
    }

    /// Moves the cursor down.
    pub(crate) fn skip(&mut self, height: f32) {
        self.y -= height;
    }

    /// Draws a paragraph wrapped to `width` at `x`, continuing on new pages if needed.
    pub(crate) fn paragraph(&mut self, x: f32, width: f32, style: Style, text: &str) {
        for line in wrap(text, style.font, style.size, width) {
            self.ensure(style.leading());
            let baseline = self.y - style.size * 0.88;
            self.page.text(x, baseline, style, &line);
            self.y -= style.leading();
        }
    }

    /// Draws a label and its value side by side, the value wrapped within its column; the pair is
    /// kept together on one page when it fits on any.
    pub(crate) fn field(
        &mut self,
        label: &str,
        value: &str,
        label_width: f32,
        label_style: Style,
        style: Style,
    ) {
        let x = LEFT + label_width;
        let lines = wrap(value, style.font, style.size, RIGHT - x);
        let height = lines.len() as f32 * style.leading();
        if height <= PAGE_HEIGHT / 2.0 {
            self.ensure(height);
        } else {
            self.ensure(style.leading());
        }
        let first = self.y - style.size * 0.88;
        self.page.text(LEFT, first, label_style, label);
        for line in lines {
            self.ensure(style.leading());
            let baseline = self.y - style.size * 0.88;
            self.page.text(x, baseline, style, &line);
            self.y -= style.leading();
        }
    }

    /// All the pages, the current one last.
    pub(crate) fn finish(mut self) -> Vec<Page> {
        self.done.push(self.page);
        self.done
    }
}

/// How a column aligns its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    /// Flush left (names, numbers of documents).
    Left,
    /// Flush right (amounts and counts, so the digits line up).
    Right,
}

/// A table column.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Column {
    /// The heading.
    pub title: String,
    /// The width in points, padding included.
    pub width: f32,
    /// The alignment of heading and cells.
    pub align: Align,
}

impl Column {
    /// A column with this heading, width and alignment.
    pub(crate) fn new(title: String, width: f32, align: Align) -> Column {
        Column { title, width, align }
    }
}

/// One cell: one or more pieces of text stacked top to bottom, each wrapped within the column.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Cell {
    /// The pieces: an entity over its service, or a receipt number over the "cancelled" mark.
    pub parts: Vec<(String, Style)>,
    /// Whether the text is struck through (the amount of a cancelled payment).
    pub strike: bool,
}

impl Cell {
    /// A cell of one piece of text.
    pub(crate) fn new(text: impl Into<String>, style: Style) -> Self {
        Cell {
            parts: vec![(text.into(), style)],
            strike: false,
        }
    }

    /// The same cell with another piece of text under it.
    pub(crate) fn then(mut self, text: impl Into<String>, style: Style) -> Self {
        self.parts.push((text.into(), style));
        self
    }
}

/// Horizontal padding inside a cell.
const CELL_PAD_X: f32 = 3.0;
/// Vertical padding inside a cell.
const CELL_PAD_Y: f32 = 2.5;

/// A table: columns that must add up to the width of the text column.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Table {
    /// The columns, left to right.
    pub columns: Vec<Column>,
    /// The style of the headings.
    pub heading: Style,
    /// What to print above the headings when the table continues on a new page.
    pub continued: String,
}

impl Table {
    /// A table with `columns`, headings in `heading`, and `continued` as the title repeated on a
    /// continuation page.
    pub(crate) fn new(columns: Vec<Column>, heading: Style, continued: String) -> Self {
        Table {
            columns,
            heading,
            continued,
        }
    }

    fn heading_height(&self) -> f32 {
        self.heading.leading() + 2.0 * CELL_PAD_Y
    }

    /// Draws the column headings at the cursor.
    pub(crate) fn headings(&self, flow: &mut Flow<'_>) {
        let h = self.heading_height();
        let top = flow.y;
        flow.page().fill(LEFT, top - h, CONTENT_WIDTH, h, 0.86);
        let baseline = top - CELL_PAD_Y - self.heading.size * 0.88;
        let mut x = LEFT;
        for column in &self.columns {
            let page = flow.page();
            match column.align {
                Align::Left => page.text(x + CELL_PAD_X, baseline, self.heading, &column.title),
                Align::Right => page.text_right(
                    x + column.width - CELL_PAD_X,
                    baseline,
                    self.heading,
                    &column.title,
                ),
            }
            x += column.width;
        }
        flow.skip(h);
    }

    /// Draws the headings, together with at least one row's worth of space, so a table never starts
    /// with its headings alone at the bottom of a page.
    pub(crate) fn start(&self, flow: &mut Flow<'_>) {
        let one_row = self.heading_height() + 2.0 * (self.heading.leading() + 2.0 * CELL_PAD_Y);
        flow.ensure(one_row);
        self.headings(flow);
    }

    /// Draws one row; if it does not fit, continues the table on a new page, repeating the title
    /// and the headings. A row is shaded when `shade` (striped rows are easier to follow across a
    /// wide page), and a row is set apart with a rule above it when `total`.
    pub(crate) fn row(&self, flow: &mut Flow<'_>, cells: &[Cell], shade: bool, total: bool) {
        // Every cell as its lines, each line with its style.
        let mut wrapped: Vec<Vec<(String, Style)>> = Vec::with_capacity(cells.len());
        let mut height: f32 = 0.0;
        for (column, cell) in self.columns.iter().zip(cells) {
            let mut lines = Vec::new();
            for (text, style) in &cell.parts {
                for line in wrap(text, style.font, style.size, column.width - 2.0 * CELL_PAD_X) {
                    lines.push((line, *style));
                }
            }
            height = height.max(lines.iter().map(|(_, style)| style.leading()).sum());
            wrapped.push(lines);
        }
        height += 2.0 * CELL_PAD_Y;
        if !flow.fits(height) {
            flow.new_page();
            let title = Style::new(Font::Bold, self.heading.size + 1.5);
            flow.paragraph(LEFT, CONTENT_WIDTH, title, &self.continued);
            flow.skip(3.0);
            self.headings(flow);
        }
        let top = flow.y;
        if shade {
            flow.page().fill(LEFT, top - height, CONTENT_WIDTH, height, 0.95);
        }
        if total {
            flow.page().rule(top, 0.8, 0.0);
        }
        let mut x = LEFT;
        for ((column, cell), lines) in self.columns.iter().zip(cells).zip(&wrapped) {
            let mut line_top = top - CELL_PAD_Y;
            for (line, style) in lines {
                let baseline = line_top - style.size * 0.88;
                let width = text_width(line, style.font, style.size);
                let start = match column.align {
                    Align::Left => x + CELL_PAD_X,
                    Align::Right => x + column.width - CELL_PAD_X - width,
                };
                let page = flow.page();
                page.text(start, baseline, *style, line);
                if cell.strike {
                    let y = baseline + style.size * 0.3;
                    page.line((start, y), (start + width, y), 0.7, style.gray);
                }
                line_top -= style.leading();
            }
            x += column.width;
        }
        flow.skip(height);
    }
}

/// What the document says about itself: title and language, for viewers and screen readers.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Meta {
    /// The document title (shown in the viewer's title bar).
    pub title: String,
    /// The BCP 47 tag of the document's language.
    pub lang: String,
}

/// Writes the pages as a PDF with the two standard fonts in WinAnsiEncoding.
pub(crate) fn render(pages: &[Page], meta: &Meta) -> Vec<u8> {
    let catalog_id = Ref::new(1);
    let tree_id = Ref::new(2);
    let regular_id = Ref::new(3);
    let bold_id = Ref::new(4);
    let info_id = Ref::new(5);
    let state_id = Ref::new(6);
    // Each page takes two ids: the page and its content stream.
    let page_ids: Vec<(Ref, Ref)> = (0..pages.len())
        .map(|i| {
            let i = i32::try_from(i).unwrap_or(i32::MAX / 2 - 8);
            (Ref::new(7 + 2 * i), Ref::new(8 + 2 * i))
        })
        .collect();

    let mut pdf = Pdf::new();
    pdf.catalog(catalog_id).pages(tree_id).lang(TextStr(&meta.lang));
    let count = i32::try_from(pages.len()).unwrap_or(i32::MAX);
    pdf.pages(tree_id)
        .kids(page_ids.iter().map(|(page, _)| *page))
        .count(count);
    for (font, id) in [(Font::Regular, regular_id), (Font::Bold, bold_id)] {
        let base: &[u8] = match font {
            Font::Regular => b"Helvetica",
            Font::Bold => b"Helvetica-Bold",
        };
        pdf.type1_font(id)
            .base_font(Name(base))
            .encoding_predefined(Name(b"WinAnsiEncoding"));
    }
    pdf.ext_graphics(state_id).non_stroking_alpha(WATERMARK_ALPHA);
    pdf.document_info(info_id)
        .title(TextStr(&meta.title))
        .creator(TextStr("Balcão"))
        .producer(TextStr("Balcão (balcao-pdf, pdf-writer)"));

    for (page, (page_id, content_id)) in pages.iter().zip(&page_ids) {
        let mut writer = pdf.page(*page_id);
        writer
            .parent(tree_id)
            .media_box({
                let (width, height) = page.size.unwrap_or((PAGE_WIDTH, PAGE_HEIGHT));
                Rect::new(0.0, 0.0, width, height)
            })
            .contents(*content_id);
        let mut resources = writer.resources();
        resources
            .fonts()
            .pair(Font::Regular.resource(), regular_id)
            .pair(Font::Bold.resource(), bold_id);
        resources.ext_g_states().pair(WATERMARK_STATE, state_id);
        resources.finish();
        writer.finish();
        let content = content_stream(page);
        pdf.stream(*content_id, content.as_slice());
    }
    pdf.finish()
}

/// The content stream of one page.
fn content_stream(page: &Page) -> pdf_writer::Buf {
    let mut content = Content::new();
    for op in &page.ops {
        match op {
            Op::Text {
                x,
                y,
                font,
                size,
                gray,
                angle,
                translucent,
                bytes,
            } => {
                let (sin, cos) = angle.to_radians().sin_cos();
                if *translucent {
                    content.save_state();
                    content.set_parameters(WATERMARK_STATE);
                }
                content.begin_text();
                content.set_fill_gray(*gray);
                content.set_font(font.resource(), *size);
                content.set_text_matrix([cos, sin, -sin, cos, *x, *y]);
                content.show(Str(bytes));
                content.end_text();
                if *translucent {
                    content.restore_state();
                }
            }
            Op::Line {
                x1,
                y1,
                x2,
                y2,
                width,
                gray,
            } => {
                content.set_stroke_gray(*gray);
                content.set_line_width(*width);
                content.move_to(*x1, *y1);
                content.line_to(*x2, *y2);
                content.stroke();
            }
            Op::Fill { x, y, w, h, gray } => {
                content.set_fill_gray(*gray);
                content.rect(*x, *y, *w, *h);
                content.fill_nonzero();
            }
            Op::Frame {
                x,
                y,
                w,
                h,
                width,
                gray,
            } => {
                content.set_stroke_gray(*gray);
                content.set_line_width(*width);
                content.rect(*x, *y, *w, *h);
                content.stroke();
            }
        }
    }
    content.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_follow_the_afm() {
        // "A" is 667 units in Helvetica and 722 in Helvetica-Bold; "€" is 556 in both.
        assert!((text_width("A", Font::Regular, 10.0) - 6.67).abs() < 1e-3);
        assert!((text_width("A", Font::Bold, 10.0) - 7.22).abs() < 1e-3);
        assert!((text_width("€", Font::Regular, 1000.0) - 556.0).abs() < 1e-3);
        // The no-break space is as wide as a space, and "ã" as wide as "a".
        assert_eq!(
            text_width("1\u{a0}234", Font::Regular, 9.0),
            text_width("1 234", Font::Regular, 9.0)
        );
        assert_eq!(text_width("ã", Font::Bold, 9.0), text_width("a", Font::Bold, 9.0));
    }

    #[test]
    fn wrapping_keeps_within_the_width_and_loses_no_word() {
        let text = "Pedido de certidão permanente do registo predial com fotocópia certificada";
        let lines = wrap(text, Font::Regular, 9.0, 120.0);
        assert!(lines.len() > 1, "{lines:?}");
        for line in &lines {
            assert!(text_width(line, Font::Regular, 9.0) <= 120.0, "{line}");
        }
        assert_eq!(lines.join(" "), text);
    }

    #[test]
    fn wrapping_never_splits_an_amount_and_cuts_overlong_words() {
        let lines = wrap("Total 1\u{a0}234,50\u{a0}€", Font::Regular, 9.0, 50.0);
        assert_eq!(lines.last().map(String::as_str), Some("1\u{a0}234,50\u{a0}€"));
        let lines = wrap("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", Font::Regular, 9.0, 40.0);
        assert!(lines.len() > 2, "{lines:?}");
        assert_eq!(lines.concat(), "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
        assert_eq!(wrap("", Font::Regular, 9.0, 40.0), vec![String::new()]);
        assert_eq!(wrap("a\nb", Font::Regular, 9.0, 400.0), vec!["a", "b"]);
    }

    #[test]
    fn rendering_is_deterministic() {
        let mut page = Page::default();
        page.text(
            100.0,
            700.0,
            Style::new(Font::Regular, 12.0),
            "Olá, 1\u{a0}234,50\u{a0}€",
        );
        let meta = Meta {
            title: "Teste".into(),
            lang: "pt-PT".into(),
        };
        let a = render(std::slice::from_ref(&page), &meta);
        let b = render(std::slice::from_ref(&page), &meta);
        assert_eq!(a, b);
        assert!(a.starts_with(b"%PDF-"));
        // The text is written as WinAnsi bytes (hex, since it is not ASCII): "á" is E1, the no-break
        // space A0 and the euro sign 80.
        let hex = "4F6CE12C2031A03233342C3530A080";
        let haystack = String::from_utf8_lossy(&a).to_uppercase();
        assert!(haystack.contains(hex), "{haystack}");
    }
}
