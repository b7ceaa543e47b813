//! Tables, CSV and charts: the CSV has the same rows and numbers as the page's table, numbers are
//! formatted per language, and the charts are well-formed, titled SVG without inline style.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use balcao_core::text::Lang;
use balcao_i18n::I18n;
use balcao_web::*;
use scraper::{Html, Selector};
use support::*;

fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap()
}

/// A displayed number back to a machine number: drop grouping, units and signs of the locale.
fn machine(text: &str, lang: Lang) -> Option<f64> {
    let cleaned: String = text
        .replace('\u{a0}', "")
        .replace(" min", "")
        .replace("min", "")
        .replace('%', "");
    let cleaned = match lang {
        Lang::Pt => cleaned.replace(',', "."),
        Lang::En => cleaned.replace(',', ""),
    };
    cleaned.trim().parse().ok()
}

#[test]
fn the_csv_has_every_cell_of_the_html_table() {
    let table = spots_table();
    let csv_bytes = table_csv(&table);
    assert!(!csv_bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "no byte-order mark");
    let mut reader = csv::Reader::from_reader(csv_bytes.as_slice());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let records: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    for lang in [Lang::Pt, Lang::En] {
        let i18n = I18n::new(lang);
        let html = table_html(&table, &i18n).into_string();
        let doc = Html::parse_fragment(&html);
        let heads: Vec<String> = doc.select(&sel("thead th")).map(|t| t.text().collect()).collect();
        assert_eq!(heads, header);
        let rows: Vec<Vec<String>> = doc
            .select(&sel("tbody tr"))
            .map(|tr| {
                tr.select(&sel("th, td"))
                    .map(|c| {
                        // A missing value's visible dash is hidden from screen readers; compare its text.
                        if c.select(&sel(".visually-hidden")).next().is_some() {
                            String::new()
                        } else {
                            c.text().collect()
                        }
                    })
                    .collect()
            })
            .collect();
        assert_eq!(rows.len(), records.len());
        for (row, record) in rows.iter().zip(&records) {
            assert_eq!(row.len(), record.len());
            for (shown, written) in row.iter().zip(record) {
                if written.is_empty() {
                    assert!(shown.is_empty(), "{shown:?} shown but missing in CSV");
                    continue;
                }
                match (machine(shown, lang), written.parse::<f64>()) {
                    (Some(a), Ok(b)) => {
                        // A share is shown as a percentage, written as a fraction.
                        let b = if shown.contains('%') { b * 100.0 } else { b };
                        assert!((a - b).abs() < 0.051, "{shown} vs {written}");
                    }
                    _ => assert_eq!(shown, written),
                }
            }
        }
    }
    let text = String::from_utf8(csv_bytes).unwrap();
    assert!(text.starts_with("Espaço,Atendimentos,Concluídos,Duração média,Satisfação média\r\n"));
    assert!(
        text.contains("Loja do Cidadão de Braga,12345,0.8123,14.3,4.37\r\n"),
        "{text}"
    );
    assert!(
        text.contains("\"Junta de Freguesia de Alvalade, \"\"Lisboa\"\"\",987,0.5000,1234.5,\r\n"),
        "{text}"
    );
}

