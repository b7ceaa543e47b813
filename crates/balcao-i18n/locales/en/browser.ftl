# The browser of each attendance (crate balcao-browser).
browser-choice-unknown = unknown browser "{ $given }"; the allowed ones are: { $allowed }.
browser-attendance-id = the attendance number cannot be used as a folder name.
browser-url = the service's address is empty or not valid.
browser-io = the browser folder of this attendance could not be prepared; check the free space and the data folder's permissions.
browser-spawn = { $browser } could not be started; check that it is installed.
browser-reuse-unsupported = this attendance's { $browser } is already open and cannot take another address: type the address in the browser's bar.
browser-not-running = this attendance's browser has already been closed.
browser-still-running = the previous attendance's browser did not close; close it before going on.
