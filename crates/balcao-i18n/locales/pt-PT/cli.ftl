# Linha de comandos (crate balcao).
cli-severity-error = erro
cli-severity-warning = aviso
cli-check-failed = o catálogo tem { $errors ->
    [one] 1 erro
   *[other] { $errors } erros
} e { $warnings ->
    [one] 1 aviso
   *[other] { $warnings } avisos
}
cli-search-none = Nenhum serviço encontrado para «{ $query }».
cli-search-free = gratuito
