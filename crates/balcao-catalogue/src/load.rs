//! Turning catalogue files into a checked [`Catalogue`], reporting every problem on the way.
//!
//! Loading and checking are one operation: the loader never stops at the first problem, it records a
//! [`Diagnostic`] and goes on with a sensible default, so an editor sees every mistake of a change in
//! one run. A [`Report`] whose diagnostics hold no error carries a catalogue that satisfies every
//! invariant documented on [`balcao_core::catalogue`].
//!
//! Catalogues come in *layers*: the shipped one first, then optionally a site folder. Within a layer an
//! id may be defined once; a later layer may redefine an id of an earlier one, which replaces it (this is
//! how a site overrides a service) without moving it in the catalogue's order.

mod service;

use crate::problem::{Diagnostic, Problem, Severity};
use crate::raw::{
    RawCategories, RawDocument, RawEntityFile, RawFee, RawMeta, RawQuestion, RawService, RawStep,
    RawSynonyms, RawText,
};
pub use crate::shape::{is_iso_date, is_placeholder, is_slug, url_problem};
use crate::source::{Source, SourceFile, at_start};
use balcao_core::catalogue::{
    Catalogue, CatalogueMeta, Category, EligibilityQuestion, Entity, Fee, RequiredDocument, Service, Step,
};
use balcao_core::money::Money;
use balcao_core::text::Text;
use std::collections::{HashMap, HashSet};
use toml::Spanned;

/// The outcome of loading: the catalogue as far as it could be built, and every problem found.
#[derive(Debug, Clone)]
pub struct Report {
    /// The catalogue. Only trustworthy when [`Report::is_ok`].
    pub catalogue: Catalogue,
    /// Every problem, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// How many errors were found.
    pub fn error_count(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// How many warnings were found.
    pub fn warning_count(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }

    /// Whether the catalogue has no error (warnings allowed).
    pub fn is_ok(&self) -> bool {
        self.error_count() == 0
    }
}

/// Loads and checks one catalogue folder.
pub fn check(source: &Source) -> Report {
    check_layers(&[source])
}

/// Loads and checks a stack of catalogue layers: the first is complete (it must have `catalogue.toml`,
/// `categories.toml` and `entities/`), each later one adds or replaces entities, services and categories.
pub fn check_layers(layers: &[&Source]) -> Report {
    let mut b = Builder::default();
    for (layer, source) in layers.iter().enumerate() {
        b.layer(layer, source);
    }
    b.finish()
}

/// Where an id was defined: which layer, and `path:line:column`.
#[derive(Debug, Clone)]
struct Origin {
    layer: usize,
    at: String,
}

#[derive(Default)]
struct Builder {
    diagnostics: Vec<Diagnostic>,
    meta: Option<CatalogueMeta>,
    categories: Vec<Category>,
    category_at: HashMap<String, (usize, Origin)>,
    entities: Vec<Entity>,
    entity_at: HashMap<String, (usize, Origin)>,
    services: Vec<Service>,
    service_at: HashMap<String, (usize, Origin)>,
    synonyms: Vec<Vec<String>>,
    /// `(entity id, path:line:col)` of each entity definition, to warn about entities without services.
    entity_defs: Vec<(String, Diagnostic)>,
}

/// One file being read: turns byte offsets into lines and columns.
struct Ctx<'a> {
    file: &'a SourceFile,
}

impl Ctx<'_> {
    fn line_col(&self, offset: usize) -> (usize, usize) {
        let text = &self.file.text;
        let offset = offset.min(text.len());
        let before = text.get(..offset).unwrap_or(text);
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
        let column = before.get(line_start..).map(|s| s.chars().count()).unwrap_or(0) + 1;
        (line, column)
    }

    fn diag(&self, offset: usize, problem: Problem) -> Diagnostic {
        let (line, column) = self.line_col(offset);
        Diagnostic {
            path: self.file.display.clone(),
            line,
            column,
            severity: problem.severity(),
            problem,
        }
    }

    fn at(&self, offset: usize) -> String {
        let (line, column) = self.line_col(offset);
        format!("{}:{line}:{column}", self.file.display)
    }
}

const MAX_DURATION_MINUTES: i64 = 240;

/// The longest a result may be expected to take, in days (a year).
const MAX_RESULT_DAYS: i64 = 365;
/// Above this a fee is reported as suspicious: no counter service costs more.
const HUGE_FEE_CENTS: i64 = 1_000_000;

