//! One service of an entity file, and its parts (required documents, eligibility questions, steps,
//! fees): each checked where it stands, with defaults so that loading goes on after a problem.

use super::*;

impl Builder {
    pub(super) fn service(&mut self, layer: usize, ctx: &Ctx<'_>, entity: &str, raw: &Spanned<RawService>) {
        let span = raw.span();
        let r = raw.get_ref();
        let start = span.start;
        let id = self.slug(ctx, &r.id);
        if !id.starts_with(&format!("{entity}-")) {
            self.report(
                ctx,
                r.id.span().start,
                Problem::ServiceIdPrefix {
                    id: id.clone(),
                    entity: entity.into(),
                },
            );
        }
        let name = self.text(ctx, start, r.name.as_ref(), "name");
        let summary = self.text(ctx, start, r.summary.as_ref(), "summary");
        let keywords = self.str_list(ctx, start, r.keywords.as_ref(), "keywords");
        let categories = self.str_list(ctx, start, r.categories.as_ref(), "categories");
        if let Some(list) = &r.categories {
            for c in list.get_ref() {
                if !self.category_at.contains_key(c.get_ref()) {
                    self.report(
                        ctx,
                        c.span().start,
                        Problem::UnknownCategory {
                            id: c.get_ref().clone(),
                        },
                    );
                }
            }
        }
        let url = match &r.url {
            Some(u) => {
                self.url(ctx, u);
                u.get_ref().clone()
            }
            None => {
                self.report(ctx, start, Problem::MissingField { field: "url".into() });
                String::new()
            }
        };
        let authentication = match &r.authentication {
            Some(a) => a.get_ref().clone(),
            None => {
                self.report(
                    ctx,
                    start,
                    Problem::MissingField {
                        field: "authentication".into(),
                    },
                );
                Vec::new()
            }
        };
        let duration_minutes = match &r.duration_minutes {
            Some(d) if (1..=MAX_DURATION_MINUTES).contains(d.get_ref()) => {
                u32::try_from(*d.get_ref()).unwrap_or(0)
            }
            Some(d) => {
                self.report(
                    ctx,
                    d.span().start,
                    Problem::DurationOutOfRange {
                        minutes: *d.get_ref(),
                    },
                );
                0
            }
            None => {
                self.report(
                    ctx,
                    start,
                    Problem::MissingField {
                        field: "duration_minutes".into(),
                    },
                );
                0
            }
        };
        let result_days = match &r.result_days {
            Some(d) if (1..=MAX_RESULT_DAYS).contains(d.get_ref()) => u32::try_from(*d.get_ref()).ok(),
            Some(d) => {
                self.report(
                    ctx,
                    d.span().start,
                    Problem::ResultDaysOutOfRange { days: *d.get_ref() },
                );
                None
            }
            None => None,
        };
        let mobile = r.mobile.unwrap_or_else(|| {
            self.report(
                ctx,
                start,
                Problem::MissingField {
                    field: "mobile".into(),
                },
            );
            false
        });
        let mut unconfirmed = Vec::new();
        for f in &r.unconfirmed {
            if unconfirmed.contains(f.get_ref()) {
                self.report(
                    ctx,
                    f.span().start,
                    Problem::DuplicateUnconfirmed {
                        fact: f.get_ref().slug(),
                    },
                );
            } else {
                unconfirmed.push(*f.get_ref());
            }
        }
        let documents = r.document.iter().map(|d| self.document(ctx, d)).collect();
        let questions = r.question.iter().map(|q| self.question(ctx, q)).collect();
        if r.step.len() < 3 {
            self.report(ctx, start, Problem::TooFewSteps { count: r.step.len() });
        }
        let steps = r
            .step
            .iter()
            .enumerate()
            .map(|(i, s)| self.step(ctx, i + 1, s))
            .collect();
        if !authentication.is_empty() && !r.step.iter().any(|s| s.get_ref().sensitive) {
            self.report(ctx, start, Problem::NoSensitiveStep);
        }
        let mut variants = HashSet::new();
        let mut fees = Vec::new();
        for f in &r.fee {
            if let Some(fee) = self.fee(ctx, f) {
                if !variants.insert(fee.variant.clone()) {
                    let offset = f
                        .get_ref()
                        .variant
                        .as_ref()
                        .map(|v| v.span().start)
                        .unwrap_or(f.span().start);
                    self.report(
                        ctx,
                        offset,
                        Problem::DuplicateFeeVariant {
                            variant: fee.variant.clone(),
                        },
                    );
                }
                fees.push(fee);
            }
        }
        let service = Service {
            id: id.clone(),
            entity: entity.to_string(),
            name,
            summary,
            keywords,
            categories,
            url,
            authentication,
            documents,
            questions,
            steps,
            fees,
            duration_minutes,
            result_days,
            mobile,
            unconfirmed,
        };
        let claim = self.claim(ctx, &r.id, layer, self.services.len(), Kind::Service);
        store(&mut self.services, claim, service);
    }

