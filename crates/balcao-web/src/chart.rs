//! Charts as inline SVG, drawn on the server with `plotters`.
//!
//! Why SVG drawn here: the pages run no JavaScript (the server's Content-Security-Policy allows none),
//! so a chart library in the browser is out; an SVG is text, goes inline in the page, scales with zoom
//! without blurring, and needs no font file (the browser draws its `<text>` in the page's font).
//! `plotters` is built with only its SVG backend and line series: no bitmap, no font loading.
//!
//! A chart is a picture of a table, never the only copy of its data. The page shows each chart in a
//! `<figure>` followed by its [`crate::table::Table`] (the lead passes both), so a screen reader user, or
//! anyone who cannot tell the colours apart, reads the same numbers. The `<svg>` itself gets
//! `role="img"`, an `aria-label` and a `<title>` (added to plotters' output here), and its fixed width and
//! height are replaced by its `viewBox` so it shrinks to the column.
//!
//! Colours come from [`crate::theme::CHART_PALETTE`], the stylesheet's colour-blind-safe tokens; lines
//! also differ by marker shape (circle, triangle, square, diamond), so colour is never the only cue.
//! plotters writes colours as presentation attributes (`fill=`, `stroke=`), never `style=`, which the
//! Content-Security-Policy would block; a test keeps it so.

use balcao_core::text::Lang;
use balcao_i18n::I18n;
use maud::{Markup, PreEscaped, html};
use plotters::coord::ranged1d::SegmentValue;
use plotters::prelude::*;

use crate::format::format_decimal;
use crate::theme::{CHART_PALETTE, parse_hex, token};

/// A chart of a section. Labels and names are already translated by the caller.
#[derive(Debug, Clone, PartialEq)]
pub enum Chart {
    /// One value per category, drawn as horizontal bars (long names fit on the left).
    Bars {
        /// What the chart shows; the figure's caption and the SVG's title.
        title: String,
        /// What the values are (`Atendimentos`), written under the value axis with the unit.
        series_label: String,
        /// The categories and their values, top to bottom.
        points: Vec<(String, f64)>,
        /// The values' unit (`min`, `%`), or empty.
        unit: String,
    },
    /// Several series over the same ordered labels (days, weeks, months).
    Lines {
        /// What the chart shows; the figure's caption and the SVG's title.
        title: String,
        /// The labels along the horizontal axis, in order.
        x_labels: Vec<String>,
        /// Each series' name and its values, one per label.
        series: Vec<(String, Vec<f64>)>,
    },
}

impl Chart {
    /// The chart's title.
    pub fn title(&self) -> &str {
        match self {
            Chart::Bars { title, .. } | Chart::Lines { title, .. } => title,
        }
    }

    /// Whether there is nothing to draw (no category, or no finite value at all).
    pub fn is_empty(&self) -> bool {
        match self {
            Chart::Bars { points, .. } => !points.iter().any(|(_, v)| v.is_finite()),
            Chart::Lines { x_labels, series, .. } => {
                x_labels.is_empty()
                    || !series
                        .iter()
                        .any(|(_, values)| values.iter().any(|v| v.is_finite()))
            }
        }
    }
}

const WIDTH: u32 = 800;
const FONT: &str = "sans-serif";
/// plotters writes `font-size` as the size asked divided by 1.24; 22 gives about 18 SVG units.
const LABEL_SIZE: f64 = 22.0;
const MAX_LABEL_CHARS: usize = 34;

fn rgb(hex: &str) -> RGBColor {
    let (r, g, b) = parse_hex(hex).unwrap_or((0, 0, 0));
    RGBColor(r, g, b)
}

fn text_colour() -> RGBColor {
    rgb(token("text").unwrap_or("#000000"))
}

fn rule_colour() -> RGBColor {
    rgb(token("rule").unwrap_or("#cccccc"))
}

fn series_colour(i: usize) -> RGBColor {
    rgb(CHART_PALETTE[i % CHART_PALETTE.len()])
}