impl Builder {
    fn report(&mut self, ctx: &Ctx<'_>, offset: usize, problem: Problem) {
        self.diagnostics.push(ctx.diag(offset, problem));
    }

    fn parse<T: serde::de::DeserializeOwned>(&mut self, ctx: &Ctx<'_>) -> Option<T> {
        match toml::from_str::<T>(&ctx.file.text) {
            Ok(v) => Some(v),
            Err(e) => {
                let offset = e.span().map(|s| s.start).unwrap_or(0);
                let detail = e.message().trim().replace('\n', " ");
                self.report(ctx, offset, Problem::Syntax { detail });
                None
            }
        }
    }

    fn layer(&mut self, layer: usize, source: &Source) {
        self.diagnostics.extend(source.read_problems.iter().cloned());
        let base = layer == 0;
        let missing = |name: &str| {
            at_start(
                &format!("{}/{name}", source.root),
                Problem::MissingFile { name: name.into() },
            )
        };

        match source.file("catalogue.toml") {
            Some(f) => self.meta_file(&Ctx { file: f }),
            None if base => self.diagnostics.push(missing("catalogue.toml")),
            None => {}
        }
        match source.file("categories.toml") {
            Some(f) => self.categories_file(layer, &Ctx { file: f }),
            None if base => self.diagnostics.push(missing("categories.toml")),
            None => {}
        }
        if let Some(f) = source.file("synonyms.toml") {
            self.synonyms_file(&Ctx { file: f });
        }
        for f in &source.files {
            let known = ["catalogue.toml", "categories.toml", "synonyms.toml"].contains(&f.rel.as_str())
                || f.rel.starts_with("entities/");
            if !known {
                self.diagnostics
                    .push(at_start(&f.display, Problem::UnexpectedFile));
            }
        }

        // Entities first, across every file of the layer, so a file may extend an entity defined in a
        // file that sorts after it.
        let entity_files: Vec<&SourceFile> = source
            .files
            .iter()
            .filter(|f| f.rel.starts_with("entities/"))
            .collect();
        if base && entity_files.is_empty() {
            self.diagnostics.push(missing("entities/"));
        }
        let mut parsed = Vec::new();
        for f in entity_files {
            let ctx = Ctx { file: f };
            if let Some(raw) = self.parse::<RawEntityFile>(&ctx) {
                let defined = self.entity_decl(layer, &ctx, &raw);
                parsed.push((f, raw, defined));
            }
        }
        for (f, raw, defined) in parsed {
            let ctx = Ctx { file: f };
            let entity = match (defined, &raw.extends) {
                (Some(id), _) => id,
                (None, Some(ext)) if raw.entity.is_none() => {
                    if !self.entity_at.contains_key(ext.get_ref()) {
                        self.report(
                            &ctx,
                            ext.span().start,
                            Problem::UnknownEntity {
                                id: ext.get_ref().clone(),
                            },
                        );
                        continue;
                    }
                    ext.get_ref().clone()
                }
                _ => continue,
            };
            for service in &raw.service {
                self.service(layer, &ctx, &entity, service);
            }
        }
    }

    fn meta_file(&mut self, ctx: &Ctx<'_>) {
        let Some(raw) = self.parse::<RawMeta>(ctx) else {
            return;
        };
        let version = self.required_str(ctx, 0, raw.version.as_ref(), "version");
        let date = self.required_str(ctx, 0, raw.date.as_ref(), "date");
        if let Some(d) = &raw.date
            && !d.get_ref().is_empty()
            && !is_iso_date(d.get_ref())
        {
            self.report(
                ctx,
                d.span().start,
                Problem::BadDate {
                    date: d.get_ref().clone(),
                },
            );
        }
        self.meta = Some(CatalogueMeta { version, date });
    }

    fn categories_file(&mut self, layer: usize, ctx: &Ctx<'_>) {
        let Some(raw) = self.parse::<RawCategories>(ctx) else {
            return;
        };
        for c in &raw.category {
            let span = c.span();
            let c = c.get_ref();
            let id = self.slug(ctx, &c.id);
            let name = self.text(ctx, span.start, c.name.as_ref(), "name");
            let category = Category { id: id.clone(), name };
            let claim = self.claim(ctx, &c.id, layer, self.categories.len(), Kind::Category);
            store(&mut self.categories, claim, category);
        }
    }

