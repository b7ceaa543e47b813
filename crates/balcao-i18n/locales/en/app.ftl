# Mediator window and citizen screen (crate balcao-app).
app-status-identity = Spot { $spot } · Counter { $counter } · Mediator: { $mediator }
app-sync-not-configured = Sync: not configured (records kept on this computer)
app-switch-language = Switch the language of both windows (for a foreign citizen)
app-dismiss = Close
app-search-label = Find a service
app-search-hint = What does the citizen need? For example «change address card» ({ $shortcut })
app-add-first = + { $name } (Enter)
app-add = + { $name }
app-new-attendance = New attendance ({ $shortcut })
app-next-citizen = Next citizen (clear the citizen screen)
app-today = Today's attendances
app-today-none = No attendances yet today.
app-services = Services in this attendance:
app-identification = Citizen identification (optional)
app-field-name = Name
app-field-nif = Tax number (NIF)
app-field-cc = Citizen Card number
app-field-phone = Phone
app-field-email = E-mail
app-consent-note = Tell the citizen these data stay only on this counter, encrypted, and are erased { $days } days after the attendance; the agency does not receive them. They may ask to see or erase them at an Espaço Cidadão.
app-consent = The citizen agreed to give these data
app-save-citizen = Save identification
app-open-service = Open service ({ $shortcut })
app-questions = Before starting, ask:
app-if-no = If not:
app-if-yes = If yes:
app-documents = Required documents:
app-optional = only in some cases
app-step = Guide: step { $step } of { $count }
app-citizen-sees = The citizen reads: «{ $text }»
app-sensitive-step = Confidential step: turn the keyboard to the citizen and do not look.
app-prev-step = Previous step ({ $shortcut })
app-next-step = Next step ({ $shortcut })
app-outcome = Outcome of this service
app-outcome-current = Recorded outcome: { $outcome }
app-outcome-awaiting = What is pending?
app-outcome-to = Which entity was the citizen referred to?
app-outcome-reason = Why could it not be done?
app-outcome-entity = Entity of the catalogue
app-outcome-entity-none = (another, typed below)
app-outcome-private = The citizen does not see this text: their screen shows a plain sentence (or the name of the entity chosen).
app-set-outcome = Record outcome
app-notes = Mediator's notes (not shown on the citizen screen)
app-confidential = Confidential code (never saved nor shown to the citizen)
app-end-attendance = End attendance ({ $shortcut })
app-open-url-failed = Could not open { $url } in the browser ({ $detail }). Type the address in the browser.
app-fix-fields = Fix the fields marked in red; nothing you typed was lost.
app-consent-needed = To save the identification, confirm the citizen agreed to give these data.
app-citizen-saved = Identification saved.
app-restored = The attendance that was open has been reopened where it was.
outcome-concluido = Completed
outcome-pendente = Pending
outcome-encaminhado = Referred
outcome-nao-foi-possivel = Could not be done
outcome-none = No outcome
citizen-welcome-title = Welcome to { $spot }
citizen-started-title = Welcome
citizen-started-body = The mediator will help you. On this screen you can follow everything done on your behalf.
citizen-progress = Step { $step } of { $count }
citizen-private-step = This step is yours alone: nobody at the counter sees or keeps what you type.
citizen-fee = Cost: { $amount }
citizen-fee-free = This service is free.
citizen-fee-variants = Cost, depending on the option: { $list }
citizen-outcome-pendente = Pending: the result comes later; the mediator explains how you will hear of it.
citizen-outcome-encaminhado = Referred to: { $detail }
citizen-outcome-encaminhado-other = Referred to another body; the mediator tells you which.
citizen-outcome-nao-foi-possivel = This service could not be done today; the mediator explains why.
citizen-finished-title = We are done. Thank you for your visit.
citizen-finished-alone = Next time you can do it yourself at:
citizen-finished-survey = Tell us what you think:
app-cannot-start = Balcão cannot start
app-close = Close
app-config-invalid = This counter's configuration has errors, so Balcão will not start. Ask IT support to fix them; the command "balcao config check" lists them.

