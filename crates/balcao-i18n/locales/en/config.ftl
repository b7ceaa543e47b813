# Configuration (crate balcao-config): problems in configuration files and on the command line.
config-unreadable = the file could not be read ({ $detail }); check that it exists, that it is a file and that this user may read it.
config-not-utf8 = the file is not UTF-8; save it again with UTF-8 encoding (in Notepad: "Save as" → Encoding: UTF-8).
config-syntax = TOML syntax error: { $detail }. Each line must read key = "value".
config-unknown-key = unknown key "{ $key }". Allowed keys: { $known }.
config-unknown-key-suggest = unknown key "{ $key }"; did you mean "{ $suggestion }"? Allowed keys: { $known }.
config-wrong-type = the key "{ $key }" takes { $expected ->
    [text] a quoted text (for example "EC-0420")
    [integer] a whole number without quotes (for example 120)
    [list] a list of texts (for example ["Monday to Friday: 9:00–17:00"])
    [boolean] true or false, without quotes
   *[other] a monitor number (0, 1, …) or a quoted monitor name ("HDMI-1")
}, but has { $found ->
    [string] a text
    [integer] a whole number
    [float] a decimal number
    [boolean] a true/false value
    [datetime] a date
    [array] a list
    [table] a section
   *[other] { $found }
}.
config-invalid = the value of "{ $key }" is not allowed.
config-bad-assignment = "{ $argument }" is not of the form KEY=VALUE. Allowed keys: { $known }.
config-rule-spot-code = "{ $key }": the spot code has 1 to 32 capital letters, digits and hyphens, not starting with a hyphen (for example "EC-0420").
config-rule-name = "{ $key }": must be a non-empty text of at most { $max } characters, with no control characters.
config-rule-counter = "{ $key }": the counter is named with 1 to 16 letters, digits or hyphens (for example "2" or "2B"), with no spaces or accents.
config-rule-opening-hours = "{ $key }": at most 7 lines, each one non-empty and at most 120 characters long.
config-rule-central-url = "{ $key }": the central server's address must start with https:// (http:// is accepted only for this computer: localhost, 127.0.0.1 or [::1]) and may not contain a user name or password.
config-rule-citizen-monitor = "{ $key }": give the monitor's number (0 to 15) or its quoted name, at most 64 characters (for example "HDMI-1").
config-rule-lang = "{ $key }": the allowed languages are "pt" (or "pt-PT") and "en".
config-rule-survey-url = "{ $key }": must be an https:// address containing {"{"}token{"}"} where the survey token goes.
config-rule-absolute-path = "{ $key }": give a full path (for example "/var/lib/balcao" or "D:\Balcao\data"), not a relative one.
config-rule-end-screen-seconds = "{ $key }": a whole number of seconds from 10 to 3600.
config-rule-lock-after-minutes = "{ $key }": a whole number of minutes from 1 to 60.
config-rule-printer = "{ $key }": a printer name as the system knows it (letters, digits, "-", "_" or ".", no spaces), or "" for the default printer.
config-rule-receipt-paper = "{ $key }": the allowed papers are "a4" (A4 sheets, the default) and "80mm" (an 80 mm thermal roll).
config-rule-time-zone = "{ $key }": a time zone name: "Europe/Lisbon" (mainland), "Atlantic/Madeira" or "Atlantic/Azores".
config-rule-retention-days = "{ $key }": a whole number of days from 1 to 3650.
config-rule-retention-days-pending = "{ $key }": a whole number of days from 1 to 3650.
config-rule-log-level = "{ $key }": the allowed levels are "error", "warn", "info", "debug" and "trace".
config-rule-cash-limit = "{ $key }": a whole number of cents from 0 to 100000 (for example 100 for 1,00 €).
config-rule-mirror-allow = "{ $key }": a list of 1 to 20 program names (for example ["firefox", "chromium", "msedge.exe"]), each of 1 to 64 lowercase letters, digits, ".", "-" or "_".
config-rule-mirror-max-fps = "{ $key }": a whole number of pictures a second from 1 to 30.
config-rule-browser = "{ $key }": "auto", "firefox", "chromium", "chrome", "edge" or the full path of the browser (for example "/usr/bin/firefox-esr").
config-rule-dock-width = "{ $key }": a whole number of pixels from 280 to 1200.
