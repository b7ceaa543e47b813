//! The catalogue files as written, before checking: every field optional where a missing value deserves
//! a message of our own, and spans kept so each problem can point at `path:line:column`.
//!
//! Serde with `deny_unknown_fields` catches misspelt keys and wrong types (the TOML library reports
//! those with a position); everything that needs knowledge of the whole catalogue (unique ids, known
//! categories and entities) or of the content (https, non-negative fees, placeholder text) is checked
//! in [`crate::load`], which converts these raw values into the core's checked types.

use balcao_core::catalogue::{AuthMethod, Fact};
use serde::Deserialize;
use toml::Spanned;

/// `catalogue.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawMeta {
    pub version: Option<Spanned<String>>,
    pub date: Option<Spanned<String>>,
}

/// `categories.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCategories {
    #[serde(default)]
    pub category: Vec<Spanned<RawCategory>>,
}

/// One `[[category]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCategory {
    pub id: Spanned<String>,
    pub name: Option<Spanned<RawText>>,
}

/// `synonyms.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSynonyms {
    #[serde(default)]
    pub groups: Vec<Spanned<Vec<Spanned<String>>>>,
}

/// A text in two languages (`name.pt`, `name.en`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawText {
    pub pt: Option<Spanned<String>>,
    pub en: Option<Spanned<String>>,
}

/// `entities/<id>.toml`: either defines an entity (`[entity]`) or adds services to one defined
/// elsewhere (`extends = "id"`, for site catalogues).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawEntityFile {
    pub entity: Option<Spanned<RawEntity>>,
    pub extends: Option<Spanned<String>>,
    #[serde(default)]
    pub service: Vec<Spanned<RawService>>,
}

/// `[entity]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawEntity {
    pub id: Spanned<String>,
    pub acronym: Option<Spanned<String>>,
    pub name: Option<Spanned<RawText>>,
    pub website: Option<Spanned<String>>,
}

/// `[[service]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawService {
    pub id: Spanned<String>,
    pub name: Option<Spanned<RawText>>,
    pub summary: Option<Spanned<RawText>>,
    pub keywords: Option<Spanned<Vec<Spanned<String>>>>,
    pub categories: Option<Spanned<Vec<Spanned<String>>>>,
    pub url: Option<Spanned<String>>,
    pub authentication: Option<Spanned<Vec<AuthMethod>>>,
    pub duration_minutes: Option<Spanned<i64>>,
    pub result_days: Option<Spanned<i64>>,
    pub mobile: Option<bool>,
    #[serde(default)]
    pub unconfirmed: Vec<Spanned<Fact>>,
    #[serde(default)]
    pub document: Vec<Spanned<RawDocument>>,
    #[serde(default)]
    pub question: Vec<Spanned<RawQuestion>>,
    #[serde(default)]
    pub step: Vec<Spanned<RawStep>>,
    #[serde(default)]
    pub fee: Vec<Spanned<RawFee>>,
}

/// `[[service.document]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDocument {
    pub pt: Option<Spanned<String>>,
    pub en: Option<Spanned<String>>,
    #[serde(default)]
    pub optional: bool,
}

/// `[[service.question]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawQuestion {
    pub pt: Option<Spanned<String>>,
    pub en: Option<Spanned<String>>,
    pub proceed_if: Option<bool>,
    pub otherwise: Option<Spanned<RawText>>,
}

/// `[[service.step]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawStep {
    pub mediator: Option<Spanned<RawText>>,
    pub citizen: Option<Spanned<RawText>>,
    #[serde(default)]
    pub sensitive: bool,
}

/// `[[service.fee]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFee {
    pub variant: Option<Spanned<String>>,
    pub label: Option<Spanned<RawText>>,
    pub cents: Option<Spanned<i64>>,
}
