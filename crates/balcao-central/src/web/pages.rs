//! What each dashboard page shows: the overview of the caller's spots, one spot, one service.
//!
//! [`build`] checks the filters against the database, reads everything the page shows at once
//! (`fetch`, each read on a pooled connection of its own), then has `sections` draw it, and returns the
//! page or one of its tables as CSV.

use crate::api::AppState;
use crate::error::ApiError;
use crate::scope::Scope;
use crate::web::WebError;
use crate::web::queries::{self, AttendanceTotals, Filters, LineTotals, SurveyTotals};
use crate::web::sections::{figures, spot_sections};
use crate::web::session::Session;
use axum::http::StatusCode;
use balcao_core::text::Lang;
use balcao_i18n::I18n;
use balcao_web::{Cell, Chart, DashboardPage, FilterForm, LangLinks, NavLink, Section, Table, UserBadge};
use deadpool_postgres::{Client, Pool};
use std::collections::BTreeMap;

/// Which page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageKind {
    /// The caller's spots.
    Overview,
    /// One spot.
    Spot(String),
    /// One service.
    Service(String),
}

/// A page, or one of its tables as CSV.
#[derive(Debug)]
pub enum Page {
    /// The HTML page.
    Html(String),
    /// A table as a file.
    Csv {
        /// The file's name.
        name: String,
        /// Its bytes.
        bytes: Vec<u8>,
    },
}

/// What a page is about; `Send`, so it may live across the queries' awaits.
pub(super) struct Ctx<'a> {
    pub(super) lang: Lang,
    pub(super) filters: &'a Filters,
    pub(super) spots: Option<Vec<String>>,
    pub(super) query: Vec<(String, String)>,
    pub(super) path: &'a str,
}

/// The context with its language loaded, for the drawing after every query is done (a Fluent bundle
/// is not `Send`, so it never lives across an await).
pub(super) struct View<'a> {
    pub(super) ctx: &'a Ctx<'a>,
    i18n: I18n,
    pub(super) lang: Lang,
    pub(super) filters: &'a Filters,
}

impl<'a> View<'a> {
    fn new(ctx: &'a Ctx<'a>) -> View<'a> {
        View {
            ctx,
            i18n: I18n::new(ctx.lang),
            lang: ctx.lang,
            filters: ctx.filters,
        }
    }

    pub(super) fn t(&self, id: &str) -> String {
        self.i18n.tr(id)
    }

    /// An address with the page's filters and `extra`.
    pub(super) fn href(&self, path: &str, extra: &[(&str, &str)]) -> String {
        let mut links = LangLinks::new(path);
        for (k, v) in &self.ctx.query {
            links = links.with(k.clone(), v.clone());
        }
        for (k, v) in extra {
            links = links.with(*k, *v);
        }
        links.href(self.lang)
    }

    fn csv_href(&self, table: &str) -> Option<String> {
        Some(self.href(self.ctx.path, &[("csv", table)]))
    }

    pub(super) fn section(&self, id: &str, table: Option<Table>, chart: Option<Chart>) -> Section {
        Section {
            // The table keeps the plain id (it names the CSV download); the section gets its own.
            id: format!("section-{id}"),
            heading: self.t(&format!("dash-section-{id}")),
            note: None,
            facts: Vec::new(),
            csv_href: table.as_ref().and_then(|t| self.csv_href(&t.id)),
            chart,
            table,
        }
    }
}

/// Everything a page shows, read before anything is drawn.
#[derive(Default)]
pub(super) struct Data {
    pub(super) lines_by_entity: Vec<LineTotals>,
    pub(super) attendances_by_day: Vec<AttendanceTotals>,
    pub(super) lines_by_day: Vec<LineTotals>,
    pub(super) survey_total: SurveyTotals,
    pub(super) by_service: Option<Vec<LineTotals>>,
    pub(super) by_spot: Option<BySpot>,
    pub(super) hours: Vec<(i16, i64)>,
    pub(super) till: Vec<(String, Option<String>, i64, i64)>,
    pub(super) mediators: Option<Vec<queries::MediatorRow>>,
    pub(super) spot: Option<SpotData>,
    /// The spot's name, or the service's name and entity acronym.
    pub(super) names: (String, String),
    pub(super) entities: Vec<(String, String)>,
    pub(super) services: Vec<(String, String)>,
    pub(super) spots: Vec<(String, String)>,
}

pub(super) struct BySpot {
    pub(super) lines: Vec<LineTotals>,
    pub(super) attendances: Vec<AttendanceTotals>,
    pub(super) survey: BTreeMap<String, SurveyTotals>,
}

pub(super) struct SpotData {
    pub(super) host: String,
    pub(super) time_zone: String,
    pub(super) refused: i64,
    pub(super) alerts: i64,
    pub(super) devices: Vec<Vec<Cell>>,
    pub(super) revoked: Vec<bool>,
    pub(super) alert_rows: Vec<Vec<Cell>>,
}

