//! Tables: the same [`Table`] becomes an HTML table for people and a CSV file for spreadsheets.
//!
//! Building both from one value is the point: the file a coordinator downloads has exactly the rows and
//! numbers of the table on the page (a test checks it), so nobody has to wonder which one is right.
//! The page formats numbers for the reader's language (`1 234,5`, `45,2 %`); the CSV writes them for
//! machines (`1234.5`, `0.452`), with no grouping, a `.` before the decimals, shares as fractions and
//! an empty field for a missing value.
//!
//! The CSV is UTF-8 **without** a byte-order mark, comma-separated, quoted only where needed (RFC 4180,
//! via the `csv` crate). LibreOffice and any program asks or detects the encoding; old Excel versions
//! need the import wizard (Data ▸ From Text, UTF-8) to show accents right, which is documented for the
//! coordinators rather than worked around with a BOM that breaks other tools. A text cell that starts
//! with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, so a spreadsheet never runs
//! it as a formula (CSV injection): names come from records typed at the counters.
//!
//! In HTML every table has a `<caption>`, column headers with `scope="col"`, the first column's cells
//! as row headers (`scope="row"`), and numbers right-aligned in tabular figures.

use balcao_core::text::Lang;
use balcao_i18n::I18n;
use maud::{Markup, html};

use crate::format::{format_decimal, format_int, format_minutes, format_percent};

/// A column of a [`Table`].
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// A stable machine name (`attendances`, `concluded_share`), for the lead's own use and tests.
    pub key: String,
    /// The header shown on the page and written as the CSV header.
    pub label: String,
    /// Whether the column holds numbers (right-aligned).
    pub numeric: bool,
}

impl Column {
    /// A text column.
    pub fn text(key: impl Into<String>, label: impl Into<String>) -> Self {
        Self {
            key: key.into(),
            label: label.into(),
            numeric: false,
        }
    }

    /// A numeric column.
    pub fn numeric(key: impl Into<String>, label: impl Into<String>) -> Self {
        Self {
            key: key.into(),
            label: label.into(),
            numeric: true,
        }
    }
}

/// One value of a [`Table`].
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text, shown and written as given (escaped on the page).
    Text(String),
    /// A count.
    Int(i64),
    /// A number with a fixed number of decimals.
    Decimal {
        /// The value.
        value: f64,
        /// How many decimals to show and to write.
        places: u8,
    },
    /// A share from 0 to 1, shown as a percentage with one decimal and written as a fraction.
    Percent(f64),
    /// A duration in minutes, shown and written with one decimal.
    Minutes(f64),
    /// No value (no data, or a share of nothing): shown as a dash with "no data" for screen readers,
    /// written as an empty field.
    Missing,
}

/// A table of data, for the page and the CSV download alike.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// The table's `id` on the page (unique on the page).
    pub id: String,
    /// The caption: what the table shows.
    pub caption: String,
    /// The columns.
    pub columns: Vec<Column>,
    /// The rows; each has one cell per column (missing cells are shown as [`Cell::Missing`]).
    pub rows: Vec<Vec<Cell>>,
    /// For each row, an optional address the first cell links to (a spot's or a service's page). May be
    /// shorter than `rows`, or empty.
    pub links: Vec<Option<String>>,
}

impl Table {
    /// Whether the table has no rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

/// A cell as the page shows it, or `None` for a missing value.
pub fn display_cell(cell: &Cell, i18n: &I18n) -> Option<String> {
    let lang: Lang = i18n.lang();
    match cell {
        Cell::Text(text) => Some(text.clone()),
        Cell::Int(n) => Some(format_int(*n, lang)),
        Cell::Decimal { value, places } => format_decimal(*value, *places, lang),
        Cell::Percent(fraction) => format_percent(*fraction, lang),
        Cell::Minutes(minutes) => format_minutes(*minutes, &i18n.tr("web-unit-minutes"), lang),
        Cell::Missing => None,
    }
}

/// A cell as the CSV writes it: plain numbers with `.`, shares as fractions, missing as empty.
pub fn csv_cell(cell: &Cell) -> String {
    let finite = |v: f64, places: usize| {
        if v.is_finite() {
            format!("{v:.places$}")
        } else {
            String::new()
        }
    };
    match cell {
        Cell::Text(text) => guard_formula(text),
        Cell::Int(n) => n.to_string(),
        Cell::Decimal { value, places } => finite(*value, usize::from((*places).min(9))),
        Cell::Percent(fraction) => finite(*fraction, 4),
        Cell::Minutes(minutes) => finite(*minutes, 1),
        Cell::Missing => String::new(),
    }
}

/// Prefixes `'` to text a spreadsheet would run as a formula.
fn guard_formula(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// The table as HTML: `<table>` with caption, column headers, row headers and formatted numbers,
/// inside a horizontally scrollable region so a wide table never widens the page.
pub fn table_html(table: &Table, i18n: &I18n) -> Markup {
    let missing = i18n.tr("web-missing-value");
    let caption_id = format!("{}-caption", table.id);
    html! {
        div class="table-scroll" role="region" aria-labelledby=(caption_id) tabindex="0" {
            table id=(table.id) {
                caption id=(caption_id) { (table.caption) }
                thead {
                    tr {
                        @for column in &table.columns {
                            th scope="col" class=[column.numeric.then_some("num")] { (column.label) }
                        }
                    }
                }
                tbody {
                    @for (r, row) in table.rows.iter().enumerate() {
                        tr {
                            @for (c, column) in table.columns.iter().enumerate() {
                                @let cell = row.get(c).unwrap_or(&Cell::Missing);
                                @let class = column.numeric.then_some("num");
                                @let link = if c == 0 { table.links.get(r).and_then(Option::as_deref) } else { None };
                                @let content = html! {
                                    @match display_cell(cell, i18n) {
                                        Some(text) => {
                                            @if let Some(href) = link {
                                                a href=(href) { (text) }
                                            } @else {
                                                (text)
                                            }
                                        }
                                        None => {
                                            span aria-hidden="true" { "—" }
                                            span class="visually-hidden" { (missing) }
                                        }
                                    }
                                };
                                @if c == 0 {
                                    th scope="row" class=[class] { (content) }
                                } @else {
                                    td class=[class] { (content) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The table as CSV: a header of column labels, then one record per row (see the module doc for the
/// format). Writing to memory cannot fail; if the `csv` crate ever reported an error, the result would
/// be empty rather than a panic in the server.
pub fn table_csv(table: &Table) -> Vec<u8> {
    write_csv(table).unwrap_or_default()
}

fn write_csv(table: &Table) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    writer.write_record(table.columns.iter().map(|c| guard_formula(&c.label)))?;
    for row in &table.rows {
        let record = (0..table.columns.len()).map(|i| csv_cell(row.get(i).unwrap_or(&Cell::Missing)));
        writer.write_record(record)?;
    }
    writer.flush()?;
    writer
        .into_inner()
        .map_err(|e| csv::Error::from(std::io::Error::other(e.to_string())))
}
