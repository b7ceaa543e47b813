# Start-of-day check (crate balcao-daycheck): the counter's equipment, line by line.
# Nothing here stops the mediator working: each failure says what to do.
daycheck-title-citizen-monitor = Second monitor
daycheck-title-printer = Printer
daycheck-title-card-reader = Card reader
daycheck-title-portals = Service portals
daycheck-title-central = Central server
daycheck-title-disk = Disk space
daycheck-title-clock = Clock
daycheck-call-support-action = Call your organisation's IT support. Meanwhile, you can keep attending citizens.
daycheck-monitor-unknown = Could not tell how many monitors are connected.
daycheck-monitor-missing = Only one monitor is connected: the citizen cannot see their screen.
daycheck-monitor-missing-action = Connect the second monitor and restart Balcão.
daycheck-monitor-misplaced = The citizen window is not on the second monitor.
daycheck-monitor-misplaced-action = Drag the citizen window to the monitor facing the citizen, or restart Balcão with both monitors connected.
daycheck-monitor-ok = { $count } monitors connected; the citizen window is on its own monitor.
daycheck-printer-ok = The printer { $name } is ready.
daycheck-printer-busy = The printer { $name } has { $jobs ->
    [one] { $jobs } job
   *[other] { $jobs } jobs
} waiting to print.
daycheck-printer-busy-action = If nothing is coming out, check that the printer has paper and that no sheet is stuck. If the jobs stay stuck, call IT support.
daycheck-printer-stopped = The printer { $name } has stopped: it may be switched off, out of paper, jammed or paused.
daycheck-printer-stopped-action = Switch the printer on and check that it has paper and that no sheet is stuck. If it stays stopped, call IT support.
daycheck-printer-missing = The printer { $name } was not found on this computer.
daycheck-printer-missing-action = Plug the printer into the power and into the computer (USB or network cable) and switch it on. If it still does not appear, call IT support.
daycheck-printer-no-default = No printer is set up on this computer.
daycheck-printer-no-spooler = This computer's printing service is not working.
daycheck-printer-not-checked = The printer is not checked on this computer.
daycheck-reader-ok = Card reader connected ({ $name }).
daycheck-reader-absent = No card reader is connected: the Citizen Card cannot be used.
daycheck-reader-absent-action = Plug the card reader into a USB port of the computer. If it is already plugged in, try another port.
daycheck-reader-unknown = Could not check the card reader.
daycheck-reader-not-checked = The card reader is not checked on this computer.
daycheck-portals-none = There are no portals to check.
daycheck-portals-ok = { $total ->
    [one] The service portal answers.
   *[other] All { $total } service portals answer.
}
daycheck-portals-some-down = { $failed } of { $total } portals { $failed ->
    [one] does not answer
   *[other] do not answer
}: { $hosts }.
daycheck-portals-some-down-action = The services on these portals may not work for now: try again later. If it goes on, call IT support.
daycheck-portals-most-down = Most portals do not answer ({ $failed } of { $total }: { $hosts }). There is probably no Internet connection.
daycheck-portals-most-down-action = Check that the network cable is plugged in or that Wi-Fi is on, and try opening a well-known website. If the Internet works, call IT support.
daycheck-central-not-enrolled = Demo mode: this counter is not enrolled with the central server, so nothing is synced.
daycheck-central-unreachable = No connection to the central server. You can work normally: records stay saved on this computer.
daycheck-central-unreachable-action = Check the Internet connection. If it stays offline, call IT support.
daycheck-central-sync-old = The last sync with the central server was { $days ->
    [one] more than a day
   *[other] { $days } days
} ago.
daycheck-central-sync-old-action = Leave Balcão open and connected to the Internet so the records are sent. If they are not, call IT support.
daycheck-central-never-synced = This counter has never synced with the central server yet.
daycheck-central-backlog = { $count } records are waiting to be sent to the central server.
daycheck-central-ok = Connected to the central server; { $count ->
    [0] no records waiting to be sent.
    [one] { $count } record waiting to be sent.
   *[other] { $count } records waiting to be sent.
}
daycheck-disk-unknown = Could not measure the free disk space.
daycheck-disk-low = The disk is nearly full: { $free_mb } MB free.
daycheck-disk-low-action = Call IT support to free disk space: Balcão needs it to save the attendances.
daycheck-disk-ok = Enough disk space ({ $free_gb } GB free).
daycheck-clock-not-checked = The clock was not compared with the central server's.
daycheck-clock-ok = The computer's clock is right.
daycheck-clock-behind = The computer's clock is { $minutes ->
    [0] { $seconds } seconds
    [one] { $minutes } minute
   *[other] { $minutes } minutes
} slow.
daycheck-clock-ahead = The computer's clock is { $minutes ->
    [0] { $seconds } seconds
    [one] { $minutes } minute
   *[other] { $minutes } minutes
} fast.
daycheck-clock-action = Set the computer's date and time, or ask IT support: the times of attendances and receipts depend on them.
