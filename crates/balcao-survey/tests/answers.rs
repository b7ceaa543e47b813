//! The rules an answer must pass, as the survey form sends it.

use balcao_survey::answer::{COMMENT_MAX_CHARS, parse, personal_data, values};
use balcao_survey::{Alone, Answer, Done, PersonalData, Problem};
use proptest::prelude::*;

fn form(comment: &str) -> Vec<(&'static str, String)> {
    vec![
        ("satisfaction", "4".to_owned()),
        ("done", "partly".to_owned()),
        ("alone", "unsure".to_owned()),
        ("comment", comment.to_owned()),
    ]
}

fn answer_of(fields: &[(&'static str, String)]) -> Result<Answer, Vec<Problem>> {
    parse(&values(fields.iter().map(|(k, v)| (*k, v.as_str()))))
}

#[test]
fn a_complete_form_is_an_answer_and_an_empty_comment_is_none() {
    assert_eq!(
        answer_of(&form("  \n ")),
        Ok(Answer {
            satisfaction: 4,
            done: Done::Partly,
            alone: Alone::Unsure,
            comment: None,
        })
    );
    let answer = answer_of(&form(" Muito simpática,\r\nobrigado! ")).unwrap();
    assert_eq!(answer.comment.as_deref(), Some("Muito simpática,  obrigado!"));
}

#[test]
fn every_missing_or_unknown_value_is_named_in_order() {
    let fields = vec![
        ("satisfaction", "6".to_owned()),
        ("done", "maybe".to_owned()),
        ("comment", "x".repeat(COMMENT_MAX_CHARS + 1)),
    ];
    assert_eq!(
        answer_of(&fields),
        Err(vec![
            Problem::SatisfactionMissing,
            Problem::DoneMissing,
            Problem::AloneMissing,
            Problem::CommentTooLong {
                max: COMMENT_MAX_CHARS
            },
        ])
    );
    // Exactly the limit is fine, and the limit counts characters, not bytes.
    assert!(answer_of(&form(&"ã".repeat(COMMENT_MAX_CHARS))).is_ok());
}

#[test]
fn the_first_value_of_a_repeated_field_counts() {
    let mut fields = form("");
    fields.push(("satisfaction", "1".to_owned()));
    assert_eq!(answer_of(&fields).unwrap().satisfaction, 4);
}

#[test]
fn comments_with_personal_data_are_refused_with_its_kind() {
    let cases = [
        ("escreva para maria.silva@gmail.com.", PersonalData::Email),
        ("(ana@sapo.pt)", PersonalData::Email),
        ("ligue 912 345 678 por favor", PersonalData::Phone),
        ("o meu número é +351 212345678", PersonalData::Phone),
        ("00351-912-345-678", PersonalData::Phone),
        ("NIF 123456789", PersonalData::Nif),
        ("contribuinte 123.456.789", PersonalData::Nif),
        ("cartão 123456789012", PersonalData::Nif),
    ];
    for (comment, kind) in cases {
        assert_eq!(personal_data(comment), Some(kind), "{comment}");
        assert_eq!(
            answer_of(&form(comment)),
            Err(vec![Problem::CommentPersonalData(kind)]),
            "{comment}"
        );
    }
}

#[test]
fn each_problem_names_the_field_that_caused_it() {
    for (field, bad) in [
        ("satisfaction", "0"),
        ("done", "maybe"),
        ("alone", ""),
        ("comment", "ligue 912 345 678"),
        ("comment", &"x".repeat(COMMENT_MAX_CHARS + 1)),
    ] {
        let fields: Vec<_> = form("")
            .into_iter()
            .map(|(name, value)| (name, if name == field { bad.to_owned() } else { value }))
            .collect();
        let problems = answer_of(&fields).unwrap_err();
        assert_eq!(problems.len(), 1, "{field}");
        assert_eq!(problems[0].field(), field);
    }
}

#[test]
fn ordinary_comments_with_numbers_and_at_signs_pass() {
    for comment in [
        "Esperei 15 minutos, às 10.30, no dia 2026-12-07.",
        "Paguei 12,50 € pela certidão (2 cópias).",
        "Atendimento @ excelente",
        "12345678 não é um número completo",
        "email: não tenho",
    ] {
        assert_eq!(personal_data(comment), None, "{comment}");
    }
}

proptest! {
    /// Any nine digits in a row, whatever surrounds them, are refused.
    #[test]
    fn nine_digits_anywhere_are_refused(prefix in "[a-zA-Zçã ,]{0,20}", digits in "[0-9]{9,12}", suffix in "[a-zA-Z ,.]{0,20}") {
        let comment = format!("{prefix} {digits} {suffix}");
        prop_assert!(personal_data(&comment).is_some());
    }

    /// The parser never panics and never accepts a comment that is too long.
    #[test]
    fn parsing_never_panics(satisfaction in ".{0,3}", done in ".{0,8}", comment in ".{0,600}") {
        let fields = [("satisfaction", satisfaction.as_str()), ("done", done.as_str()), ("alone", "yes"), ("comment", comment.as_str())];
        if let Ok(answer) = parse(&values(fields)) {
            prop_assert!(answer.comment.is_none_or(|c| c.chars().count() <= COMMENT_MAX_CHARS));
        }
    }
}