fn forbidden(lang: Lang, path: &str, spot: &str) -> WebError {
    WebError::new(
        StatusCode::FORBIDDEN,
        lang,
        "dash-error-spot-scope",
        &[("spot", spot.to_owned())],
        path,
    )
}

fn api(lang: Lang, path: &str) -> impl Fn(ApiError) -> WebError + '_ {
    move |e| WebError::from_api(e, lang, path)
}

async fn exists(client: &Client, table: &str, column: &str, value: &str) -> Result<bool, ApiError> {
    let sql = format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE {column} = $1)");
    Ok(client.query_one(&sql, &[&value]).await?.try_get(0)?)
}

/// Builds the page `kind` for `session` with `filters`, or its table `csv`.
pub async fn build(
    state: &AppState,
    session: &Session,
    kind: &PageKind,
    mut filters: Filters,
    csv: Option<&str>,
    lang: Lang,
    path: &str,
) -> Result<Page, WebError> {
    let client = state
        .pool()
        .get()
        .await
        .map_err(|e| WebError::from_api(e.into(), lang, path))?;
    let err = api(lang, path);
    let bad = |id: &str, name: &str, value: &str| {
        WebError::new(
            StatusCode::BAD_REQUEST,
            lang,
            id,
            &[("name", name.to_owned()), ("value", value.to_owned())],
            path,
        )
    };
    let not_found = |value: &str| {
        WebError::new(
            StatusCode::NOT_FOUND,
            lang,
            "dash-error-not-found",
            &[("value", value.to_owned())],
            "/painel",
        )
    };
    let scope = &session.actor.scope;
    match kind {
        PageKind::Spot(spot) => {
            if !exists(&client, "spots", "code", spot).await.map_err(&err)? {
                return Err(not_found(spot));
            }
            if !scope.covers(spot) {
                return Err(forbidden(lang, "/painel", spot));
            }
            filters.spot = Some(spot.clone());
        }
        PageKind::Service(service) => {
            if !exists(&client, "catalogue_services", "id", service)
                .await
                .map_err(&err)?
            {
                return Err(not_found(service));
            }
            filters.service = Some(service.clone());
        }
        PageKind::Overview => {}
    }
    if let Some(entity) = &filters.entity
        && !exists(&client, "catalogue_entities", "id", entity)
            .await
            .map_err(&err)?
    {
        return Err(bad("dash-error-unknown-value", "entity", entity));
    }
    if let Some(service) = &filters.service
        && !exists(&client, "catalogue_services", "id", service)
            .await
            .map_err(&err)?
    {
        return Err(bad("dash-error-unknown-value", "service", service));
    }
    if let Some(spot) = &filters.spot {
        if !exists(&client, "spots", "code", spot).await.map_err(&err)? {
            return Err(bad("dash-error-unknown-value", "spot", spot));
        }
        if !scope.covers(spot) {
            return Err(forbidden(lang, path, spot));
        }
    }
    let spots = match (&filters.spot, scope) {
        (Some(spot), _) => Some(vec![spot.clone()]),
        (None, Scope::Network) => None,
        (None, Scope::Spots(list)) => Some(list.clone()),
    };
    let mut query = vec![
        ("from".to_owned(), filters.from.clone()),
        ("to".to_owned(), filters.to.clone()),
    ];
    for (name, value) in [
        ("entity", &filters.entity),
        ("spot", &filters.spot),
        ("service", &filters.service),
    ] {
        let fixed = matches!(
            (kind, name),
            (PageKind::Spot(_), "spot") | (PageKind::Service(_), "service")
        );
        if let (Some(value), false) = (value, fixed) {
            query.push((name.to_owned(), value.clone()));
        }
    }
    let ctx = Ctx {
        lang,
        filters: &filters,
        spots,
        query,
        path,
    };
    drop(client);
    let data = fetch(state.pool(), &ctx, kind, scope).await.map_err(&err)?;
    let view = View::new(&ctx);
    let mut sections = Vec::new();
    if let Some(spot) = &data.spot {
        sections.extend(spot_sections(&view, spot));
    }
    sections.extend(figures(&view, &data));
    if let Some(id) = csv {
        let table = sections
            .iter()
            .filter_map(|s| s.table.as_ref())
            .find(|t| t.id == id)
            .ok_or_else(|| bad("dash-error-unknown-value", "csv", id))?;
        return Ok(Page::Csv {
            name: format!("balcao-{id}-{}-{}.csv", filters.from, filters.to),
            bytes: balcao_web::table_csv(table),
        });
    }
    let title = match kind {
        PageKind::Overview => view.t("dash-title-overview"),
        PageKind::Spot(spot) => format!("{} ({spot})", data.names.0),
        PageKind::Service(_) => format!("{} — {}", data.names.0, data.names.1),
    };
    let subtitle = view.i18n.tr_args(
        "dash-period",
        &[("from", filters.from.clone()), ("to", filters.to.clone())],
    );
    let mut lang_links = LangLinks::new(path);
    for (k, v) in &ctx.query {
        lang_links = lang_links.with(k.clone(), v.clone());
    }
    Ok(Page::Html(balcao_web::dashboard_page(&DashboardPage {
        lang,
        user: UserBadge {
            name: session.name.clone(),
            scope: match &session.host_entity {
                None => balcao_web::Scope::National,
                Some(entity) => balcao_web::Scope::Entity(entity.clone()),
            },
        },
        title,
        subtitle: Some(subtitle),
        csrf_token: session.csrf.clone(),
        logout_action: "/painel/sair".to_owned(),
        nav: vec![NavLink {
            href: view.href("/painel", &[]),
            label: view.t("dash-nav-overview"),
            current: *kind == PageKind::Overview,
        }],
        filters: Some(FilterForm {
            action: path.to_owned(),
            from: filters.from.clone(),
            to: filters.to.clone(),
            entity: filters.entity.clone(),
            spot: if matches!(kind, PageKind::Spot(_)) {
                None
            } else {
                filters.spot.clone()
            },
            service: if matches!(kind, PageKind::Service(_)) {
                None
            } else {
                filters.service.clone()
            },
            entities: data.entities.clone(),
            spots: if matches!(kind, PageKind::Spot(_)) {
                Vec::new()
            } else {
                data.spots.clone()
            },
            services: if matches!(kind, PageKind::Service(_)) {
                Vec::new()
            } else {
                data.services.clone()
            },
        }),
        sections,
        lang_links,
    })))
}

