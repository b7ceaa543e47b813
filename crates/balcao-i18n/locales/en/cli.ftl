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
