//! Every page in both languages, with and without errors, passes the accessibility checker; values
//! are escaped and kept; errors are shown at the top and at their field; tables and CSV agree.

// Test code: a failed expectation should stop the test loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use balcao_core::text::Lang;
use balcao_survey::answer::{Alone, Done, Values};
use balcao_survey::{PersonalData, Problem};
use balcao_web::*;
use scraper::{Html, Selector};
use support::*;

const LANGS: [Lang; 2] = [Lang::Pt, Lang::En];

fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    doc.select(&Selector::parse(css).unwrap()).collect()
}

fn all_errors() -> Vec<Problem> {
    vec![
        Problem::SatisfactionMissing,
        Problem::DoneMissing,
        Problem::AloneMissing,
        Problem::CommentTooLong { max: 500 },
        Problem::CommentPersonalData(PersonalData::Nif),
        Problem::CommentPersonalData(PersonalData::Phone),
        Problem::CommentPersonalData(PersonalData::Email),
    ]
}

#[test]
fn every_page_is_accessible_in_both_languages() {
    for lang in LANGS {
        let links = LangLinks::new("/q/K7M2QX");
        let pages = vec![
            ("survey", survey_form(&survey(lang, vec![], Values::default()))),
            (
                "survey with errors",
                survey_form(&survey(lang, all_errors(), Values::default())),
            ),
            ("thanks", survey_thanks(lang, &links)),
            ("already", survey_already_answered(lang, &links)),
            ("expired", survey_expired(lang, &links)),
            ("invalid", survey_invalid(lang, &links)),
            ("too many", survey_too_many(lang, &links)),
            ("login", login_page(&login(lang, None))),
            ("login error", login_page(&login(lang, Some(LoginError::Invalid)))),
            ("dashboard", dashboard_page(&dashboard(lang))),
            (
                "dashboard bare",
                dashboard_page(&DashboardPage {
                    filters: None,
                    sections: vec![],
                    nav: vec![],
                    ..dashboard(lang)
                }),
            ),
        ];
        let mut pages = pages;
        for status in [400, 403, 404, 409, 410, 429, 500, 503] {
            pages.push((
                "error",
                error_page(
                    lang,
                    status,
                    "O filtro «de» não é uma data (aaaa-mm-dd).",
                    "/painel",
                    &LangLinks::new("/painel"),
                ),
            ));
        }
        for (what, html) in pages {
            assert_accessible(&format!("{what} ({})", lang.tag()), &html);
            let doc = Html::parse_document(&html);
            let root = select(&doc, "html");
            assert_eq!(root[0].value().attr("lang"), Some(lang.tag()), "{what}");
            assert!(html.starts_with("<!DOCTYPE html>"), "{what}");
            assert!(
                html.contains(r#"<meta name="viewport" content="width=device-width, initial-scale=1">"#),
                "{what}"
            );
            assert_eq!(
                select(&doc, r#"link[rel="stylesheet"][href="/static/balcao.css"]"#).len(),
                1,
                "{what}"
            );
            assert_eq!(select(&doc, r##"a.skip-link[href="#main"]"##).len(), 1, "{what}");
            let switch = select(&doc, "a.lang-switch");
            let other = if lang == Lang::Pt { "lang=en" } else { "lang=pt" };
            assert!(switch[0].value().attr("href").unwrap().contains(other), "{what}");
        }
    }
}

fn login(lang: Lang, error: Option<LoginError>) -> Login {
    Login {
        lang,
        action: "/painel/entrar".into(),
        csrf_token: "csrf-abc".into(),
        error,
        login_value: "ana<b>".into(),
        lang_links: LangLinks::new("/painel/entrar"),
    }
}

#[test]
fn the_survey_posts_the_agreed_fields() {
    let html = survey_form(&survey(Lang::Pt, vec![], Values::default()));
    let doc = Html::parse_document(&html);
    let form = select(&doc, "form");
    assert_eq!(form[0].value().attr("method"), Some("post"));
    assert_eq!(form[0].value().attr("action"), Some("/q/K7M2QX"));
    let values = |name: &str| -> Vec<String> {
        select(&doc, &format!(r#"input[type="radio"][name="{name}"]"#))
            .iter()
            .map(|e| e.value().attr("value").unwrap().to_string())
            .collect()
    };
    assert_eq!(values("satisfaction"), ["1", "2", "3", "4", "5"]);
    assert_eq!(values("done"), ["yes", "partly", "no"]);
    assert_eq!(values("alone"), ["yes", "unsure", "no"]);
    assert_eq!(
        select(&doc, r#"textarea[name="comment"][maxlength="500"]"#).len(),
        1
    );
    assert_eq!(
        select(&doc, r#"input[type="hidden"][name="lang"][value="pt"]"#).len(),
        1
    );
    for text in [
        "Avalie o atendimento",
        "Está satisfeito com o atendimento?",
        "Muito insatisfeito",
        "Muito satisfeito",
        "O seu assunto ficou tratado?",
        "Sente-se capaz de o fazer sozinho da próxima vez?",
        "Não escreva dados pessoais",
    ] {
        assert!(html.contains(text), "{text}");
    }
    assert!(
        !html.contains("role=\"alert\""),
        "no error summary without errors"
    );
    let en = survey_form(&survey(Lang::En, vec![], Values::default()));
    assert!(en.contains("Rate your visit") && en.contains(r#"name="lang" value="en""#));
}

#[test]
fn each_error_is_shown_in_the_summary_and_at_its_field() {
    for error in all_errors() {
        for lang in LANGS {
            let html = survey_form(&survey(lang, vec![error], Values::default()));
            let doc = Html::parse_document(&html);
            let i18n = balcao_i18n::I18n::new(lang);
            let message = problem_message(error, &i18n);
            assert!(!message.contains('⟨'), "{message}");
            let summary = select(&doc, r#"[role="alert"] a"#);
            assert_eq!(summary.len(), 1);
            assert_eq!(summary[0].text().collect::<String>(), message);
            let target = summary[0]
                .value()
                .attr("href")
                .unwrap()
                .trim_start_matches('#')
                .to_string();
            assert_eq!(
                select(&doc, &format!("#{target}")).len(),
                1,
                "the summary links to a field"
            );
            let field_error = select(&doc, &format!("#{}-error", error.field()));
            assert!(field_error[0].text().collect::<String>().contains(&message));
            let invalid = select(
                &doc,
                &format!(
                    r#"[aria-invalid="true"][aria-describedby~="{}-error"]"#,
                    error.field()
                ),
            );
            assert_eq!(invalid.len(), 1, "{error:?}");
        }
    }
    let html = survey_form(&survey(
        Lang::Pt,
        vec![Problem::CommentPersonalData(PersonalData::Phone)],
        Values::default(),
    ));
    assert!(html.contains(
        "O comentário parece ter um número de telefone. Retire-o, por favor: este inquérito não guarda dados pessoais."
    ));
}

#[test]
fn values_are_kept_and_escaped() {
    let values = Values {
        satisfaction: Some(4),
        done: Some(Done::Partly),
        alone: Some(Alone::Unsure),
        comment: "<script>alert(1)</script> & \"aspas\"".into(),
    };
    let html = survey_form(&survey(
        Lang::Pt,
        vec![Problem::CommentTooLong { max: 500 }],
        values,
    ));
    assert!(!html.contains("<script>"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp;"));
    let doc = Html::parse_document(&html);
    let checked: Vec<&str> = select(&doc, "input[checked]")
        .iter()
        .map(|e| e.value().attr("id").unwrap())
        .collect();
    assert_eq!(checked, ["satisfaction-4", "done-partly", "alone-unsure"]);
    let textarea = select(&doc, "textarea");
    assert_eq!(
        textarea[0].text().collect::<String>(),
        "<script>alert(1)</script> & \"aspas\""
    );

    let login_html = login_page(&login(Lang::Pt, Some(LoginError::TooManyAttempts)));
    assert!(login_html.contains(r#"value="ana&lt;b&gt;""#));
    let doc = Html::parse_document(&login_html);
    assert_eq!(
        select(&doc, r#"input[name="password"][autocomplete="current-password"]"#).len(),
        1
    );
    assert_eq!(
        select(&doc, r#"input[name="login"][autocomplete="username"]"#).len(),
        1
    );
    assert_eq!(
        select(&doc, r#"input[type="hidden"][name="csrf"][value="csrf-abc"]"#).len(),
        1
    );
    assert_eq!(select(&doc, r#"[role="alert"]"#).len(), 1);
}

#[test]
fn the_dashboard_has_its_frame_filters_and_sections() {
    let html = dashboard_page(&dashboard(Lang::Pt));
    let doc = Html::parse_document(&html);
    assert!(html.contains("Sessão iniciada: Ana Sousa") && html.contains("Âmbito: Nacional"));
    let nav: Vec<String> = select(&doc, "nav a")
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(nav, ["/painel", "/painel/espacos"]);
    assert_eq!(select(&doc, r#"nav a[aria-current="page"]"#).len(), 1);
    let logout = select(
        &doc,
        r#"form[method="post"][action="/painel/sair"] input[name="csrf"][value="tok-123"]"#,
    );
    assert_eq!(logout.len(), 1);
    let filters = select(&doc, r#"form.filters[method="get"]"#);
    assert_eq!(filters.len(), 1);
    assert_eq!(
        select(&doc, r#"input[type="date"][name="from"][value="2027-01-01"]"#).len(),
        1
    );
    assert_eq!(
        select(&doc, r#"input[type="date"][name="to"][value="2027-01-31"]"#).len(),
        1
    );
    assert_eq!(
        select(&doc, r#"select[name="entity"] option[value="at"][selected]"#).len(),
        1
    );
    assert_eq!(
        select(&doc, r#"select[name="spot"] option[value=""][selected]"#).len(),
        1
    );
    assert!(
        select(&doc, r#"select[name="service"]"#).is_empty(),
        "no services to choose"
    );
    assert!(html.contains("Todas as entidades") && html.contains(">Filtrar<"));
    assert_eq!(select(&doc, "figure svg[role=img]").len(), 2);
    assert!(html.contains("Sem dados para estes filtros."));
    assert_eq!(
        select(&doc, r#"a[href="/painel/espacos.csv?from=2027-01-01"]"#).len(),
        1
    );
    assert_eq!(select(&doc, "#spots h2").len(), 1);
    let scoped = dashboard_page(&DashboardPage {
        user: UserBadge {
            name: "Rui".into(),
            scope: Scope::Entity("Câmara Municipal de Évora".into()),
        },
        ..dashboard(Lang::En)
    });
    assert!(scoped.contains("Scope: Câmara Municipal de Évora"));
    assert!(scoped.contains(r#"href="/painel?from=2027-01-01&amp;to=2027-01-31&amp;lang=pt""#));
}

#[test]
fn the_error_page_says_what_happened() {
    let html = error_page(
        Lang::Pt,
        400,
        "O filtro «de» não é uma data (aaaa-mm-dd).",
        "/painel",
        &LangLinks::new("/painel"),
    );
    assert!(html.contains("O pedido não é válido"));
    assert!(html.contains("O filtro «de» não é uma data (aaaa-mm-dd)."));
    assert!(html.contains("Código do erro: 400"));
    let en = error_page(Lang::En, 404, "", "/painel", &LangLinks::new("/x"));
    assert!(en.contains("We could not find this page") && en.contains("Go back"));
}

#[test]
fn survey_outcome_pages_are_friendly() {
    let links = LangLinks::new("/q/K7M2QX");
    assert!(survey_thanks(Lang::Pt, &links).contains("Obrigado pela sua resposta"));
    assert!(survey_already_answered(Lang::Pt, &links).contains("já foi avaliado"));
    assert!(survey_expired(Lang::En, &links).contains("has ended"));
    assert!(survey_invalid(Lang::Pt, &links).contains("Não encontrámos este inquérito"));
    assert!(survey_too_many(Lang::Pt, &links).contains("Espere alguns minutos"));
}
