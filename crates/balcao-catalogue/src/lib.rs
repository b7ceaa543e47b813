//! Loads, checks and embeds the service catalogue of Balcão.
//!
//! The catalogue is data that the agency's editors write by hand (TOML files under `catalogue/`, one
//! per entity; the format is documented in `catalogue/README.md`). A mistake there must never reach a
//! counter as a crash or a blank screen, so this crate is strict and talkative:
//!
//! - [`source`] gathers the files, from a folder or from the copy embedded in the binary at build time
//!   (the shipped catalogue is always available, even on a counter that has never been online);
//! - [`load`] parses and checks them in one pass, reporting every problem as a [`problem::Diagnostic`]
//!   at `path:line:column` rather than stopping at the first, and builds the core's checked
//!   [`balcao_core::catalogue::Catalogue`];
//! - layering lets a site folder add or replace services over the shipped catalogue (as helix does with
//!   its bundled languages and a user's overrides).
//!
//! The CLI command `balcao catalogue check` is a thin printer over [`load::check`].

pub mod load;
pub mod problem;
mod raw;
pub mod shape;
pub mod source;

pub use load::{Report, check, check_layers};
pub use problem::{Diagnostic, Problem, Severity};
pub use source::Source;

/// The services most requested at the Espaços do Cidadão, in the order the network's own figures give
/// them (the seed presentation's "serviços mais procurados"). The shipped catalogue must describe each
/// completely (`tests/shipped.rs`); training mode offers them as its guided exercises.
pub const MOST_REQUESTED: [&str; 7] = [
    "adse-enviar-pedido-reembolso",
    "imt-revalidar-carta-conducao",
    "dgaj-pedir-certificado-registo-criminal",
    "imt-alterar-morada-carta-conducao",
    "irn-alterar-morada-cartao-cidadao",
    "adse-consultar-conta-corrente",
    "iss-cartao-europeu-seguro-doenca",
];

/// Loads the shipped catalogue, optionally with a site folder layered over it.
pub fn load(site: Option<&std::path::Path>) -> Report {
    let base = Source::embedded();
    match site {
        Some(dir) => check_layers(&[&base, &Source::read_dir(dir)]),
        None => check(&base),
    }
}
