# The receipt and the closing report as PDF (crate balcao-pdf). WinAnsi characters only.

## Receipt and cancellation
pdf-receipt-title = Receipt
pdf-cancellation-title = Receipt cancellation
pdf-number = No. { $number }
pdf-copy-mark = COPY — REPRINT
pdf-training-mark = NO VALUE — TRAINING
pdf-receipt-footer = Receipt no. { $number }
pdf-cancellation-footer = Cancellation no. { $number }
pdf-page = Page { $page } of { $pages }
pdf-label-spot = Citizen Spot
pdf-label-host = Host entity
pdf-label-counter = Counter
pdf-label-mediator = Mediator
pdf-label-issued = Date and time
pdf-label-attendance = Attendance
pdf-label-entity = Collected on behalf of
pdf-label-service = Service
pdf-label-variant = Option
pdf-label-amount = Amount paid
pdf-label-amount-cancelled = Amount cancelled
pdf-label-method = Payment method
pdf-label-tendered = Amount tendered
pdf-label-change = Change
pdf-label-terminal-ref = Terminal reference
pdf-label-mbway-ref = MB WAY reference
pdf-label-exempt-reason = Grounds for exemption
pdf-label-cancels = Cancels receipt no. { $original }
pdf-label-cancel-reason = Reason for cancellation
pdf-receipt-note = Amount collected by the Citizen Spot on behalf of the entity shown. Keep this receipt as proof of payment.
pdf-cancellation-note = This document cancels receipt no. { $original }, which no longer proves payment.

## Payment methods
pdf-method-cash = Cash
pdf-method-card = Bank card (Multibanco terminal)
pdf-method-mbway = MB WAY
pdf-method-exempt = Exempt from payment
pdf-method-short-cash = Cash
pdf-method-short-card = Card
pdf-method-short-mbway = MB WAY
pdf-method-short-exempt = Exempt

## Closing report
pdf-closing-title = Cash-closing report
pdf-closing-immutable = Closing report no. { $number } — final document, not editable.
pdf-closing-running = Closing report no. { $number }
pdf-closing-counter = Counter { $counter }
pdf-label-opened = Opened
pdf-label-closed = Closed
pdf-label-float = Opening float
pdf-continued = { $section } (continued)
pdf-section-methods = Check by payment method
pdf-col-method = Method
pdf-col-expected = Expected
pdf-col-counted = Counted
pdf-col-difference = Difference
pdf-total = Total
pdf-label-difference-reason = Reason for the difference
pdf-reason-missing = not given
pdf-no-difference = No difference between the expected and the counted amounts.
pdf-section-entities = Amounts collected on behalf of each entity
pdf-entities-note = Figures to reconcile with the host entity and with each entity.
pdf-col-entity = Entity
pdf-col-payments = Payments
pdf-col-total = Total
pdf-grand-total = Total collected
pdf-section-payments = Payments of the day ({ $count })
pdf-no-payments = There were no payments.
pdf-col-number = No.
pdf-col-time = Time
pdf-col-entity-service = Entity and service
pdf-col-amount = Amount
pdf-cancelled-mark = CANCELLED
pdf-section-cancellations = Cancellations ({ $count })
pdf-no-cancellations = There were no cancellations.
pdf-col-cancels = Cancels receipt
pdf-col-reason = Reason
pdf-signature = Signature — { $mediator }

# The copy of a citizen's data (RGPD, right of access).
pdf-access-title = Your personal data
pdf-access-query = Request of the data subject
pdf-access-by = Handed over by
pdf-access-intro = This is a copy of everything this Espaço Cidadão holds about you. The data stays only on this counter, encrypted, and is erased { $days } days after each attendance ({ $pending } days if a service was left pending). The Agency for Administrative Modernisation receives only the record of the services provided, without your name, NIF, card number, phone, e-mail or notes. You may ask for it to be erased now.
pdf-access-none = This counter holds no data about you.
pdf-access-attendance = Attendance { $n } — { $when }
pdf-access-notes = Notes
pdf-access-footer = Copy of personal data handed to the data subject (GDPR, article 15)
pdf-access-name = Name
pdf-access-nif = Tax number (NIF)
pdf-access-cc = Citizen Card number
pdf-access-phone = Phone
pdf-access-email = E-mail