    fn synonyms_file(&mut self, ctx: &Ctx<'_>) {
        let Some(raw) = self.parse::<RawSynonyms>(ctx) else {
            return;
        };
        for group in &raw.groups {
            let mut words = Vec::new();
            for w in group.get_ref() {
                let word = w.get_ref().trim();
                if word.is_empty() || word.split_whitespace().count() > 1 {
                    self.report(
                        ctx,
                        w.span().start,
                        Problem::SynonymNotOneWord {
                            word: word.to_string(),
                        },
                    );
                    continue;
                }
                words.push(word.to_lowercase());
            }
            if words.len() >= 2 {
                self.synonyms.push(words);
            }
        }
    }

    /// Registers the entity a file defines and returns its id; `None` for a file that only extends an
    /// entity (resolved once every definition of the layer is known) or declares neither or both.
    fn entity_decl(&mut self, layer: usize, ctx: &Ctx<'_>, raw: &RawEntityFile) -> Option<String> {
        match (&raw.entity, &raw.extends) {
            (Some(_), Some(ext)) => {
                self.report(ctx, ext.span().start, Problem::EntityAndExtends);
                None
            }
            (None, None) => {
                self.report(ctx, 0, Problem::NoEntity);
                None
            }
            (None, Some(_)) => None,
            (Some(e), None) => {
                let span = e.span();
                let e = e.get_ref();
                let id = self.slug(ctx, &e.id);
                let stem = ctx
                    .file
                    .rel
                    .trim_start_matches("entities/")
                    .trim_end_matches(".toml");
                if stem != id {
                    self.report(ctx, e.id.span().start, Problem::EntityFileName { id: id.clone() });
                }
                let acronym = self.required_str(ctx, span.start, e.acronym.as_ref(), "acronym");
                let name = self.text(ctx, span.start, e.name.as_ref(), "name");
                let website = e.website.as_ref().map(|w| {
                    self.url(ctx, w);
                    w.get_ref().clone()
                });
                let entity = Entity {
                    id: id.clone(),
                    acronym,
                    name,
                    website,
                };
                let claim = self.claim(ctx, &e.id, layer, self.entities.len(), Kind::Entity);
                if matches!(claim, Claim::Duplicate) {
                    return None;
                }
                store(&mut self.entities, claim, entity);
                self.entity_defs.push((
                    id.clone(),
                    ctx.diag(
                        e.id.span().start,
                        Problem::EntityWithoutServices { id: id.clone() },
                    ),
                ));
                Some(id)
            }
        }
    }

    /// Records the definition of an id that would be stored at `next` if new. A later layer's
    /// definition replaces an earlier layer's; a second definition within one layer is reported and
    /// ignored (the first one stays).
    fn claim(&mut self, ctx: &Ctx<'_>, id: &Spanned<String>, layer: usize, next: usize, kind: Kind) -> Claim {
        let offset = id.span().start;
        let at = Origin {
            layer,
            at: ctx.at(offset),
        };
        let id = id.get_ref().as_str();
        let map = match kind {
            Kind::Category => &mut self.category_at,
            Kind::Entity => &mut self.entity_at,
            Kind::Service => &mut self.service_at,
        };
        match map.get(id).cloned() {
            Some((index, first)) if first.layer < at.layer => {
                map.insert(id.to_string(), (index, at));
                Claim::Replace(index)
            }
            Some((_, first)) => {
                let problem = Problem::DuplicateId {
                    kind: kind.name(),
                    id: id.to_string(),
                    first: first.at,
                };
                self.report(ctx, offset, problem);
                Claim::Duplicate
            }
            None => {
                map.insert(id.to_string(), (next, at));
                Claim::New
            }
        }
    }

    fn text(&mut self, ctx: &Ctx<'_>, owner: usize, raw: Option<&Spanned<RawText>>, field: &str) -> Text {
        match raw {
            Some(t) => {
                let r: &RawText = t.get_ref();
                self.pt_en(ctx, t.span().start, r.pt.as_ref(), r.en.as_ref(), field)
            }
            None => {
                self.report(ctx, owner, Problem::MissingField { field: field.into() });
                Text::default()
            }
        }
    }

