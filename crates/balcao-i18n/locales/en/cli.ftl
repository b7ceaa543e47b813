# Command line (crate balcao).
cli-severity-error = error
cli-severity-warning = warning
cli-check-failed = the catalogue has { $errors ->
    [one] 1 error
   *[other] { $errors } errors
} and { $warnings ->
    [one] 1 warning
   *[other] { $warnings } warnings
}
cli-search-none = No service found for «{ $query }».
cli-search-free = free
cli-config-system-file = system file
cli-config-user-file = user file
cli-config-file-read = read
cli-config-file-missing = does not exist (defaults apply)
cli-config-origin-default = default
cli-config-origin-command-line = command line
cli-config-problems = the configuration has { $count ->
    [one] 1 problem
   *[other] { $count } problems
}; Balcão will not start until they are fixed.
cli-config-written = { $path }: { $count ->
    [one] 1 key written
   *[other] { $count } keys written
} ({ $keys }).
cli-config-nothing-written = nothing was written.
cli-audit-no-database = this database does not exist; name it with --db FILE.
cli-audit-no-key = no public key to verify with: give the one the central server registered with --public-key.
cli-audit-bad-key = the public key must be 64 hexadecimal digits.
cli-audit-key-given = Public key given: { $key }
cli-audit-key-keyring = Public key of this computer's key: { $key }
cli-audit-key-file = Public key recorded in the file itself: { $key } (proves only that the chain is consistent; for a proof, pass --public-key with the central server's)
cli-audit-ok = audit trail intact: { $count ->
    [one] 1 entry verified
   *[other] { $count } entries verified
}, head { $head }…
cli-audit-gap = entry { $seq }: entry { $expected } was expected here (an entry is missing or out of order)
cli-audit-link = entry { $seq }: does not follow entry { $prev } (one of them was changed, removed or replaced)
cli-audit-unsigned = entry { $seq }: not signed (the counter had no key when it wrote it)
cli-audit-signature = entry { $seq }: the signature does not match its contents (the entry was changed or forged)
cli-audit-record-changed = entry { $seq }: record { $record } was changed after it was written
cli-privacy-purged = Identification erased from { $attendances ->
    [one] 1 attendance
   *[other] { $attendances } attendances
} that ended more than { $days } days ago ({ $pending } with a pending service); { $quarantined ->
    [one] 1 quarantined record
   *[other] { $quarantined } quarantined records
} cleared of personal data.