# Cash (EC-FI) at the counter.
app-cash = Cash
app-cash-float = Opening float (€)
app-cash-open = Open the cash session
app-cash-open-since = Cash session open since { $opened }.
app-cash-stale-since = The cash session was left open since { $opened }: close it (count and report) before recording new payments.
app-cash-status-open = Cash open since { $opened } · { $count } payments
app-cash-status-closed = Cash closed
app-cash-cancel-reason = Reason for cancelling
app-cash-reason-hint = no personal data: this text goes to the agency
app-cash-cancel = Cancel { $number }
app-cash-reprint = Reprint { $number } (copy)
app-cash-cancelled-by = cancelled by { $number }
app-cash-closing = Cash closing
app-cash-counted = Counted in { $method } (expected { $expected })
app-cash-difference = Difference (counted − expected): { $difference }
app-cash-difference-reason = Reason for the difference
app-cash-close = Close the cash session and print the report
app-cash-closed = Cash session closed: report { $number } saved in { $path }.
app-cash-payment = Payment
app-cash-paid = paid
app-cash-due = To pay: { $amount }
app-cash-method-cash = Cash
app-cash-method-card = Multibanco card
app-cash-method-mb-way = MB WAY
app-cash-method-exempt = Exempt
app-cash-tendered = Amount handed over by the citizen (€)
app-cash-change = Change: { $amount }
app-cash-terminal-ref = Terminal slip reference
app-cash-mbway-ref = MB WAY reference
app-cash-exempt-reason = Legal grounds for the exemption
app-cash-record = Record the payment and print the receipt
app-cash-not-an-amount = "{ $text }" is not an amount in euros (write, for example, 12,50).
app-cash-stale = The cash session has been open since another day: close it before recording new payments.
app-cash-free-service = This service is free: there is nothing to pay.
app-cash-choose-method = Choose how the citizen pays: cash, Multibanco, MB WAY or exempt.
app-cash-document-not-written = The record was saved, but the document { $path } could not be written ({ $detail }). Call IT support; you can reprint it later.
app-cash-not-printed = The record was saved and the document kept in { $path }, but it was not sent to the printer ({ $detail }). You can reprint it later.
citizen-paid-cash = Paid: { $amount } in cash · change { $change }
citizen-paid-card = Paid: { $amount } by Multibanco card
citizen-paid-mbway = Paid: { $amount } with MB WAY
citizen-paid-exempt = Exempt from payment
citizen-paid-cancelled = Payment of { $amount } cancelled

# Sync on the mediator's screen.
app-sync = Central server
app-sync-url = Central server address
app-sync-code = Activation code
app-sync-enroll = Enroll this counter
app-sync-now = Sync now
app-sync-quarantine = Records refused by the central server (quarantine: never deleted; tell IT support)
citizen-welcome-examples = What you can do here, for example:
citizen-welcome-adse = Hand in ADSE documents and claim refunds
citizen-welcome-driving-licence = Renew your driving licence or ask for a replacement
citizen-welcome-criminal-record = Ask for a criminal record certificate
citizen-welcome-cc-address = Change the address on your Citizen Card
citizen-welcome-health-card = Ask for the European Health Insurance Card
citizen-welcome-social-security = Deal with Social Security matters
citizen-welcome-more = And much more: { $services } services from { $entities } public bodies, always with the mediator's help.
citizen-mirror-title = Screen paused
citizen-mirror-paused-sensitive = This step is yours alone: the screen is paused while you type your code. Nobody at the counter sees it.
citizen-mirror-paused-manual = The mediator paused the screen for a moment. You will soon see everything being done again.
citizen-mirror-paused-minimized = The screen is paused while the browser is closed or minimised.
citizen-mirror-waiting = Soon you will see here the website where the mediator handles your request.
citizen-mirror-unsupported = This computer cannot show the website live; follow the steps here.
app-mirror-sees-live = The citizen sees: the browser, live
app-mirror-sees-paused = The citizen sees: screen paused
app-mirror-sees-waiting = The citizen sees: the step only (waiting for the browser)
app-mirror-sees-not-allowed = The citizen sees: the step only (the active window is not a browser)
app-mirror-sees-unsupported = The citizen sees: the step only (Wayland session)
app-mirror-sees-off = The citizen sees: the step only (mirror turned off in the configuration)
app-mirror-sees-guide = The citizen sees: the attendance guide
app-mirror-pause = Pause the citizen screen ({ $shortcut })
app-mirror-resume = Resume the citizen screen ({ $shortcut })
app-mirror-wayland = The browser mirror needs an X11 session and this session is Wayland: the citizen sees the steps only. To turn it on, log out and choose "GNOME on Xorg" (or similar) on the login screen.
app-browser-failed = The browser could not be opened ({ $detail }). Open { $url } by hand.
app-browser-closed = This attendance's browser was closed and its data deleted.
app-downloads = Documents downloaded in this attendance
app-downloads-print = Print
app-downloads-printed = printed
app-downloads-where = They are in { $path } (to hand over on a USB stick or attach to an e-mail). They are deleted when the attendance ends.
app-downloads-end-warning = { $count ->
    [one] One downloaded document has not been printed yet: ending the attendance deletes it with everything the browser kept. Print it or hand it over first, or press «End attendance» again to end anyway.
   *[other] { $count } downloaded documents have not been printed yet: ending the attendance deletes them with everything the browser kept. Print them or hand them over first, or press «End attendance» again to end anyway.
}
app-print-failed = The document was not sent to the printer ({ $detail }). Open it from the folder shown and print it from there.
app-demo-key-enrolled = This Balcão was installed from a demo package (it trusts the public demo catalogue key, which anyone can use) but is enrolled with a real central server. For safety it does not start. Ask IT support for AMA's official package and install it; the records on this computer are kept.
login-title = Log in to Balcão
login-locked-title = { $name }'s session is locked
login-login = User
login-password = Password (or PIN, to reopen your own session)
login-enter = Log in
login-checking = Checking…
login-wrong = Wrong user or password.
login-wait = Too many failed tries: wait { $seconds } s before trying again.
login-locked-out = Account locked after 10 failed tries. A supervisor (or the coordination) must unlock it.
login-not-activated = This account is not activated yet: use "First login" with the activation code you were given.
login-disabled = This account was disabled by the coordination. Contact them.
login-locked-by = This session is { $name }'s: only they, or a supervisor, can reopen it.
login-first-time = First login (activate the account)
login-first-time-help = Type your user above, the activation code the coordination gave you and the password you choose (at least 8 characters; a sentence will do).
login-code = Activation code
login-new-password = New password
login-repeat = Repeat the new password
login-activate = Activate the account
login-activated = Account activated. Log in now with the new password.
login-code-wrong = The activation code is wrong or expired. Ask the coordination for a new one.
login-repeat-differs = The two passwords are not the same.
login-password-short = The password must have at least 8 characters.
login-password-long = The password cannot have more than 128 characters.
login-password-common = That password is one of the most used and easy to guess. Choose another.
login-password-personal = The password cannot be your user or your name.
login-pin-bad = The PIN must have 4 to 8 digits, not all the same nor in a run.
login-who = { $name } ({ $role })
login-lock = Lock ({ $shortcut })
login-logout = Log out
login-logout-open = An attendance is open: end it before logging out, or lock the session.
login-needed = Log in with your user first.
login-not-allowed = Your role does not allow this action.
login-difference-supervisor = Closing the till with a difference is a supervisor's decision: ask them to log in.
app-print-refused = The printer refused { $path } ({ $detail }). The document is kept in that folder.
app-print-again = Print again
app-save-pdf = Save PDF
app-pdf-saved = Copy saved as { $path }: print it on another printer or take it on a USB stick.
app-save-pdf-failed = The copy could not be saved as { $path } ({ $detail }).
login-locked-list = Accounts locked out on this counter
login-unlock = Unlock { $name }
app-sync-enroll-tecnico = This counter is not yet enrolled with the central server. Enrolment is done by a technician: ask them to log in.
role-mediador = mediator
role-supervisor = supervisor
role-tecnico = technician
login-pin = PIN to unlock your own session (optional, 4 to 8 digits)
app-cash-opened-by = { $when }, by { $name }