    fn document(&mut self, ctx: &Ctx<'_>, d: &Spanned<RawDocument>) -> RequiredDocument {
        let r = d.get_ref();
        let name = self.pt_en(ctx, d.span().start, r.pt.as_ref(), r.en.as_ref(), "document");
        RequiredDocument {
            name,
            optional: r.optional,
        }
    }

    fn question(&mut self, ctx: &Ctx<'_>, q: &Spanned<RawQuestion>) -> EligibilityQuestion {
        let start = q.span().start;
        let r = q.get_ref();
        let question = self.pt_en(ctx, start, r.pt.as_ref(), r.en.as_ref(), "question");
        let proceed_if = r.proceed_if.unwrap_or_else(|| {
            self.report(ctx, start, Problem::QuestionWithoutAnswer);
            true
        });
        let otherwise = self.text(ctx, start, r.otherwise.as_ref(), "otherwise");
        EligibilityQuestion {
            question,
            proceed_if,
            otherwise,
        }
    }

    fn step(&mut self, ctx: &Ctx<'_>, n: usize, s: &Spanned<RawStep>) -> Step {
        let start = s.span().start;
        let r: &RawStep = s.get_ref();
        let mediator = match &r.mediator {
            Some(t) => self.text(ctx, start, Some(t), "mediator"),
            None => {
                self.report(ctx, start, Problem::StepWithoutMediatorText { step: n });
                Text::default()
            }
        };
        let has_citizen_pt = r
            .citizen
            .as_ref()
            .and_then(|c| c.get_ref().pt.as_ref())
            .is_some_and(|p| !p.get_ref().trim().is_empty());
        let citizen = if has_citizen_pt {
            self.text(ctx, start, r.citizen.as_ref(), "citizen")
        } else {
            self.report(ctx, start, Problem::StepWithoutCitizenText { step: n });
            Text::default()
        };
        Step {
            mediator,
            citizen,
            sensitive: r.sensitive,
        }
    }

    fn fee(&mut self, ctx: &Ctx<'_>, f: &Spanned<RawFee>) -> Option<Fee> {
        let start = f.span().start;
        let r: &RawFee = f.get_ref();
        let variant = match &r.variant {
            Some(v) => self.slug(ctx, v),
            None => {
                self.report(
                    ctx,
                    start,
                    Problem::MissingField {
                        field: "variant".into(),
                    },
                );
                String::new()
            }
        };
        let label = self.text(ctx, start, r.label.as_ref(), "label");
        let cents = match &r.cents {
            Some(c) if *c.get_ref() < 0 => {
                self.report(ctx, c.span().start, Problem::NegativeFee { cents: *c.get_ref() });
                return None;
            }
            Some(c) => {
                if *c.get_ref() > HUGE_FEE_CENTS {
                    self.report(ctx, c.span().start, Problem::HugeFee { cents: *c.get_ref() });
                }
                *c.get_ref()
            }
            None => {
                self.report(
                    ctx,
                    start,
                    Problem::MissingField {
                        field: "cents".into(),
                    },
                );
                return None;
            }
        };
        Some(Fee {
            variant,
            label,
            amount: Money::from_cents(cents),
        })
    }
}
