# Cash (EC-FI): payments, cancellations and closing.
cash-amount-negative = An amount cannot be negative.
cash-tendered-too-little = The citizen handed over { $tendered }, less than the { $due } due.
cash-terminal-ref = Give the reference on the Multibanco terminal's slip (4 to 20 letters or digits).
cash-mbway-ref = Give the MB WAY operation's reference (4 to 30 letters or digits).
cash-exempt-reason = An exemption must give its legal grounds.
cash-float-negative = The opening float cannot be negative.
cash-count-negative = A counted amount cannot be negative.
cash-difference-needs-reason = There is a difference of { $difference } (above the { $threshold } limit): give the reason before closing.
cash-cancel-reason = Give the reason for the cancellation.
cash-overflow = The amounts are too large; check what was typed.
cash-personal-data = This text goes to the agency and must not hold personal data (a NIF, phone, card number or e-mail): write the reason without them.
