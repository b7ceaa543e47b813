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
cli-audit-no-database = esta base de dados não existe; indique-a com --db FICHEIRO.
cli-audit-no-key = não há chave pública para verificar: indique a que o servidor central registou com --public-key.
cli-audit-bad-key = a chave pública deve ter 64 dígitos hexadecimais.
cli-audit-key-given = Chave pública indicada: { $key }
cli-audit-key-keyring = Chave pública da chave deste computador: { $key }
cli-audit-key-file = Chave pública registada no próprio ficheiro: { $key } (prova só a coerência da cadeia; para uma prova, use --public-key com a chave do servidor central)
cli-audit-ok = registo de auditoria íntegro: { $count ->
    [one] 1 entrada verificada
   *[other] { $count } entradas verificadas
}, topo { $head }…
cli-audit-gap = entrada { $seq }: esperava-se aqui a entrada { $expected } (falta uma entrada ou estão fora de ordem)
cli-audit-link = entrada { $seq }: não segue a entrada { $prev } (uma delas foi alterada, apagada ou substituída)
cli-audit-unsigned = entrada { $seq }: não está assinada (o posto não tinha chave quando a escreveu)
cli-audit-signature = entrada { $seq }: a assinatura não corresponde ao conteúdo (a entrada foi alterada ou forjada)
cli-audit-record-changed = entrada { $seq }: o registo { $record } foi alterado depois de escrito
cli-privacy-purged = Identificação apagada em { $attendances ->
    [one] 1 atendimento
   *[other] { $attendances } atendimentos
} terminados há mais de { $days } dias ({ $pending } com um serviço pendente); { $quarantined ->
    [one] 1 registo em quarentena limpo
   *[other] { $quarantined } registos em quarentena limpos
} de dados pessoais.