/// Shortens a category name for the axis (the table has it in full).
fn shorten(label: &str) -> String {
    if label.chars().count() <= MAX_LABEL_CHARS {
        label.to_string()
    } else {
        let cut: String = label.chars().take(MAX_LABEL_CHARS - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

/// The value axis's range: from the smallest finite value (or 0) to the largest (or 1, so an all-zero
/// chart still has an axis), with a little room for the value labels.
fn span(values: impl Iterator<Item = f64> + Clone) -> std::ops::Range<f64> {
    let finite = values.filter(|v| v.is_finite());
    let max = finite.clone().fold(0.0_f64, f64::max);
    let min = finite.fold(0.0_f64, f64::min);
    let top = if max <= 0.0 { 1.0 } else { max * 1.12 };
    (min * 1.12)..top
}

/// The chart as an inline `<svg>` element (see the module doc), or `None` when there is no data to
/// draw (the page then says so) or plotters failed (which it does not for an in-memory SVG; the table
/// below the chart still has the data).
pub fn chart_svg(chart: &Chart, lang: Lang) -> Option<String> {
    if chart.is_empty() {
        return None;
    }
    // plotters is well tested, but a panic inside it (an arithmetic overflow on an odd axis, say) must
    // cost one chart, not the server's request: the table below the chart still has the data.
    std::panic::catch_unwind(|| draw(chart, lang)).ok().flatten()
}

fn draw(chart: &Chart, lang: Lang) -> Option<String> {
    let mut svg = String::new();
    let (height, drawn) = match chart {
        Chart::Bars {
            series_label,
            points,
            unit,
            ..
        } => {
            // Margins and the value axis take about 100 units; each bar gets 44.
            let height = 104 + 44 * u32::try_from(points.len()).unwrap_or(u32::MAX).min(100);
            let drawn = draw_bars(&mut svg, height, series_label, points, unit, lang);
            (height, drawn)
        }
        Chart::Lines { x_labels, series, .. } => (420, draw_lines(&mut svg, x_labels, series, lang)),
    };
    drawn.ok()?;
    Some(accessible(&svg, chart.title(), WIDTH, height))
}

/// Replaces plotters' opening `<svg ...>` with one that scales, has a role and a name, and starts with a
/// `<title>`.
fn accessible(svg: &str, title: &str, width: u32, height: u32) -> String {
    let body = svg.split_once('>').map(|(_, rest)| rest).unwrap_or("");
    let title = html! { (title) }.into_string();
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" class=\"chart\" \
         role=\"img\" aria-label=\"{title}\" focusable=\"false\"><title>{title}</title>{body}"
    )
}

type Drawn = Result<(), String>;

fn draw_bars(
    out: &mut String,
    height: u32,
    series_label: &str,
    points: &[(String, f64)],
    unit: &str,
    lang: Lang,
) -> Drawn {
    let n = points.len();
    let range = span(points.iter().map(|(_, v)| *v));
    let places = if range.end - range.start < 10.0 { 1 } else { 0 };
    let number = |v: f64| format_decimal(v, places, lang).unwrap_or_default();
    let desc = if unit.is_empty() {
        series_label.to_string()
    } else {
        format!("{series_label} ({unit})")
    };
    // Category i is drawn at row n-1-i, so the first point is at the top, as in the table.
    let label_of = |v: &SegmentValue<usize>| match v {
        SegmentValue::CenterOf(row) if *row < n => shorten(&points[n - 1 - row].0),
        _ => String::new(),
    };
    let value_label = |v: &f64| number(*v);
    {
        let root = SVGBackend::with_string(out, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let mut chart = ChartBuilder::on(&root)
            .margin(16)
            .margin_right(48)
            .x_label_area_size(70)
            .y_label_area_size(330)
            // The discrete range is inclusive in plotters: `0..n - 1` holds the n categories. A single
            // category would make the empty range `0..0`, on which plotters draws no bar: it gets an
            // empty row above it instead.
            .build_cartesian_2d(range, (0..(n - 1).max(1)).into_segmented())
            .map_err(|e| e.to_string())?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(n)
            .x_labels(6)
            .y_label_formatter(&label_of)
            .x_label_formatter(&value_label)
            .x_desc(desc)
            .label_style((FONT, LABEL_SIZE).into_font().color(&text_colour()))
            .axis_desc_style((FONT, LABEL_SIZE).into_font().color(&text_colour()))
            .axis_style(text_colour())
            .bold_line_style(rule_colour())
            .light_line_style(TRANSPARENT)
            .draw()
            .map_err(|e| e.to_string())?;
        let colour = series_colour(0);
        chart
            .draw_series(points.iter().enumerate().map(|(i, (_, v))| {
                let row = n - 1 - i;
                let value = if v.is_finite() { *v } else { 0.0 };
                let mut bar = Rectangle::new(
                    [
                        (0.0, SegmentValue::Exact(row)),
                        (value, SegmentValue::Exact(row + 1)),
                    ],
                    colour.filled(),
                );
                bar.set_margin(6, 6, 0, 0);
                bar
            }))
            .map_err(|e| e.to_string())?;
        // The value at the end of each bar, so the chart can be read without the axis.
        let value_font = (FONT, LABEL_SIZE * 0.9).into_font().color(&text_colour()).pos(
            plotters::style::text_anchor::Pos::new(
                plotters::style::text_anchor::HPos::Left,
                plotters::style::text_anchor::VPos::Center,
            ),
        );
        chart
            .draw_series(
                points
                    .iter()
                    .enumerate()
                    .filter(|(_, (_, v))| v.is_finite())
                    .map(|(i, (_, v))| {
                        EmptyElement::at((*v, SegmentValue::CenterOf(n - 1 - i)))
                            + Text::new(number(*v), (6, 0), value_font.clone())
                    }),
            )
            .map_err(|e| e.to_string())?;
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(())
}

fn draw_lines(out: &mut String, x_labels: &[String], series: &[(String, Vec<f64>)], lang: Lang) -> Drawn {
    let n = x_labels.len();
    let last = n.saturating_sub(1).max(1);
    let range = span(series.iter().flat_map(|(_, v)| v.iter().copied()));
    let places = if range.end - range.start < 10.0 { 1 } else { 0 };
    let x_label = |i: &usize| x_labels.get(*i).map(|l| shorten(l)).unwrap_or_default();
    let y_label = |v: &f64| format_decimal(*v, places, lang).unwrap_or_default();
    {
        let root = SVGBackend::with_string(out, (WIDTH, 420)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let mut chart = ChartBuilder::on(&root)
            .margin(16)
            .margin_right(40)
            .x_label_area_size(60)
            .y_label_area_size(80)
            .build_cartesian_2d(0..last, range)
            .map_err(|e| e.to_string())?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            // A date label is about 130 units wide: five fit without overlapping.
            .x_labels(n.min(5))
            .y_labels(6)
            .x_label_formatter(&x_label)
            .y_label_formatter(&y_label)
            .label_style((FONT, LABEL_SIZE).into_font().color(&text_colour()))
            .axis_style(text_colour())
            .bold_line_style(rule_colour())
            .light_line_style(TRANSPARENT)
            .draw()
            .map_err(|e| e.to_string())?;
        for (s, (_, values)) in series.iter().enumerate() {
            let colour = series_colour(s);
            // A gap in the data (a missing value) breaks the line rather than drawing it through zero.
            let mut runs: Vec<Vec<(usize, f64)>> = vec![Vec::new()];
            for (i, v) in values.iter().enumerate().take(n) {
                if v.is_finite() {
                    if let Some(run) = runs.last_mut() {
                        run.push((i, *v));
                    }
                } else {
                    runs.push(Vec::new());
                }
            }
            for run in runs.into_iter().filter(|r| !r.is_empty()) {
                chart
                    .draw_series(LineSeries::new(run.iter().copied(), colour.stroke_width(3)))
                    .map_err(|e| e.to_string())?;
                // Each series has its own marker shape, so series differ by shape as well as colour.
                let style = colour.filled();
                let drawn = match s % 4 {
                    0 => chart
                        .draw_series(run.iter().map(|p| Circle::new(*p, 6, style)))
                        .map(|_| ()),
                    1 => chart
                        .draw_series(run.iter().map(|p| TriangleMarker::new(*p, 8, style)))
                        .map(|_| ()),
                    2 => chart
                        .draw_series(
                            run.iter()
                                .map(|p| EmptyElement::at(*p) + Rectangle::new([(-6, -6), (6, 6)], style)),
                        )
                        .map(|_| ()),
                    _ => chart
                        .draw_series(run.iter().map(|p| {
                            EmptyElement::at(*p) + Polygon::new(vec![(0, -8), (8, 0), (0, 8), (-8, 0)], style)
                        }))
                        .map(|_| ()),
                };
                drawn.map_err(|e| e.to_string())?;
            }
        }
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// A small picture of a series' line and marker for the HTML legend. It is decorative
/// (`aria-hidden`): the legend's text names the series.
fn legend_swatch(s: usize) -> Markup {
    let colour = CHART_PALETTE[s % CHART_PALETTE.len()];
    let shape = match s % 4 {
        0 => html! { circle cx="20" cy="10" r="6" fill=(colour) {} },
        1 => html! { polygon points="20,2 27,15 13,15" fill=(colour) {} },
        2 => html! { rect x="14" y="4" width="12" height="12" fill=(colour) {} },
        _ => html! { polygon points="20,2 28,10 20,18 12,10" fill=(colour) {} },
    };
    html! {
        svg class="swatch" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 20" width="40" height="20"
            aria-hidden="true" focusable="false" {
            line x1="0" y1="10" x2="40" y2="10" stroke=(colour) stroke-width="3" {}
            (shape)
        }
    }
}

/// The chart in a `<figure>` with its caption and, for lines, a legend; or a sentence saying there is
/// no data for the filters.
pub fn chart_figure(chart: &Chart, i18n: &I18n) -> Markup {
    match chart_svg(chart, i18n.lang()) {
        None => html! {
            figure class="chart-figure" {
                figcaption { (chart.title()) }
                p class="note" { (i18n.tr("web-no-data")) }
            }
        },
        Some(svg) => html! {
            figure class="chart-figure" {
                figcaption { (chart.title()) }
                (PreEscaped(svg))
                @if let Chart::Lines { series, .. } = chart {
                    ul class="legend" {
                        @for (s, (name, _)) in series.iter().enumerate() {
                            li { (legend_swatch(s)) " " (name) }
                        }
                    }
                }
                p class="note" { (i18n.tr("web-chart-see-table")) }
            }
        },
    }
}
