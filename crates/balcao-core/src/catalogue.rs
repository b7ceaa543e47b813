//! The service catalogue: which public entities the counter serves, and for each service what the
//! mediator does, what the citizen is told, what it needs and what it costs.
//!
//! These are the *checked* types: by the time a value of [`Catalogue`] exists, the catalogue loader
//! (`balcao-catalogue`) has verified that ids are unique, every service names a known entity, texts exist
//! in Portuguese, URLs use https and fees are not negative. Code that consumes a catalogue (search, the
//! counter app, the central server) therefore never re-validates it.
//!
//! The shape mirrors how an attendance unfolds at an Espaço do Cidadão: the mediator finds a service,
//! asks the eligibility questions, checks the documents the citizen brought, then walks the steps of the
//! *guião de atendimento* on the entity's online service while the citizen follows each step, in plain
//! words, on the second screen.

use crate::money::Money;
use crate::text::Text;
use serde::{Deserialize, Serialize};

/// The whole catalogue: entities, categories, services and the search synonyms.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Catalogue {
    /// The catalogue's version and date.
    pub meta: CatalogueMeta,
    /// The public entities whose services the counter provides, in file order.
    pub entities: Vec<Entity>,
    /// Life events and themes that group services ("Conduzir", "Saúde", …).
    pub categories: Vec<Category>,
    /// Every service, in a stable order (by entity file, then file order).
    pub services: Vec<Service>,
    /// Groups of words citizens use interchangeably ("mudar", "alterar", "alteração"); search expands a
    /// query word to its whole group.
    pub synonyms: Vec<Vec<String>>,
}

impl Catalogue {
    /// The service with the given id.
    pub fn service(&self, id: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.id == id)
    }

    /// The entity with the given id.
    pub fn entity(&self, id: &str) -> Option<&Entity> {
        self.entities.iter().find(|e| e.id == id)
    }

    /// The category with the given id.
    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    /// How many facts across the catalogue are still marked as awaiting confirmation.
    pub fn unconfirmed_count(&self) -> usize {
        self.services.iter().map(|s| s.unconfirmed.len()).sum()
    }
}

/// The catalogue's identity: editors bump the version on every published change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogueMeta {
    /// A monotonically increasing version such as `2026.11.1`.
    pub version: String,
    /// The publication date, `YYYY-MM-DD`.
    pub date: String,
}

/// A public entity (ADSE, IMT, IRN, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    /// Stable slug, e.g. `imt`.
    pub id: String,
    /// The acronym citizens and mediators use, e.g. `IMT`.
    pub acronym: String,
    /// The full name.
    pub name: Text,
    /// The entity's public website (https).
    pub website: Option<String>,
}

/// A life event or theme that groups services.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    /// Stable slug, e.g. `conduzir`.
    pub id: String,
    /// The category's name.
    pub name: Text,
}

/// How the citizen proves who they are on the online service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AuthMethod {
    /// The Cartão de Cidadão in a card reader, with the citizen typing the authentication PIN.
    CartaoCidadao,
    /// Chave Móvel Digital: phone number, PIN, and a code sent by SMS.
    ChaveMovelDigital,
    /// The entity's own portal credentials (Segurança Social Direta, Portal das Finanças).
    SenhaPortal,
}

impl AuthMethod {
    /// Every method, in the order they are offered.
    pub const ALL: [AuthMethod; 3] = [
        AuthMethod::CartaoCidadao,
        AuthMethod::ChaveMovelDigital,
        AuthMethod::SenhaPortal,
    ];

    /// The slug used in catalogue files.
    pub fn slug(self) -> &'static str {
        match self {
            AuthMethod::CartaoCidadao => "cartao-cidadao",
            AuthMethod::ChaveMovelDigital => "chave-movel-digital",
            AuthMethod::SenhaPortal => "senha-portal",
        }
    }
}

