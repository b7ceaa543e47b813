//! What the citizen screen shows, derived from the app state by a pure function.
//!
//! The citizen window is drawn only from a [`CitizenView`], never from [`AppState`]. The view is built
//! here, field by field, from what the citizen may see: the service, the current step *in the
//! citizen's words*, progress, the documents checklist, the fee, and at the end what was done and what
//! is pending. There is no field for the identification form, the notes or the confidential code, so no
//! code path can put a NIF, a PIN or an SMS code on the second screen. When the next attendance starts,
//! the previous end screen is replaced wholesale, so nothing of one citizen stays for the next.
//!
//! Because it is a plain value, tests check the mirror as a function of state (the platform notes'
//! advice), and the app compares it between frames to repaint the citizen window only when it changed.

use crate::mirror::{MirrorPane, mirror_pane};
use crate::state::AppState;
use balcao_core::attendance::Outcome;
use balcao_core::catalogue::Service;
use balcao_core::text::Lang;
use balcao_i18n::I18n;

/// One service on the end screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FinishedItem {
    /// The service's name.
    pub service: String,
    /// What became of it, in words ("Concluído", "Pendente: …").
    pub outcome: String,
    /// Whether it is done.
    pub done: bool,
    /// Where to do it alone next time.
    pub url: String,
}

/// The citizen screen's content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CitizenView {
    /// Nobody is being served.
    Welcome {
        /// "Bem-vindo ao …".
        title: String,
        /// The host entity.
        host: String,
        /// Opening hours.
        hours: Vec<String>,
        /// "O que pode tratar aqui, por exemplo:".
        examples_label: String,
        /// What people most often come for, in words ("Renovar a carta de condução").
        examples: Vec<String>,
        /// "E mais de 150 serviços de 20 entidades públicas."
        more: String,
    },
    /// An attendance started; no service chosen yet.
    Started {
        /// The greeting.
        title: String,
        /// What happens now.
        body: String,
    },
    /// A service is being handled.
    Step {
        /// The service's name.
        service: String,
        /// The entity's name.
        entity: String,
        /// "Passo 3 de 6".
        progress: String,
        /// 0-based step and the count, for the progress bar.
        step: (usize, usize),
        /// The step, in the citizen's words.
        text: String,
        /// The citizen types a secret at this step: the screen says nobody is looking.
        private_notice: Option<String>,
        /// The documents checklist: name and whether it was checked.
        documents: Vec<(String, bool)>,
        /// "Custo: 27,00 €" or "Gratuito".
        fee: String,
        /// What was paid for this service ("Pago: 5,00 € em dinheiro · troco 15,00 €"), never a
        /// reference or card data.
        paid: Vec<String>,
        /// The other services of this attendance ("Também hoje: …").
        others: Vec<String>,
        /// The spot's name, for the header.
        spot: String,
        /// What stands in the live picture's place, decided by [`crate::mirror::mirror_pane`].
        mirror: MirrorPane,
        /// The pause card's title ("Ecrã em pausa").
        mirror_title: String,
        /// The words on the pause card or under the waiting picture (none when live or hidden).
        mirror_note: Option<String>,
    },
    /// The attendance ended.
    Finished {
        /// "Terminámos. Obrigado."
        title: String,
        /// What was done and what is pending.
        items: Vec<FinishedItem>,
        /// "Da próxima vez, pode fazê-lo sozinho em:".
        alone_label: String,
        /// "Dê-nos a sua opinião".
        survey_label: String,
        /// The survey address (with the attendance's random survey token, never its id).
        survey_url: String,
    },
}

impl CitizenView {
    /// Every text the view would put on screen, for tests and audits.
    pub fn texts(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        match self {
            CitizenView::Welcome {
                title,
                host,
                hours,
                examples_label,
                examples,
                more,
            } => {
                out.extend([title.as_str(), host, examples_label, more]);
                out.extend(hours.iter().map(String::as_str));
                out.extend(examples.iter().map(String::as_str));
            }
            CitizenView::Started { title, body } => out.extend([title.as_str(), body]),
            CitizenView::Step {
                service,
                entity,
                progress,
                text,
                private_notice,
                documents,
                fee,
                paid,
                others,
                spot,
                mirror_title,
                mirror_note,
                ..
            } => {
                out.extend([service.as_str(), entity, progress, text, fee, spot, mirror_title]);
                out.extend(mirror_note.iter().map(String::as_str));
                out.extend(paid.iter().map(String::as_str));
                out.extend(private_notice.iter().map(String::as_str));
                out.extend(documents.iter().map(|(d, _)| d.as_str()));
                out.extend(others.iter().map(String::as_str));
            }
            CitizenView::Finished {
                title,
                items,
                alone_label,
                survey_label,
                survey_url,
            } => {
                out.extend([title.as_str(), alone_label, survey_label, survey_url]);
                for i in items {
                    out.extend([i.service.as_str(), &i.outcome, &i.url]);
                }
            }
        }
        out
    }
}

