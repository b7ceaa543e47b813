//! The accessibility checker catches each kind of problem it claims to, and passes a clean page: the
//! page tests rely on it, so it must be able to fail.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use balcao_web::a11y::{Problem, check, contrast_ratio};

/// A clean page with `body` inside `<main>`.
fn page(body: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"pt-PT\"><head><meta charset=\"utf-8\"><title>T</title></head>\
         <body><header><p>h</p></header><main><h1>Título</h1>{body}</main><footer><p>f</p></footer></body></html>"
    )
}

fn has(problems: &[Problem], wanted: &Problem) -> bool {
    problems.iter().any(|p| p == wanted)
}

#[test]
fn a_clean_page_passes() {
    let html = page(
        r##"<form><fieldset><legend>Q</legend><input type="radio" id="a" name="q"><label for="a">A</label></fieldset>
        <label for="c">C</label><textarea id="c"></textarea><input type="hidden" name="x"><select aria-label="S"></select>
        <button type="submit">Ok</button></form><h2>Dois</h2><h3>Três</h3><h2>Dois</h2>
        <table><caption>C</caption><tr><th scope="col">A</th></tr><tr><td>1</td></tr></table>
        <svg role="img" aria-label="x"><title>x</title></svg><svg aria-hidden="true"></svg>
        <a href="/x">ir</a>"##,
    );
    assert_eq!(check(&html), vec![]);
}

#[test]
fn each_problem_is_caught() {
    let cases: Vec<(String, Problem)> = vec![
        (page("").replace(" lang=\"pt-PT\"", ""), Problem::Lang(None)),
        (
            page("").replace("lang=\"pt-PT\"", "lang=\"pt\""),
            Problem::Lang(Some("pt".into())),
        ),
        (page("").replace("<title>T</title>", ""), Problem::NoTitle),
        (page("<main></main>"), Problem::MainCount(2)),
        (
            page("").replace("<main>", "<div>").replace("</main>", "</div>"),
            Problem::MainCount(0),
        ),
        (
            page("").replace("<header><p>h</p></header>", ""),
            Problem::NoHeader,
        ),
        (
            page("").replace("<footer><p>f</p></footer>", ""),
            Problem::NoFooter,
        ),
        (
            page(r#"<input type="text" id="n" name="n">"#),
            Problem::Unlabelled("<input> n".into()),
        ),
        (
            page(r#"<label for="other">x</label><select id="s"></select>"#),
            Problem::Unlabelled("<select> s".into()),
        ),
        (
            page(r#"<textarea name="c"></textarea>"#),
            Problem::Unlabelled("<textarea> c".into()),
        ),
        (
            page(r#"<input type="radio" id="r" name="q"><label for="r">R</label>"#),
            Problem::RadioWithoutFieldset("q".into()),
        ),
        (
            page(r#"<fieldset><p>x</p><legend>L</legend></fieldset>"#),
            Problem::FieldsetWithoutLegend,
        ),
        (
            page("").replace("<h1>Título</h1>", "<h2>Dois</h2>"),
            Problem::FirstHeading(2),
        ),
        (page("<h3>Três</h3>"), Problem::HeadingSkip(1, 3)),
        (page(r#"<svg aria-label="x"></svg>"#), Problem::SvgRole),
        (page(r#"<svg role="img"></svg>"#), Problem::SvgName),
        (
            page(r#"<table><tr><th scope="col">A</th></tr></table>"#),
            Problem::TableCaption,
        ),
        (
            page(r#"<table><caption>C</caption><tr><td>A</td></tr></table>"#),
            Problem::TableHeaders,
        ),
        (
            page(r#"<table><caption>C</caption><tr><th>A</th></tr></table>"#),
            Problem::ThScope,
        ),
        (
            page(r#"<p style="color:red">x</p>"#),
            Problem::StyleAttribute("p".into()),
        ),
        (page("<script>alert(1)</script>"), Problem::Script),
        (page("<style>p{}</style>"), Problem::StyleElement),
        (page(r#"<a href="/x"> </a>"#), Problem::EmptyLink("/x".into())),
        (page(r#"<img src="/a.png">"#), Problem::ImageAlt),
        (
            page(r#"<p id="a">x</p><p id="a">y</p>"#),
            Problem::DuplicateId("a".into()),
        ),
    ];
    for (html, wanted) in cases {
        let problems = check(&html);
        assert!(
            has(&problems, &wanted),
            "{wanted:?} not found in {problems:?} for {html}"
        );
    }
}

#[test]
fn parse_errors_are_reported() {
    let problems = check(&page("<p><div></p></div>"));
    assert!(
        problems.iter().any(|p| matches!(p, Problem::Parse(_))),
        "{problems:?}"
    );
}

#[test]
fn labels_may_be_aria_labels_and_hidden_inputs_need_none() {
    let html = page(
        r#"<input type="text" aria-label="Procurar"><input type="hidden" name="csrf"><input type="submit" value="Ok">"#,
    );
    assert_eq!(check(&html), vec![]);
}

#[test]
fn contrast_ratios_match_wcag_examples() {
    let black_white = contrast_ratio("#000000", "#ffffff").unwrap();
    assert!((black_white - 21.0).abs() < 1e-9);
    assert!((contrast_ratio("#ffffff", "#ffffff").unwrap() - 1.0).abs() < 1e-9);
    // #767676 on white is the well-known lightest grey that passes 4.5:1; #777777 fails.
    assert!(contrast_ratio("#767676", "#ffffff").unwrap() >= 4.5);
    assert!(contrast_ratio("#777777", "#ffffff").unwrap() < 4.5);
    assert_eq!(contrast_ratio("red", "#ffffff"), None);
}