/// Reads everything the page `kind` shows.
/// Reads everything the page `kind` shows. The reads are independent, so they run at once, each on a
/// connection of its own from the pool: a page costs about its slowest query rather than their sum
/// (BENCHMARKS.md, "Dashboard").
async fn fetch(pool: &Pool, ctx: &Ctx<'_>, kind: &PageKind, scope: &Scope) -> Result<Data, ApiError> {
    let f = ctx.filters;
    let spots = &ctx.spots;
    let lang = ctx.lang;
    let name = if lang == Lang::En { "name_en" } else { "name_pt" };
    let pairs = |rows: Vec<tokio_postgres::Row>| -> Result<Vec<(String, String)>, ApiError> {
        rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).collect()
    };
    let not_spot = !matches!(kind, PageKind::Spot(_));
    let not_service = !matches!(kind, PageKind::Service(_));
    let (lines_by_entity, survey_total, hours, till, lists, per_day) = tokio::try_join!(
        async { queries::lines_by(&pool.get().await?, f, spots, "entity", lang).await },
        async { queries::survey(&pool.get().await?, f, spots, "").await },
        async { queries::hours(&pool.get().await?, f, spots).await },
        async { queries::till(&pool.get().await?, f, spots).await },
        async {
            let client = pool.get().await?;
            let entities = client
                .query(
                    &format!(
                        "SELECT id, acronym || ' — ' || {name} FROM catalogue_entities ORDER BY acronym"
                    ),
                    &[],
                )
                .await?;
            let services = client
                .query(
                    &format!("SELECT id, {name} FROM catalogue_services ORDER BY {name}"),
                    &[],
                )
                .await?;
            let spot_list = client
                .query(
                    "SELECT code, name || ' (' || code || ')' FROM spots \
                     WHERE $1::text[] IS NULL OR code = ANY($1::text[]) ORDER BY name",
                    &[&scope.filter()],
                )
                .await?;
            Ok::<_, ApiError>((pairs(entities)?, pairs(services)?, pairs(spot_list)?))
        },
        async {
            let client = pool.get().await?;
            if f.by_line() {
                Ok::<_, ApiError>((
                    queries::lines_by(&client, f, spots, "day", lang).await?,
                    Vec::new(),
                ))
            } else {
                Ok((
                    Vec::new(),
                    queries::attendances_by(&client, f, spots, "day").await?,
                ))
            }
        },
    )?;
    let (by_service, by_spot, specific) = tokio::try_join!(
        async {
            match not_service {
                true => Ok::<_, ApiError>(Some(
                    queries::lines_by(&pool.get().await?, f, spots, "service", lang).await?,
                )),
                false => Ok(None),
            }
        },
        async {
            if !not_spot {
                return Ok::<_, ApiError>(None);
            }
            let (totals, survey) = tokio::try_join!(
                async {
                    let client = pool.get().await?;
                    if f.by_line() {
                        Ok::<_, ApiError>((
                            queries::lines_by(&client, f, spots, "spot", lang).await?,
                            Vec::new(),
                        ))
                    } else {
                        Ok((
                            Vec::new(),
                            queries::attendances_by(&client, f, spots, "spot").await?,
                        ))
                    }
                },
                async { queries::survey(&pool.get().await?, f, spots, "spot").await },
            )?;
            Ok(Some(BySpot {
                lines: totals.0,
                attendances: totals.1,
                survey: survey.into_iter().map(|s| (s.key.clone(), s)).collect(),
            }))
        },
        async {
            let client = pool.get().await?;
            match kind {
                PageKind::Overview => Ok::<_, ApiError>((None, None, (String::new(), String::new()))),
                PageKind::Spot(spot) => {
                    let mediators = queries::mediators(&client, f, spots).await?;
                    let data = spot_data(&client, spot).await?;
                    let row = client
                        .query_one("SELECT name FROM spots WHERE code = $1", &[spot])
                        .await?;
                    Ok((Some(mediators), Some(data), (row.try_get(0)?, String::new())))
                }
                PageKind::Service(service) => {
                    let sql = format!(
                        "SELECT s.{name}, COALESCE(e.acronym, s.entity_id) FROM catalogue_services s \
                         LEFT JOIN catalogue_entities e ON e.id = s.entity_id WHERE s.id = $1"
                    );
                    let row = client.query_one(&sql, &[service]).await?;
                    Ok((None, None, (row.try_get(0)?, row.try_get(1)?)))
                }
            }
        },
    )?;
    let (mediators, spot, names) = specific;
    Ok(Data {
        lines_by_entity,
        attendances_by_day: per_day.1,
        lines_by_day: per_day.0,
        survey_total: survey_total.into_iter().next().unwrap_or_default(),
        by_service,
        by_spot,
        hours,
        till,
        mediators,
        spot,
        names,
        entities: lists.0,
        services: lists.1,
        spots: lists.2,
    })
}