/// The welcome screen: the spot, its host, its hours and examples of what can be done here.
fn welcome(state: &AppState, i18n: &I18n) -> CitizenView {
    CitizenView::Welcome {
        title: i18n.tr_args(
            "citizen-welcome-title",
            &[("spot", state.config.spot_name.clone())],
        ),
        host: state.config.host_entity.clone(),
        hours: state.config.opening_hours.clone(),
        examples_label: i18n.tr("citizen-welcome-examples"),
        examples: WELCOME_EXAMPLES.iter().map(|id| i18n.tr(id)).collect(),
        more: i18n.tr_args(
            "citizen-welcome-more",
            &[
                ("services", state.catalogue.services.len().to_string()),
                ("entities", state.catalogue.entities.len().to_string()),
            ],
        ),
    }
}

/// Builds the citizen screen's content from the state, in the state's language.
pub fn citizen_view(state: &AppState, i18n: &I18n) -> CitizenView {
    let lang = state.lang;
    let service_name = |id: &str| state.catalogue.service(id).map(|s| s.name.get(lang).to_string());
    // Locked, or nobody logged in: the welcome, whatever waits behind (the attendance stays open).
    if state.session.needs_login() {
        return welcome(state, i18n);
    }
    if let Some(a) = &state.attendance {
        // No service chosen yet (or one the catalogue no longer has): the greeting.
        let selected = a
            .lines
            .get(state.selected_line)
            .and_then(|line| Some((line, state.catalogue.service(&line.service_id)?)));
        let Some((line, service)) = selected else {
            return CitizenView::Started {
                title: i18n.tr("citizen-started-title"),
                body: i18n.tr("citizen-started-body"),
            };
        };
        let count = service.steps.len();
        let step = line.current_step.min(count.saturating_sub(1));
        let current = service.steps.get(step);
        let entity = state
            .catalogue
            .entity(&service.entity)
            .map(|e| e.name.get(lang).to_string())
            .unwrap_or_default();
        let others = a
            .lines
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != state.selected_line)
            .filter_map(|(_, l)| service_name(&l.service_id))
            .collect();
        return CitizenView::Step {
            service: service.name.get(lang).to_string(),
            entity,
            progress: i18n.tr_args(
                "citizen-progress",
                &[("step", (step + 1).to_string()), ("count", count.to_string())],
            ),
            step: (step, count),
            text: current
                .map(|s| s.citizen.get(lang).to_string())
                .unwrap_or_default(),
            private_notice: current
                .filter(|s| s.sensitive)
                .map(|_| i18n.tr("citizen-private-step")),
            documents: service
                .documents
                .iter()
                .enumerate()
                .map(|(i, d)| (d.name.get(lang).to_string(), line.documents_checked.contains(&i)))
                .collect(),
            fee: fee_text(
                service,
                state
                    .cash
                    .line_entries(&a.id, state.selected_line)
                    .find(|e| e.cancellation.is_none())
                    .map(|e| e.payment.variant.as_str()),
                lang,
                i18n,
            ),
            paid: state
                .cash
                .line_entries(&a.id, state.selected_line)
                .map(|e| paid_text(e, i18n))
                .collect(),
            others,
            spot: state.config.spot_name.clone(),
            mirror: mirror_pane(state),
            mirror_title: i18n.tr("citizen-mirror-title"),
            mirror_note: mirror_note(mirror_pane(state), i18n),
        };
    }
    if let Some(f) = &state.finished {
        let items = f
            .attendance
            .lines
            .iter()
            .filter_map(|l| {
                let s = state.catalogue.service(&l.service_id)?;
                // What the mediator typed about an outcome stays on the workbench: the citizen reads
                // the catalogue's words (an entity referred to, by its name) or a plain sentence.
                let (outcome, done) = match &l.outcome {
                    Some(Outcome::Concluido) => (i18n.tr("outcome-concluido"), true),
                    Some(Outcome::Pendente { .. }) => (i18n.tr("citizen-outcome-pendente"), false),
                    Some(Outcome::Encaminhado { to }) => (
                        match state.catalogue.entity(to) {
                            Some(entity) => i18n.tr_args(
                                "citizen-outcome-encaminhado",
                                &[("detail", entity.name.get(lang).to_string())],
                            ),
                            None => i18n.tr("citizen-outcome-encaminhado-other"),
                        },
                        false,
                    ),
                    Some(Outcome::NaoFoiPossivel { .. }) => {
                        (i18n.tr("citizen-outcome-nao-foi-possivel"), false)
                    }
                    None => (i18n.tr("outcome-none"), false),
                };
                Some(FinishedItem {
                    service: s.name.get(lang).to_string(),
                    outcome,
                    done,
                    url: s.url.clone(),
                })
            })
            .collect();
        return CitizenView::Finished {
            title: i18n.tr("citizen-finished-title"),
            items,
            alone_label: i18n.tr("citizen-finished-alone"),
            survey_label: i18n.tr("citizen-finished-survey"),
            survey_url: state.config.survey_url(&f.survey_token),
        };
    }
    welcome(state, i18n)
}

