# Follow-ups of pending services (balcao-core::followup, balcao-app).
followup-due-in-past = The expected date has passed: choose today or a later day.
followup-due-too-far = The expected date is too far ahead: at most { $days } days from today.
followup-due-not-a-date = The expected date is not a date: type it as dd/mm/yyyy (for example, 14/12/2026).
followup-already-closed = This pending item was already closed.
followup-not-pending = A pending item is closed only with a final outcome: done, referred or not possible.
followup-not-found = This pending item no longer exists on this counter.
followup-due = Result expected on
followup-due-hint = (dd/mm/yyyy; proposed by the catalogue)
followup-notify = How to tell the citizen:
followup-notify-return = Comes back to the counter
followup-notify-phone = Phone
followup-notify-email = E-mail
followup-list = Pending ({ $count }{ $overdue ->
    [0] {""}
   *[other] , { $overdue } overdue
})
followup-list-none = There are no pending services.
followup-overdue = Overdue since { $date } ({ $days ->
    [one] 1 day
   *[other] { $days } days
})
followup-due-today = Expected today
followup-due-on = Expected on { $date }
followup-awaiting = Awaiting: { $what }
followup-contact = Tell by: { $how }
followup-return = The citizen came back: serve
followup-close-done = Close: done
followup-close-failed = Close: not possible
followup-return-started = Return visit started: the outcome you choose closes the pending item.
followup-closed-without-visit = closed without a new visit
