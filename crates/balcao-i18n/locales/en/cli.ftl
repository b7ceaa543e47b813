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
