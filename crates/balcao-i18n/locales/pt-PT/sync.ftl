# Sincronização com o servidor central (crate balcao-sync, tipo SyncError e estado SyncStatus).
sync-insecure-url = O endereço do servidor central ({ $url }) não é seguro: tem de começar por https:// (http:// só é aceite para este próprio computador) e não pode conter nome de utilizador nem palavra-passe. Os registos continuam guardados neste balcão; peça ao apoio informático que corrija o endereço.
sync-keyring-unavailable = O cofre de credenciais do sistema operativo não está disponível, por isso o Balcão não consegue guardar nem ler a chave deste balcão. Os atendimentos continuam a ser gravados neste computador; chame o apoio informático (no Linux, a sessão tem de ter o serviço de chaves ativo).
sync-not-enrolled = Este balcão ainda não está registado no servidor central: os atendimentos ficam guardados neste computador até o apoio informático o registar com um código de ativação.
sync-token-revoked = O servidor central deixou de aceitar a chave deste balcão (foi revogada). Nada se perdeu: os registos ficam à espera neste computador. Peça ao apoio informático um novo código de ativação e registe o balcão de novo.
sync-enroll-code-refused = O servidor central recusou o código de ativação: está errado, expirou ou já foi usado. Confirme o código ou peça um novo.
sync-spot-mismatch = O código de ativação é do espaço { $code_spot }, mas este balcão está configurado como { $configured }. Nada foi guardado; corrija o código do espaço na configuração ou peça o código de ativação certo.
sync-offline = Sem ligação ao servidor central. Pode continuar a trabalhar: os registos ficam guardados neste computador e são enviados quando a ligação voltar.
sync-server-error = O servidor central está com problemas (erro { $status }). Os registos ficam guardados neste computador e o envio será tentado de novo automaticamente.
sync-rate-limited = O servidor central pediu para esperar { $seconds ->
    [one] { $seconds } segundo
   *[other] { $seconds } segundos
} antes de receber mais registos. O envio continua sozinho.
sync-forbidden = O servidor central recusou os pedidos deste balcão. Os registos ficam guardados neste computador; chame o apoio informático para verificar o registo do balcão.
sync-protocol = O servidor central respondeu de uma forma que esta versão do Balcão não compreende. Os registos ficam guardados neste computador; se se repetir, chame o apoio informático.
sync-catalogue-signature = Foi recusada uma atualização do catálogo de serviços porque a assinatura não é válida: pode ter sido alterada pelo caminho. O Balcão continua com o catálogo que já tinha.
sync-catalogue-rollback = Foi recusada uma atualização do catálogo de serviços mais antiga do que a que este balcão já tem (versão { $offered }, contra a { $held }). O Balcão continua com o catálogo atual.
sync-catalogue-malformed = Foi recusada uma atualização do catálogo de serviços que não se consegue ler. O Balcão continua com o catálogo que já tinha; se se repetir, chame o apoio informático.
sync-catalogue-invalid = Foi recusada uma atualização do catálogo de serviços com { $errors ->
    [one] { $errors } erro
   *[other] { $errors } erros
}. O Balcão continua com o catálogo que já tinha.
sync-public-key-invalid = Esta instalação do Balcão tem uma chave de verificação do catálogo inválida, por isso não aceita atualizações do catálogo. Chame o apoio informático para reinstalar o Balcão.
sync-status-unknown = Sincronização: a verificar a ligação…
sync-status-online = Sincronização: ligado ao servidor central
sync-status-offline = Sincronização: sem ligação (os registos ficam guardados neste computador)
sync-status-not-enrolled = Sincronização: balcão não registado no servidor central
sync-status-refused = Sincronização: o servidor central recusa este balcão; chame o apoio informático
sync-status-waiting = { $count ->
    [0] Nenhum registo por enviar
    [one] { $count } registo por enviar
   *[other] { $count } registos por enviar
}
sync-status-quarantined = { $count ->
    [one] { $count } registo recusado pelo servidor central (guardado em quarentena; avise o apoio informático)
   *[other] { $count } registos recusados pelo servidor central (guardados em quarentena; avise o apoio informático)
}
sync-status-last-success = Última sincronização: { $time }
sync-status-never = Ainda não houve nenhuma sincronização
sync-status-catalogue-expired = O catálogo de serviços (versão { $version }) está desatualizado desde { $date }: continua a funcionar, mas confirme as taxas e os passos em caso de dúvida.
sync-enroll-in-progress = A registar este balcão no servidor central…
sync-enroll-succeeded = Balcão registado no servidor central para o espaço { $spot }.
sync-device-revoked = Este posto foi desativado pela coordenação da rede — contacte-a antes de continuar. Motivo: { $reason }. Nada se perdeu: os registos ficam neste computador.