    fn pt_en(
        &mut self,
        ctx: &Ctx<'_>,
        at: usize,
        pt: Option<&Spanned<String>>,
        en: Option<&Spanned<String>>,
        field: &str,
    ) -> Text {
        let mut lang = |s: Option<&Spanned<String>>, missing: Problem| -> String {
            match s {
                Some(s) if !s.get_ref().trim().is_empty() => {
                    self.placeholder(ctx, s);
                    s.get_ref().trim().to_string()
                }
                Some(s) => {
                    self.report(ctx, s.span().start, missing);
                    String::new()
                }
                None => {
                    self.report(ctx, at, missing);
                    String::new()
                }
            }
        };
        let pt = lang(pt, Problem::MissingPortuguese { field: field.into() });
        let en = lang(en, Problem::MissingEnglish { field: field.into() });
        Text { pt, en }
    }

    fn required_str(
        &mut self,
        ctx: &Ctx<'_>,
        owner: usize,
        s: Option<&Spanned<String>>,
        field: &str,
    ) -> String {
        match s {
            Some(s) if !s.get_ref().trim().is_empty() => {
                self.placeholder(ctx, s);
                s.get_ref().trim().to_string()
            }
            Some(s) => {
                self.report(ctx, s.span().start, Problem::MissingField { field: field.into() });
                String::new()
            }
            None => {
                self.report(ctx, owner, Problem::MissingField { field: field.into() });
                String::new()
            }
        }
    }

    fn str_list(
        &mut self,
        ctx: &Ctx<'_>,
        owner: usize,
        list: Option<&Spanned<Vec<Spanned<String>>>>,
        field: &str,
    ) -> Vec<String> {
        let Some(list) = list else {
            self.report(ctx, owner, Problem::MissingField { field: field.into() });
            return Vec::new();
        };
        let items: Vec<String> = list
            .get_ref()
            .iter()
            .filter_map(|s| {
                self.placeholder(ctx, s);
                let v = s.get_ref().trim();
                (!v.is_empty()).then(|| v.to_string())
            })
            .collect();
        if items.is_empty() {
            self.report(ctx, list.span().start, Problem::EmptyList { field: field.into() });
        }
        items
    }

    fn slug(&mut self, ctx: &Ctx<'_>, id: &Spanned<String>) -> String {
        if !is_slug(id.get_ref()) {
            self.report(
                ctx,
                id.span().start,
                Problem::InvalidId {
                    id: id.get_ref().clone(),
                },
            );
        }
        id.get_ref().clone()
    }

    fn url(&mut self, ctx: &Ctx<'_>, url: &Spanned<String>) {
        if let Some(problem) = url_problem(url.get_ref()) {
            self.report(ctx, url.span().start, problem);
        }
    }

    fn placeholder(&mut self, ctx: &Ctx<'_>, s: &Spanned<String>) {
        if is_placeholder(s.get_ref()) {
            let text: String = s.get_ref().chars().take(40).collect();
            self.report(ctx, s.span().start, Problem::Placeholder { text });
        }
    }

    fn finish(mut self) -> Report {
        for (id, diag) in std::mem::take(&mut self.entity_defs) {
            if !self.services.iter().any(|s| s.entity == id) {
                self.diagnostics.push(diag);
            }
        }
        let catalogue = Catalogue {
            meta: self.meta.unwrap_or_default(),
            entities: self.entities,
            categories: self.categories,
            services: self.services,
            synonyms: self.synonyms,
        };
        Report {
            catalogue,
            diagnostics: self.diagnostics,
        }
    }
}

/// The kinds of id the catalogue keeps unique.
#[derive(Clone, Copy)]
enum Kind {
    Category,
    Entity,
    Service,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Category => "category",
            Kind::Entity => "entity",
            Kind::Service => "service",
        }
    }
}

/// What [`Builder::claim`] decided about a definition.
enum Claim {
    /// A new id: append it.
    New,
    /// A later layer redefines the id stored at this index.
    Replace(usize),
    /// Defined twice in one layer: reported, and ignored.
    Duplicate,
}

/// Applies a [`Claim`]: append a new definition, replace an earlier layer's, ignore a duplicate.
fn store<T>(items: &mut Vec<T>, claim: Claim, value: T) {
    match claim {
        Claim::New => items.push(value),
        Claim::Replace(index) => {
            if let Some(slot) = items.get_mut(index) {
                *slot = value;
            }
        }
        Claim::Duplicate => {}
    }
}
