# Sync with the central server (crate balcao-sync, type SyncError and status SyncStatus).
sync-insecure-url = The central server's address ({ $url }) is not secure: it must start with https:// (http:// is accepted only for this very computer) and must not contain a user name or password. Records stay saved on this counter; ask IT support to fix the address.
sync-keyring-unavailable = The operating system's credential store is not available, so Balcão cannot keep or read this counter's key. Attendances are still saved on this computer; call IT support (on Linux, the session must have the keyring service running).
sync-not-enrolled = This counter is not enrolled with the central server yet: attendances stay saved on this computer until IT support enrolls it with an activation code.
sync-token-revoked = The central server no longer accepts this counter's key (it was revoked). Nothing is lost: records wait on this computer. Ask IT support for a new activation code and enroll the counter again.
sync-enroll-code-refused = The central server refused the activation code: it is wrong, expired or already used. Check the code or ask for a new one.
sync-spot-mismatch = The activation code is for spot { $code_spot }, but this counter is configured as { $configured }. Nothing was saved; fix the spot code in the configuration or ask for the right activation code.
sync-offline = No connection to the central server. You can keep working: records stay saved on this computer and are sent when the connection returns.
sync-server-error = The central server is having problems (error { $status }). Records stay saved on this computer and sending will be retried automatically.
sync-rate-limited = The central server asked to wait { $seconds ->
    [one] { $seconds } second
   *[other] { $seconds } seconds
} before receiving more records. Sending resumes by itself.
sync-forbidden = The central server refused this counter's requests. Records stay saved on this computer; call IT support to check the counter's enrollment.
sync-protocol = The central server answered in a way this version of Balcão does not understand. Records stay saved on this computer; if it happens again, call IT support.
sync-catalogue-signature = An update of the service catalogue was refused because its signature is not valid: it may have been altered on the way. Balcão keeps the catalogue it had.
sync-catalogue-rollback = An update of the service catalogue older than the one this counter has was refused (version { $offered }, against { $held }). Balcão keeps the current catalogue.
sync-catalogue-malformed = An update of the service catalogue that cannot be read was refused. Balcão keeps the catalogue it had; if it happens again, call IT support.
sync-catalogue-invalid = An update of the service catalogue with { $errors ->
    [one] { $errors } error
   *[other] { $errors } errors
} was refused. Balcão keeps the catalogue it had.
sync-public-key-invalid = This installation of Balcão has an invalid catalogue verification key, so it accepts no catalogue updates. Call IT support to reinstall Balcão.
sync-status-unknown = Sync: checking the connection…
sync-status-online = Sync: connected to the central server
sync-status-offline = Sync: offline (records stay saved on this computer)
sync-status-not-enrolled = Sync: counter not enrolled with the central server
sync-status-refused = Sync: the central server refuses this counter; call IT support
sync-status-waiting = { $count ->
    [0] No records waiting to be sent
    [one] { $count } record waiting to be sent
   *[other] { $count } records waiting to be sent
}
sync-status-quarantined = { $count ->
    [one] { $count } record refused by the central server (kept in quarantine; tell IT support)
   *[other] { $count } records refused by the central server (kept in quarantine; tell IT support)
}
sync-status-last-success = Last sync: { $time }
sync-status-never = No sync has happened yet
sync-status-catalogue-expired = The service catalogue (version { $version }) has been out of date since { $date }: it still works, but check fees and steps when in doubt.
sync-enroll-in-progress = Enrolling this counter with the central server…
sync-enroll-succeeded = Counter enrolled with the central server for spot { $spot }.
sync-device-revoked = This counter was deactivated by the network coordination — contact them before going on. Reason: { $reason }. Nothing is lost: the records stay on this computer.
