# The coordination's dashboard (balcao-central, /painel): titles, columns, facts and errors.

dash-title-overview = Overview
dash-nav-overview = Overview
dash-period = From { $from } to { $to }

dash-section-summary = Summary
dash-section-per-period = Attendances over time
dash-section-outcomes = Service outcomes
dash-section-entities = By entity
dash-section-services = By service
dash-section-spots = By Citizen Spot
dash-section-survey = Citizens' rating
dash-section-hours = Busiest hours
dash-section-till = Till by entity
dash-section-mediators = Mediators
dash-section-counters = Counters
dash-section-alerts = Audit trail alerts

dash-caption-per-day = Per day
dash-caption-per-week = Per week (from Monday)
dash-caption-per-month = Per month
dash-caption-outcomes = Services by outcome
dash-caption-entities = Services by entity
dash-caption-services = Services: count, outcome and time against the catalogue's expected time
dash-caption-spots = Attendances and rating by Citizen Spot
dash-caption-survey = Survey answers
dash-caption-hours = Attendances by starting hour (the Spot's local time)
dash-caption-till = Payments by entity (cancelled ones excluded)
dash-caption-mediators = Attendances and rating by mediator
dash-caption-counters = This Spot's counters: last contact, versions
dash-caption-alerts = Latest audit trail alerts

dash-chart-entities = Services by entity
dash-chart-services = The 12 most provided services
dash-chart-spots = The 12 busiest Spots
dash-chart-alone = Do you feel able to do it alone next time?

dash-col-day = Day
dash-col-week = Week
dash-col-month = Month
dash-col-attendances = Attendances
dash-col-lines = Services
dash-col-concluded = Completed
dash-col-concluded-share = Completed (%)
dash-col-minutes = Average duration (min)
dash-col-expected = Expected (min)
dash-col-ratio = Actual ÷ expected
dash-col-entity = Entity
dash-col-service = Service
dash-col-spot = Citizen Spot
dash-col-outcome = Outcome
dash-col-share = Share
dash-col-question = Question
dash-col-answer = Answer
dash-col-answers = Answers
dash-col-satisfaction = Average satisfaction (1–5)
dash-col-hour = Hour
dash-col-payments = Payments
dash-col-euros = Total (€)
dash-col-mediator = Mediator
dash-col-counter = Counter
dash-col-last-contact = Last contact
dash-col-hours-since = Hours without contact
dash-col-app-version = Balcão version
dash-col-catalogue-sequence = Catalogue no.
dash-col-catalogue-version = Catalogue version
dash-col-state = State
dash-col-when = When
dash-col-kind = Kind
dash-col-detail = Detail

dash-outcome-concluido = Completed
dash-outcome-pendente = Pending
dash-outcome-encaminhado = Referred
dash-outcome-nao-foi-possivel = Not possible
dash-outcome-none = No outcome recorded

dash-survey-done = Was the matter dealt with?
dash-survey-done-yes = Yes
dash-survey-done-partly = Partly
dash-survey-done-no = No
dash-survey-alone = Able to do it alone?
dash-survey-alone-yes = Yes
dash-survey-alone-unsure = Not sure
dash-survey-alone-no = No

dash-fact-attendances = Attendances
dash-fact-average-minutes = Average duration
dash-fact-lines = Services provided
dash-fact-concluded = Services completed
dash-fact-answers = Survey answers
dash-fact-satisfaction = Average satisfaction
dash-fact-alone = Able to do it alone
dash-fact-host-entity = Host entity
dash-fact-time-zone = Time zone
dash-fact-refused = Records refused by the server
dash-fact-alerts = Audit alerts

dash-state-active = Active
dash-state-revoked = Revoked

dash-note-hours-all-services = Hours count every attendance, whatever its services.

dash-error-date = The filter “{ $name }” is not a valid date (yyyy-mm-dd): “{ $value }”.
dash-error-range-backwards = The start date is after the end date. Swap them and filter again.
dash-error-range-too-long = The period may be at most { $days } days long. Choose a shorter period.
dash-error-unknown-filter = This page has no parameter “{ $name }”. Use the filter form.
dash-error-unknown-value = “{ $value }” does not exist for the filter “{ $name }”.
dash-error-not-found = “{ $value }” does not exist. Go back to the overview and pick from the list.
dash-error-spot-scope = The Spot “{ $spot }” does not belong to your entity: you cannot see its data.
dash-error-csrf = The form expired or did not come from this page. Reload the page and try again.
dash-error-form-too-large = The form sent is too large.
dash-error-too-many = Too many requests in a row. Wait a little and try again.
dash-error-unavailable = The server is temporarily unavailable. Try again in a moment.
dash-error-internal = The server had an error. Try again; if it persists, contact support.