#[test]
fn the_html_table_formats_numbers_per_language() {
    let table = spots_table();
    let pt = table_html(&table, &I18n::new(Lang::Pt)).into_string();
    let en = table_html(&table, &I18n::new(Lang::En)).into_string();
    assert!(pt.contains("12\u{a0}345") && pt.contains("81,2\u{a0}%") && pt.contains("1\u{a0}234,5\u{a0}min"));
    assert!(en.contains("12,345") && en.contains("81.2%") && en.contains("1,234.5\u{a0}min"));
    assert!(pt.contains("sem dados") && en.contains("no data"));
    assert!(pt.contains(r#"<a href="/painel/espacos/braga">Loja do Cidadão de Braga</a>"#));
    assert!(pt.contains(r#"<th scope="row""#) && pt.contains(r#"class="num""#));
    assert!(pt.contains("&quot;Lisboa&quot;") || pt.contains("\"Lisboa\""));
}

#[test]
fn csv_text_that_looks_like_a_formula_is_defused() {
    let table = Table {
        id: "t".into(),
        caption: "c".into(),
        columns: vec![Column::text("a", "A")],
        rows: vec![
            vec![Cell::Text("=HYPERLINK(\"http://x\")".into())],
            vec![Cell::Text("-5".into())],
        ],
        links: vec![],
    };
    let text = String::from_utf8(table_csv(&table)).unwrap();
    assert!(text.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "{text}");
    assert!(text.contains("'-5"), "{text}");
}

fn bars() -> Chart {
    Chart::Bars {
        title: "Atendimentos <por> espaço".into(),
        series_label: "Atendimentos".into(),
        points: vec![
            ("Braga".into(), 1200.0),
            ("Évora".into(), 300.5),
            ("Faro".into(), f64::NAN),
        ],
        unit: "n.º".into(),
    }
}

fn lines() -> Chart {
    Chart::Lines {
        title: "Satisfação por mês".into(),
        x_labels: vec!["jan".into(), "fev".into(), "mar".into()],
        series: vec![
            ("Braga".into(), vec![4.1, 4.3, 4.4]),
            ("Évora".into(), vec![3.9, f64::NAN, 4.0]),
        ],
    }
}

#[test]
fn charts_are_well_formed_titled_svg_without_style() {
    for chart in [bars(), lines()] {
        for lang in [Lang::Pt, Lang::En] {
            let svg = chart_svg(&chart, lang).unwrap();
            assert!(svg.starts_with("<svg "), "{svg}");
            assert!(!svg.contains("style="), "an inline style in {svg}");
            let opening = svg.split_once('>').unwrap().0;
            assert!(
                !opening.contains(" width="),
                "the fixed size is replaced by the viewBox: {opening}"
            );
            assert!(svg.contains(r#"role="img""#));
            let escaped_title = chart.title().replace('<', "&lt;").replace('>', "&gt;");
            assert!(svg.contains(&format!("<title>{escaped_title}</title>")), "{svg}");
            assert!(svg.contains(&format!("aria-label=\"{escaped_title}\"")));
            // Well-formed: every opened tag is closed, checked by the HTML parser and by counting.
            let doc = Html::parse_fragment(&svg);
            assert!(doc.errors.is_empty(), "{:?}", doc.errors);
            assert_eq!(doc.select(&sel("svg")).count(), 1);
            let opened = svg.matches('<').count() - svg.matches("</").count() - svg.matches("/>").count();
            assert_eq!(opened, svg.matches("</").count(), "unbalanced tags");
            for colour in balcao_web::theme::CHART_PALETTE
                .iter()
                .take(if matches!(chart, Chart::Bars { .. }) { 1 } else { 2 })
            {
                assert!(svg.to_lowercase().contains(colour), "{colour} not used");
            }
        }
    }
    let pt = chart_svg(&bars(), Lang::Pt).unwrap();
    assert!(
        pt.contains("Braga") && pt.contains("1\u{a0}200") && pt.contains("Atendimentos (n.º)"),
        "{pt}"
    );
    let en = chart_svg(&bars(), Lang::En).unwrap();
    assert!(en.contains("1,200"));
}

#[test]
fn an_empty_chart_says_there_is_no_data() {
    let empty = Chart::Lines {
        title: "t".into(),
        x_labels: vec![],
        series: vec![],
    };
    assert_eq!(chart_svg(&empty, Lang::Pt), None);
    let nan = Chart::Bars {
        title: "t".into(),
        series_label: "s".into(),
        points: vec![("a".into(), f64::NAN)],
        unit: String::new(),
    };
    assert!(nan.is_empty());
    let figure = chart_figure(&empty, &I18n::new(Lang::Pt)).into_string();
    assert!(figure.contains("Sem dados para estes filtros.") && !figure.contains("<svg"));
    let figure = chart_figure(&empty, &I18n::new(Lang::En)).into_string();
    assert!(figure.contains("No data for these filters."));
}

#[test]
fn a_line_chart_has_a_legend_with_every_series() {
    let figure = chart_figure(&lines(), &I18n::new(Lang::Pt)).into_string();
    let doc = Html::parse_fragment(&figure);
    let names: Vec<String> = doc
        .select(&sel(".legend li"))
        .map(|li| li.text().collect::<String>().trim().to_string())
        .collect();
    assert_eq!(names, ["Braga", "Évora"]);
    assert!(figure.contains("<figcaption>Satisfação por mês</figcaption>"));
}

#[test]
fn odd_values_never_panic_and_still_draw() {
    let cases = vec![
        vec![("a".to_string(), 0.0)],
        vec![("a".to_string(), -5.0), ("b".to_string(), 3.0)],
        vec![("a".to_string(), 1e15), ("b".to_string(), 1e-9)],
        vec![("a".to_string(), f64::MAX / 4.0)],
        (0..80)
            .map(|i| {
                (
                    format!("Espaço n.º {i} com um nome bastante comprido"),
                    f64::from(i),
                )
            })
            .collect(),
    ];
    for points in cases {
        let chart = Chart::Bars {
            title: "t".into(),
            series_label: "s".into(),
            points: points.clone(),
            unit: String::new(),
        };
        let svg = chart_svg(&chart, Lang::Pt);
        assert!(svg.is_some(), "{points:?}");
        let values: Vec<f64> = points.iter().map(|(_, v)| *v).collect();
        let labels: Vec<String> = points.iter().map(|(l, _)| l.clone()).collect();
        let chart = Chart::Lines {
            title: "t".into(),
            x_labels: labels,
            series: vec![("s".into(), values)],
        };
        assert!(chart_svg(&chart, Lang::En).is_some());
    }
    let one = Chart::Lines {
        title: "t".into(),
        x_labels: vec!["jan".into()],
        series: vec![("s".into(), vec![3.0])],
    };
    assert!(chart_svg(&one, Lang::Pt).is_some());
}
