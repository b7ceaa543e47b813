# Verificação do início do dia (crate balcao-daycheck): o equipamento do balcão, linha a linha.
# Nada aqui impede o mediador de trabalhar: cada falha diz o que fazer.
daycheck-title-citizen-monitor = Segundo monitor
daycheck-title-printer = Impressora
daycheck-title-card-reader = Leitor de cartões
daycheck-title-portals = Portais dos serviços
daycheck-title-central = Servidor central
daycheck-title-disk = Espaço em disco
daycheck-title-clock = Relógio
daycheck-call-support-action = Contacte o apoio informático da sua entidade. Entretanto, pode continuar a atender.
daycheck-monitor-unknown = Não foi possível saber quantos monitores estão ligados.
daycheck-monitor-missing = Só está ligado um monitor: o cidadão não vê o ecrã dele.
daycheck-monitor-missing-action = Ligue o segundo monitor e reinicie o Balcão.
daycheck-monitor-misplaced = A janela do cidadão não está no segundo monitor.
daycheck-monitor-misplaced-action = Arraste a janela do cidadão para o monitor virado para o cidadão, ou reinicie o Balcão com os dois monitores ligados.
daycheck-monitor-ok = { $count } monitores ligados; a janela do cidadão está no monitor dele.
daycheck-printer-ok = A impressora { $name } está pronta.
daycheck-printer-busy = A impressora { $name } tem { $jobs ->
    [one] { $jobs } trabalho
   *[other] { $jobs } trabalhos
} à espera de impressão.
daycheck-printer-busy-action = Se não estiver a sair nada, verifique se a impressora tem papel e se nenhuma folha ficou presa. Se os trabalhos continuarem parados, contacte o apoio informático.
daycheck-printer-stopped = A impressora { $name } está parada: pode estar desligada, sem papel, com papel encravado ou em pausa.
daycheck-printer-stopped-action = Ligue a impressora e verifique se tem papel e se nenhuma folha ficou presa. Se continuar parada, contacte o apoio informático.
daycheck-printer-missing = A impressora { $name } não foi encontrada neste computador.
daycheck-printer-missing-action = Ligue a impressora à corrente e ao computador (cabo USB ou de rede) e ponha-a a funcionar. Se continuar sem aparecer, contacte o apoio informático.
daycheck-printer-no-default = Não está definida nenhuma impressora neste computador.
daycheck-printer-no-spooler = O serviço de impressão deste computador não está a funcionar.
daycheck-printer-not-checked = A impressora não é verificada neste computador.
daycheck-reader-ok = Leitor de cartões ligado ({ $name }).
daycheck-reader-absent = Não há nenhum leitor de cartões ligado: não é possível usar o Cartão de Cidadão.
daycheck-reader-absent-action = Ligue o leitor de cartões a uma entrada USB do computador. Se já estiver ligado, experimente outra entrada.
daycheck-reader-unknown = Não foi possível verificar o leitor de cartões.
daycheck-reader-not-checked = O leitor de cartões não é verificado neste computador.
daycheck-portals-none = Não há portais para verificar.
daycheck-portals-ok = { $total ->
    [one] O portal dos serviços responde.
   *[other] Os { $total } portais dos serviços respondem.
}
daycheck-portals-some-down = { $failed } de { $total } portais não { $failed ->
    [one] responde
   *[other] respondem
}: { $hosts }.
daycheck-portals-some-down-action = Os serviços destes portais podem não funcionar por agora: tente mais tarde. Se continuar, contacte o apoio informático.
daycheck-portals-most-down = A maioria dos portais não responde ({ $failed } de { $total }: { $hosts }). Provavelmente não há ligação à Internet.
daycheck-portals-most-down-action = Verifique se o cabo de rede está ligado ou se o Wi-Fi está ativo, e experimente abrir um site conhecido. Se a Internet funcionar, contacte o apoio informático.
daycheck-central-not-enrolled = Modo de demonstração: este balcão não está inscrito no servidor central, por isso nada é sincronizado.
daycheck-central-unreachable = Sem ligação ao servidor central. Pode trabalhar normalmente: os registos ficam guardados neste computador.
daycheck-central-unreachable-action = Verifique a ligação à Internet. Se continuar sem ligação, contacte o apoio informático.
daycheck-central-sync-old = A última sincronização com o servidor central foi há { $days ->
    [one] mais de um dia
   *[other] { $days } dias
}.
daycheck-central-sync-old-action = Deixe o Balcão aberto e ligado à Internet para os registos serem enviados. Se não forem, contacte o apoio informático.
daycheck-central-never-synced = Este balcão ainda não sincronizou nenhuma vez com o servidor central.
daycheck-central-backlog = Há { $count } registos à espera de serem enviados para o servidor central.
daycheck-central-ok = Ligado ao servidor central; { $count ->
    [0] nenhum registo por enviar.
    [one] { $count } registo por enviar.
   *[other] { $count } registos por enviar.
}
daycheck-disk-unknown = Não foi possível medir o espaço livre em disco.
daycheck-disk-low = Resta pouco espaço em disco: { $free_mb } MB livres.
daycheck-disk-low-action = Contacte o apoio informático para libertar espaço no disco: o Balcão precisa dele para guardar os atendimentos.
daycheck-disk-ok = Há espaço suficiente em disco ({ $free_gb } GB livres).
daycheck-clock-not-checked = O relógio não foi comparado com o do servidor central.
daycheck-clock-ok = O relógio do computador está certo.
daycheck-clock-behind = O relógio do computador está atrasado { $minutes ->
    [0] { $seconds } segundos
    [one] { $minutes } minuto
   *[other] { $minutes } minutos
}.
daycheck-clock-ahead = O relógio do computador está adiantado { $minutes ->
    [0] { $seconds } segundos
    [one] { $minutes } minuto
   *[other] { $minutes } minutos
}.
daycheck-clock-action = Acerte a data e a hora do computador, ou peça ao apoio informático: as horas dos atendimentos e dos recibos dependem delas.
