//! Sample view models shared by the page tests: what the central server would pass.

#![allow(dead_code)]

use balcao_core::text::Lang;
use balcao_survey::Problem;
use balcao_survey::answer::Values;
use balcao_web::*;

/// A survey form with the given errors and values.
pub fn survey(lang: Lang, errors: Vec<Problem>, values: Values) -> SurveyForm {
    SurveyForm {
        lang,
        action: "/q/K7M2QX".into(),
        values,
        errors,
        comment_max_chars: 500,
        lang_links: LangLinks::new("/q/K7M2QX"),
    }
}

/// A table of spots with every kind of cell.
pub fn spots_table() -> Table {
    Table {
        id: "spots-table".into(),
        caption: "Atendimentos por espaço".into(),
        columns: vec![
            Column::text("spot", "Espaço"),
            Column::numeric("attendances", "Atendimentos"),
            Column::numeric("concluded", "Concluídos"),
            Column::numeric("minutes", "Duração média"),
            Column::numeric("rating", "Satisfação média"),
        ],
        rows: vec![
            vec![
                Cell::Text("Loja do Cidadão de Braga".into()),
                Cell::Int(12_345),
                Cell::Percent(0.8123),
                Cell::Minutes(14.26),
                Cell::Decimal {
                    value: 4.37,
                    places: 2,
                },
            ],
            vec![
                Cell::Text("Junta de Freguesia de Alvalade, \"Lisboa\"".into()),
                Cell::Int(987),
                Cell::Percent(0.5),
                Cell::Minutes(1234.5),
                Cell::Missing,
            ],
        ],
        links: vec![Some("/painel/espacos/braga".into()), None],
    }
}

/// A dashboard page with filters, a bar chart, a line chart, facts and an empty section.
pub fn dashboard(lang: Lang) -> DashboardPage {
    let table = spots_table();
    DashboardPage {
        lang,
        user: UserBadge {
            name: "Ana Sousa".into(),
            scope: Scope::National,
        },
        title: "Visão geral".into(),
        subtitle: Some("De 1 a 31 de janeiro de 2027".into()),
        csrf_token: "tok-123".into(),
        logout_action: "/painel/sair".into(),
        nav: vec![NavLink {
            href: "/painel/espacos".into(),
            label: "Espaços".into(),
            current: true,
        }],
        filters: Some(FilterForm {
            action: "/painel".into(),
            from: "2027-01-01".into(),
            to: "2027-01-31".into(),
            entity: Some("at".into()),
            spot: None,
            service: None,
            entities: vec![
                ("at".into(), "Autoridade Tributária".into()),
                ("ss".into(), "Segurança Social".into()),
            ],
            spots: vec![("braga".into(), "Braga".into())],
            services: vec![],
        }),
        sections: vec![
            Section {
                id: "spots".into(),
                heading: "Espaços".into(),
                note: Some("Contam-se os atendimentos terminados.".into()),
                facts: vec![("Atendimentos".into(), "13 332".into())],
                chart: Some(Chart::Bars {
                    title: "Atendimentos por espaço".into(),
                    series_label: "Atendimentos".into(),
                    points: vec![
                        ("Loja do Cidadão de Braga".into(), 12_345.0),
                        (
                            "Junta de Freguesia de Alvalade com um nome muito comprido".into(),
                            987.0,
                        ),
                    ],
                    unit: String::new(),
                }),
                table: Some(table),
                csv_href: Some("/painel/espacos.csv?from=2027-01-01".into()),
            },
            Section {
                id: "trend".into(),
                heading: "Evolução".into(),
                note: None,
                facts: vec![],
                chart: Some(Chart::Lines {
                    title: "Atendimentos por semana".into(),
                    x_labels: vec!["S1".into(), "S2".into(), "S3".into(), "S4".into()],
                    series: vec![
                        ("Concluídos".into(), vec![10.0, 12.0, f64::NAN, 15.0]),
                        ("Pendentes".into(), vec![2.0, 3.0, 1.0, 0.0]),
                        ("Encaminhados".into(), vec![1.0, 1.0, 2.0, 2.0]),
                        ("Não foi possível".into(), vec![0.0, 1.0, 0.0, 1.0]),
                        ("Outros".into(), vec![0.0, 0.0, 0.0, 1.0]),
                    ],
                }),
                table: Some(Table {
                    id: "trend-table".into(),
                    caption: "Atendimentos por semana".into(),
                    columns: vec![Column::text("week", "Semana"), Column::numeric("n", "Concluídos")],
                    rows: vec![vec![Cell::Text("S1".into()), Cell::Int(10)]],
                    links: vec![],
                }),
                csv_href: None,
            },
            Section {
                id: "empty".into(),
                heading: "Serviços".into(),
                note: None,
                facts: vec![],
                chart: Some(Chart::Bars {
                    title: "Por serviço".into(),
                    series_label: "Atendimentos".into(),
                    points: vec![],
                    unit: String::new(),
                }),
                table: Some(Table {
                    id: "empty-table".into(),
                    caption: "Por serviço".into(),
                    ..Table::default()
                }),
                csv_href: None,
            },
        ],
        lang_links: LangLinks::new("/painel")
            .with("from", "2027-01-01")
            .with("to", "2027-01-31"),
    }
}

/// Fails with the page and its problems if the accessibility checker finds any.
pub fn assert_accessible(what: &str, html: &str) {
    let problems = balcao_web::a11y::check(html);
    assert!(
        problems.is_empty(),
        "{what}: {}\n{html}",
        problems
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; ")
    );
    assert!(!html.contains("style="), "{what}: a style attribute");
    assert!(!html.contains("⟨web-"), "{what}: a missing translation");
}