/// A fact in a service's data that an editor could not confirm and that must be checked against the
/// entity before the catalogue is published as final.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Fact {
    /// The online service's address.
    Url,
    /// The amounts of the fees.
    Fees,
    /// The list of required documents.
    Documents,
    /// The expected duration.
    Duration,
    /// The authentication the online service asks for.
    Authentication,
    /// Whether a mobile spot can provide the service.
    Mobile,
}

impl Fact {
    /// Every fact, for documentation and the checker's messages.
    pub const ALL: [Fact; 6] = [
        Fact::Url,
        Fact::Fees,
        Fact::Documents,
        Fact::Duration,
        Fact::Authentication,
        Fact::Mobile,
    ];

    /// The slug used in catalogue files.
    pub fn slug(self) -> &'static str {
        match self {
            Fact::Url => "url",
            Fact::Fees => "fees",
            Fact::Documents => "documents",
            Fact::Duration => "duration",
            Fact::Authentication => "authentication",
            Fact::Mobile => "mobile",
        }
    }
}

/// One service of the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Service {
    /// Stable slug, unique across the catalogue, e.g. `imt-revalidar-carta-conducao`.
    pub id: String,
    /// The id of the entity that owns the service.
    pub entity: String,
    /// The service's name, as the citizen would recognise it.
    pub name: Text,
    /// One or two sentences on what the service does.
    pub summary: Text,
    /// Words citizens actually say for this service ("renovar", "caducada", "2.ª via").
    pub keywords: Vec<String>,
    /// Category ids.
    pub categories: Vec<String>,
    /// The online service the mediator opens, https.
    pub url: String,
    /// The authentication methods the online service accepts; empty when none is needed.
    pub authentication: Vec<AuthMethod>,
    /// Documents the citizen must bring.
    pub documents: Vec<RequiredDocument>,
    /// Questions that decide whether the citizen can use the service.
    pub questions: Vec<EligibilityQuestion>,
    /// The steps of the *guião de atendimento*, in order (at least three).
    pub steps: Vec<Step>,
    /// The fees, one per variant (normal, urgente, …); empty when the service is free.
    pub fees: Vec<Fee>,
    /// How long the service usually takes at the counter, in minutes.
    pub duration_minutes: u32,
    /// When the service ends *pendente* (a card, a certificate, an answer by letter), in how many days
    /// the result usually arrives: the follow-up's default due day. `None`: the core's default.
    pub result_days: Option<u32>,
    /// Whether a mobile spot (a van, a kit in a care home) can provide it.
    pub mobile: bool,
    /// Facts still to be confirmed with the entity.
    pub unconfirmed: Vec<Fact>,
}

impl Service {
    /// The fee of the default variant (the first listed), or zero for a free service.
    pub fn base_fee(&self) -> Money {
        self.fees.first().map(|f| f.amount).unwrap_or(Money::ZERO)
    }
}

/// A document the citizen must bring or show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequiredDocument {
    /// What the document is.
    pub name: Text,
    /// Whether it is needed only in some cases (the name says which).
    pub optional: bool,
}

/// A yes/no question asked before starting, to avoid a trip for nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EligibilityQuestion {
    /// The question, as the mediator asks it.
    pub question: Text,
    /// The answer with which the citizen can go on.
    pub proceed_if: bool,
    /// What to tell the citizen when the answer is the other one (where to go instead).
    pub otherwise: Text,
}

/// One step of the *guião de atendimento*.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    /// What the mediator does, in the mediator's terms (menus, fields, checks).
    pub mediator: Text,
    /// What the citizen window says meanwhile, in plain words.
    pub citizen: Text,
    /// The citizen types a secret here (a PIN, a password, an SMS code): the mediator looks away and the
    /// citizen window shows only the step's text, never anything typed.
    pub sensitive: bool,
}

/// A fee variant of a service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fee {
    /// Stable slug of the variant within the service: `normal`, `urgente`, `2-via`, …
    pub variant: String,
    /// The variant's name.
    pub label: Text,
    /// The amount (never negative).
    pub amount: Money,
}