/// What people most often come to an Espaço do Cidadão for (the network's own list of its most
/// requested services), in the words a citizen uses rather than the entities' acronyms.
const WELCOME_EXAMPLES: [&str; 6] = [
    "citizen-welcome-adse",
    "citizen-welcome-driving-licence",
    "citizen-welcome-criminal-record",
    "citizen-welcome-cc-address",
    "citizen-welcome-health-card",
    "citizen-welcome-social-security",
];

/// The words for the picture's place when it is not live.
fn mirror_note(pane: MirrorPane, i18n: &I18n) -> Option<String> {
    use crate::mirror::PauseReason;
    let id = match pane {
        MirrorPane::Hidden | MirrorPane::Live => return None,
        MirrorPane::Paused(PauseReason::Sensitive) => "citizen-mirror-paused-sensitive",
        MirrorPane::Paused(PauseReason::Manual) => "citizen-mirror-paused-manual",
        MirrorPane::Paused(PauseReason::Minimized) => "citizen-mirror-paused-minimized",
        MirrorPane::Waiting => "citizen-mirror-waiting",
        MirrorPane::Unsupported => "citizen-mirror-unsupported",
    };
    Some(i18n.tr(id))
}

/// What the citizen is told of one payment: the amount and the method, the change for cash, and that it
/// was cancelled; never the terminal's or MB WAY's reference.
fn paid_text(entry: &balcao_store::PaymentEntry, i18n: &I18n) -> String {
    use balcao_core::cash::PaymentMethod;
    let p = &entry.payment;
    if entry.cancellation.is_some() {
        return i18n.tr_args("citizen-paid-cancelled", &[("amount", p.collected.to_string())]);
    }
    let amount = ("amount", p.collected.to_string());
    match &p.method {
        PaymentMethod::Cash { .. } => {
            i18n.tr_args("citizen-paid-cash", &[amount, ("change", p.change.to_string())])
        }
        PaymentMethod::Card { .. } => i18n.tr_args("citizen-paid-card", &[amount]),
        PaymentMethod::MbWay { .. } => i18n.tr_args("citizen-paid-mbway", &[amount]),
        PaymentMethod::Exempt { .. } => i18n.tr("citizen-paid-exempt"),
    }
}

/// "Custo: 27,00 €", or "Gratuito" for a free service. Once paid, the fee of the variant charged
/// (with its name, when the service has several); before, every variant with its fee, so the citizen
/// sees the choice the mediator makes.
pub fn fee_text(service: &Service, charged: Option<&str>, lang: Lang, i18n: &I18n) -> String {
    let named = |f: &balcao_core::catalogue::Fee| format!("{} ({})", f.amount, f.label.get(lang));
    if service.fees.is_empty() {
        return i18n.tr("citizen-fee-free");
    }
    let several = service.fees.len() > 1;
    if let Some(fee) = charged.and_then(|v| service.fees.iter().find(|f| f.variant == v)) {
        let amount = if several {
            named(fee)
        } else {
            fee.amount.to_string()
        };
        return i18n.tr_args("citizen-fee", &[("amount", amount)]);
    }
    if several {
        let list: Vec<String> = service.fees.iter().map(named).collect();
        return i18n.tr_args("citizen-fee-variants", &[("list", list.join(" · "))]);
    }
    i18n.tr_args("citizen-fee", &[("amount", service.base_fee().to_string())])
}