async fn spot_data(client: &Client, spot: &str) -> Result<SpotData, ApiError> {
    let facts = client
        .query_one(
            "SELECT COALESCE(host_entity, ''), time_zone, \
             (SELECT count(*) FROM rejections r WHERE r.spot_code = s.code)::int8, \
             (SELECT count(*) FROM audit_alerts a WHERE a.spot_code = s.code)::int8 \
             FROM spots s WHERE code = $1",
            &[&spot],
        )
        .await?;
    let devices = client
        .query(
            "SELECT d.name, to_char(to_timestamp(d.last_seen_at / 1000.0) AT TIME ZONE s.time_zone, \
             'YYYY-MM-DD HH24:MI'), (($2::int8 - d.last_seen_at) / 3600000.0)::float8, \
             COALESCE(d.app_version, ''), d.catalogue_sequence, COALESCE(b.version, ''), d.revoked_at IS NOT NULL \
             FROM devices d JOIN spots s ON s.code = d.spot_code \
             LEFT JOIN catalogue_bundles b ON b.sequence = d.catalogue_sequence \
             WHERE d.spot_code = $1 ORDER BY d.name",
            &[&spot, &crate::api::now_ms()],
        )
        .await?;
    let alerts = client
        .query(
            "SELECT to_char(to_timestamp(a.created_at / 1000.0) AT TIME ZONE s.time_zone, 'YYYY-MM-DD HH24:MI'), \
             a.kind, a.detail FROM audit_alerts a JOIN spots s ON s.code = a.spot_code \
             WHERE a.spot_code = $1 ORDER BY a.created_at DESC LIMIT 20",
            &[&spot],
        )
        .await?;
    Ok(SpotData {
        host: facts.try_get(0)?,
        time_zone: facts.try_get(1)?,
        refused: facts.try_get(2)?,
        alerts: facts.try_get(3)?,
        devices: devices
            .iter()
            .map(|r| {
                Ok(vec![
                    Cell::Text(r.try_get(0)?),
                    r.try_get::<_, Option<String>>(1)?
                        .map_or(Cell::Missing, Cell::Text),
                    r.try_get::<_, Option<f64>>(2)?
                        .map_or(Cell::Missing, |h| Cell::Decimal { value: h, places: 1 }),
                    Cell::Text(r.try_get(3)?),
                    r.try_get::<_, Option<i64>>(4)?.map_or(Cell::Missing, Cell::Int),
                    Cell::Text(r.try_get(5)?),
                ])
            })
            .collect::<Result<_, ApiError>>()?,
        revoked: devices.iter().map(|r| r.try_get(6)).collect::<Result<_, _>>()?,
        alert_rows: alerts
            .iter()
            .map(|r| {
                Ok(vec![
                    Cell::Text(r.try_get(0)?),
                    Cell::Text(r.try_get(1)?),
                    Cell::Text(r.try_get(2)?),
                ])
            })
            .collect::<Result<_, ApiError>>()?,
    })
}