# The citizen's rights panel (RGPD requests, supervisors).
rights-title = Data subject's rights (GDPR)
rights-help = When a citizen asks to see or erase the data this counter holds about them.
rights-query = NIF or Citizen Card number
rights-find = Find
rights-bad-query = Type a NIF (9 digits) or a Citizen Card number (for example 12345678 9 ZZ1).
rights-none = This counter holds no data of { $key }.
rights-found = { $key }: { $count ->
    [one] 1 attendance
   *[other] { $count } attendances
} with personal data.
rights-print = Print a copy for the citizen
rights-erase = Erase these data
rights-erase-confirm = Confirm: erase the data of { $count ->
    [one] 1 attendance
   *[other] { $count } attendances
}
rights-search-first = First find the citizen by NIF or Citizen Card number.
rights-copy-printed = Copy printed ({ $count ->
    [one] 1 attendance
   *[other] { $count } attendances
}); the handover is recorded in the audit trail.
rights-copy-failed = The copy was not printed: { $detail }
rights-erased = Personal data erased from { $count ->
    [one] 1 attendance
   *[other] { $count } attendances
}; the erasure is recorded in the audit trail.
rights-erased-open = { $count ->
    [one] The attendance in progress was not erased: end it and erase again.
   *[other] { $count } attendances in progress were not erased: end them and erase again.
}

# Training mode.
training-band = TRAINING — nothing you do here counts: records, receipts and statistics are for practice
training-band-citizen = TRAINING — this is practice, not a real attendance
training-exercises = Guided exercises
training-exercises-help = The services most requested at the Espaços do Cidadão, with a fictitious citizen: identify her, follow the guide, take the fee and end.
training-exercise = Exercise { $n }: { $service }
training-start = Start training (the app restarts)
training-stop = Leave training (the app restarts)

# The checklist on the mediator's screen (balcao-app).
daycheck-summary-ok = Equipment checked on { $when }: everything is ready.
daycheck-summary-warn = Equipment checked on { $when }: there are warnings.
daycheck-summary-fail = Equipment checked on { $when }: there are problems.
daycheck-run = Check equipment
daycheck-running = Checking the equipment… You can keep working.
daycheck-show = Show
daycheck-hide = Hide
daycheck-banner = { $count ->
    [one] The equipment check found a problem. See what to do in the list on the home screen; you can keep serving.
   *[other] The equipment check found { $count } problems. See what to do in the list on the home screen; you can keep serving.
}
# A catalogue published by the central, used without restarting the app.
app-catalogue-updated = Service catalogue updated to version { $version }.
app-catalogue-pending = A new version of the service catalogue has arrived ({ $version }): it will be used from the next attendance; this one keeps the version it started with.
app-catalogue-service-gone = This service is no longer in the new version of the catalogue, which is now in use. Search for it again.
app-catalogue-in-use = Service catalogue in use: version { $version }
