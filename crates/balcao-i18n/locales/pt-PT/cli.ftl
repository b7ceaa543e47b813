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
cli-config-system-file = ficheiro de sistema
cli-config-user-file = ficheiro do utilizador
cli-config-file-read = lido
cli-config-file-missing = não existe (usam-se as predefinições)
cli-config-origin-default = predefinição
cli-config-origin-command-line = linha de comandos
cli-config-problems = a configuração tem { $count ->
    [one] 1 problema
   *[other] { $count } problemas
}; o Balcão não arranca enquanto não forem corrigidos.
cli-config-written = { $path }: { $count ->
    [one] 1 chave escrita
   *[other] { $count } chaves escritas
} ({ $keys }).
cli-config-nothing-written = nada foi escrito.
