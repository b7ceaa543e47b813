# Local record of attendances (crate balcao-store, type StoreError).
store-locked = Another program is using this counter's records: the last change was not saved. Nothing you typed is lost; wait a few seconds and try again. If it happens again, close the other Balcão windows on this computer.
store-disk-full = The disk is full: the attendance was not saved. Nothing you typed is lost; call IT support to free up space.
store-corrupt = The file where Balcão keeps attendances is damaged, and nothing was written to it. Do not delete or replace the file; call IT support, who can recover the attendances already saved.
store-io = Balcão could not read or write the disk: the last change was not saved. Nothing you typed is lost; try again and, if the error comes back, call IT support.
store-not-found = This attendance is not in this counter's records: nothing was changed. Go back to today's list of attendances and choose it again.
store-newer-schema = This counter's records were saved by a newer version of Balcão (data at version { $found }; this one only knows up to { $known }). So as not to damage them, this version does not open them; no attendance is lost. Call IT support to install the latest version.
store-already-open = An attendance is already in progress at this counter: end it before starting another. Nothing you typed in it is lost.
store-rule = This change breaks the attendance rules and was not saved. Nothing already saved has changed; complete what is missing and try again.
store-session-open = This counter's cash session has been open since { $opened }: close it (count and closing report) before opening another.
store-no-session = The cash session is closed: open it, with the opening float, before recording payments.
store-session-closed = This cash session is already closed: nothing can be added to it or changed in it.
store-already-cancelled = This payment was already cancelled by document { $number }.
store-immutable = Payments, cancellations and closed cash sessions are never changed or deleted: correct a mistake with a cancellation and its reason.
