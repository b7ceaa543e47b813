# Janela do mediador e ecrã do cidadão (crate balcao-app).
app-status-identity = Espaço { $spot } · Balcão { $counter } · Mediador: { $mediator }
app-sync-not-configured = Sincronização: não configurada (registos guardados neste computador)
app-switch-language = Mudar a língua das duas janelas (para um cidadão estrangeiro)
app-dismiss = Fechar
app-search-label = Procurar serviço
app-search-hint = O que o cidadão precisa? Por exemplo «mudar morada cartão» ({ $shortcut })
app-add-first = + { $name } (Enter)
app-add = + { $name }
app-new-attendance = Novo atendimento ({ $shortcut })
app-next-citizen = Próximo cidadão (limpar o ecrã do cidadão)
app-today = Atendimentos de hoje
app-today-none = Ainda não há atendimentos hoje.
app-services = Serviços deste atendimento:
app-identification = Identificação do cidadão (opcional)
app-field-name = Nome
app-field-nif = NIF
app-field-cc = N.º do Cartão de Cidadão
app-field-phone = Telefone
app-field-email = E-mail
app-consent-note = Explique ao cidadão que estes dados ficam só neste posto, cifrados, e são apagados { $days } dias depois do atendimento; a agência não os recebe. Pode pedir para os ver ou apagar num Espaço Cidadão.
app-consent = O cidadão aceitou dar estes dados
app-save-citizen = Guardar identificação
app-open-service = Abrir serviço ({ $shortcut })
app-questions = Antes de começar, pergunte:
app-if-no = Se não:
app-if-yes = Se sim:
app-documents = Documentos necessários:
app-optional = só em alguns casos
app-step = Guião: passo { $step } de { $count }
app-citizen-sees = O cidadão lê: «{ $text }»
app-sensitive-step = Passo confidencial: vire o teclado para o cidadão e não olhe.
app-prev-step = Passo anterior ({ $shortcut })
app-next-step = Passo seguinte ({ $shortcut })
app-outcome = Resultado deste serviço
app-outcome-current = Resultado registado: { $outcome }
app-outcome-awaiting = O que fica pendente?
app-outcome-to = Para que entidade foi encaminhado?
app-outcome-reason = Porque não foi possível?
app-outcome-entity = Entidade do catálogo
app-outcome-entity-none = (outra, escrita abaixo)
app-outcome-private = O cidadão não vê este texto: no ecrã dele aparece uma frase simples (ou o nome da entidade escolhida).
app-set-outcome = Registar resultado
app-notes = Notas do mediador (não aparecem no ecrã do cidadão)
app-confidential = Código confidencial (nunca é guardado nem mostrado ao cidadão)
app-end-attendance = Terminar atendimento ({ $shortcut })
app-open-url-failed = Não foi possível abrir { $url } no navegador ({ $detail }). Escreva o endereço no navegador.
app-fix-fields = Corrija os campos assinalados a vermelho; nada do que escreveu se perdeu.
app-consent-needed = Para guardar a identificação, confirme que o cidadão aceitou dar estes dados.
app-citizen-saved = Identificação guardada.
app-restored = O atendimento que estava aberto foi reaberto onde ficou.
outcome-concluido = Concluído
outcome-pendente = Pendente
outcome-encaminhado = Encaminhado
outcome-nao-foi-possivel = Não foi possível
outcome-none = Sem resultado
citizen-welcome-title = Bem-vindo ao { $spot }
citizen-started-title = Bem-vindo
citizen-started-body = O mediador vai ajudá-lo. Neste ecrã pode acompanhar tudo o que é feito por si.
citizen-progress = Passo { $step } de { $count }
citizen-private-step = Este passo é só seu: ninguém no balcão vê nem guarda o que escrever.
citizen-fee = Custo: { $amount }
citizen-fee-free = Este serviço é gratuito.
citizen-fee-variants = Custo, conforme a modalidade: { $list }
citizen-outcome-pendente = Pendente: o resultado chega mais tarde; o mediador explica-lhe como vai saber.
citizen-outcome-encaminhado = Encaminhado para: { $detail }
citizen-outcome-encaminhado-other = Encaminhado para outra entidade; o mediador indica-lhe qual.
citizen-outcome-nao-foi-possivel = Não foi possível fazer este serviço hoje; o mediador explica-lhe porquê.
citizen-finished-title = Terminámos. Obrigado pela sua visita.
citizen-finished-alone = Da próxima vez pode fazê-lo sozinho em:
citizen-finished-survey = Dê-nos a sua opinião:
app-cannot-start = O Balcão não pode começar
app-close = Fechar
app-config-invalid = A configuração deste balcão tem erros, por isso o Balcão não arranca. Peça ao apoio informático que os corrija; o comando «balcao config check» mostra-os.

# Caixa (EC-FI) no balcão.
app-cash = Caixa
app-cash-float = Fundo de caixa (€)
app-cash-open = Abrir caixa
app-cash-open-since = Caixa aberta desde { $opened }.
app-cash-stale-since = A caixa ficou aberta desde { $opened }: feche-a (contagem e relatório) antes de registar novos pagamentos.
app-cash-status-open = Caixa aberta desde { $opened } · { $count } pagamentos
app-cash-status-closed = Caixa fechada
app-cash-cancel-reason = Motivo da anulação
app-cash-reason-hint = sem dados pessoais: este texto segue para a agência
app-cash-cancel = Anular { $number }
app-cash-reprint = Reimprimir { $number } (2.ª via)
app-cash-cancelled-by = anulado por { $number }
app-cash-closing = Fecho de caixa
app-cash-counted = Contado em { $method } (previsto { $expected })
app-cash-difference = Diferença (contado − previsto): { $difference }
app-cash-difference-reason = Motivo da diferença
app-cash-close = Fechar caixa e imprimir o relatório
app-cash-closed = Caixa fechada: relatório { $number } guardado em { $path }.
app-cash-payment = Pagamento
app-cash-paid = pago
app-cash-due = A pagar: { $amount }
app-cash-method-cash = Dinheiro
app-cash-method-card = Multibanco
app-cash-method-mb-way = MB WAY
app-cash-method-exempt = Isento
app-cash-tendered = Valor entregue pelo cidadão (€)
app-cash-change = Troco: { $amount }
app-cash-terminal-ref = Referência do talão do terminal
app-cash-mbway-ref = Referência MB WAY
app-cash-exempt-reason = Fundamento legal da isenção
app-cash-record = Registar pagamento e imprimir recibo
app-cash-not-an-amount = «{ $text }» não é um valor em euros (escreva, por exemplo, 12,50).
app-cash-stale = A caixa está aberta desde outro dia: feche-a antes de registar novos pagamentos.
app-cash-free-service = Este serviço é gratuito: não há nada a pagar.
app-cash-choose-method = Escolha como o cidadão paga: dinheiro, Multibanco, MB WAY ou isento.
app-cash-document-not-written = O registo foi gravado, mas o documento { $path } não pôde ser escrito ({ $detail }). Chame o apoio informático; pode reimprimi-lo depois.
app-cash-not-printed = O registo foi gravado e o documento guardado em { $path }, mas não foi enviado para a impressora ({ $detail }). Pode reimprimi-lo depois.
citizen-paid-cash = Pago: { $amount } em dinheiro · troco { $change }
citizen-paid-card = Pago: { $amount } com cartão Multibanco
citizen-paid-mbway = Pago: { $amount } com MB WAY
citizen-paid-exempt = Isento de pagamento
citizen-paid-cancelled = Pagamento de { $amount } anulado

# Sincronização no ecrã do mediador.
app-sync = Servidor central
app-sync-url = Endereço do servidor central
app-sync-code = Código de ativação
app-sync-enroll = Registar este balcão
app-sync-now = Sincronizar agora
app-sync-quarantine = Registos recusados pelo servidor central (quarentena: nunca são apagados; avise o apoio informático)
citizen-welcome-examples = O que pode tratar aqui, por exemplo:
citizen-welcome-adse = Entregar documentos e pedir reembolsos da ADSE
citizen-welcome-driving-licence = Renovar ou pedir a 2.ª via da carta de condução
citizen-welcome-criminal-record = Pedir o certificado de registo criminal
citizen-welcome-cc-address = Mudar a morada do Cartão de Cidadão
citizen-welcome-health-card = Pedir o Cartão Europeu de Seguro de Doença
citizen-welcome-social-security = Tratar de assuntos da Segurança Social
citizen-welcome-more = E muito mais: { $services } serviços de { $entities } entidades públicas, sempre com a ajuda do mediador.
citizen-mirror-title = Ecrã em pausa
citizen-mirror-paused-sensitive = Este passo é só seu: o ecrã fica em pausa enquanto escreve o seu código. Ninguém no balcão o vê.
citizen-mirror-paused-manual = O mediador pôs o ecrã em pausa por um momento. Já a seguir volta a ver tudo o que é feito.
citizen-mirror-paused-minimized = O ecrã fica em pausa enquanto o navegador está fechado ou minimizado.
citizen-mirror-waiting = Em breve vai ver aqui o site onde o mediador trata do seu pedido.
citizen-mirror-unsupported = Neste computador não é possível mostrar o site em direto; acompanhe os passos aqui.
app-mirror-sees-live = O cidadão vê: o navegador, ao vivo
app-mirror-sees-paused = O cidadão vê: ecrã em pausa
app-mirror-sees-waiting = O cidadão vê: só o passo (à espera do navegador)
app-mirror-sees-not-allowed = O cidadão vê: só o passo (a janela ativa não é de um navegador)
app-mirror-sees-unsupported = O cidadão vê: só o passo (sessão Wayland)
app-mirror-sees-off = O cidadão vê: só o passo (espelho desligado na configuração)
app-mirror-sees-guide = O cidadão vê: o guia do atendimento
app-mirror-pause = Pausar ecrã do cidadão ({ $shortcut })
app-mirror-resume = Retomar ecrã do cidadão ({ $shortcut })
app-mirror-wayland = O espelho do navegador precisa de uma sessão X11 e esta sessão é Wayland: o cidadão vê só os passos. Para o ativar, termine a sessão e escolha «GNOME em Xorg» (ou equivalente) no ecrã de entrada.
app-browser-failed = Não foi possível abrir o navegador ({ $detail }). Abra { $url } à mão.
app-browser-closed = O navegador deste atendimento foi fechado e os seus dados apagados.
app-downloads = Documentos transferidos neste atendimento
app-downloads-print = Imprimir
app-downloads-printed = impresso
app-downloads-where = Estão em { $path } (para entregar numa pen ou anexar a um e-mail). São apagados quando o atendimento terminar.
app-downloads-end-warning = { $count ->
    [one] Há um documento transferido que ainda não foi impresso: ao terminar o atendimento, é apagado com tudo o que o navegador guardou. Imprima-o ou entregue-o antes, ou carregue outra vez em «Terminar atendimento» para terminar mesmo assim.
   *[other] Há { $count } documentos transferidos que ainda não foram impressos: ao terminar o atendimento, são apagados com tudo o que o navegador guardou. Imprima-os ou entregue-os antes, ou carregue outra vez em «Terminar atendimento» para terminar mesmo assim.
}
app-print-failed = O documento não foi enviado para a impressora ({ $detail }). Abra-o a partir da pasta indicada e imprima-o daí.
app-demo-key-enrolled = Este Balcão foi instalado a partir de um pacote de demonstração (confia na chave pública de demonstração do catálogo, que qualquer pessoa pode usar), mas está registado num servidor central real. Por segurança não arranca. Peça ao apoio informático o pacote oficial da AMA e instale-o; os registos deste computador ficam guardados.
login-title = Entrar no Balcão
login-locked-title = Sessão de { $name } bloqueada
login-login = Utilizador
login-password = Palavra-passe (ou PIN, para reabrir a sua sessão)
login-enter = Entrar
login-checking = A verificar…
login-wrong = Utilizador ou palavra-passe errados.
login-wait = Demasiadas tentativas falhadas: aguarde { $seconds } s antes de tentar de novo.
login-locked-out = Conta bloqueada depois de 10 tentativas falhadas. Um supervisor (ou a coordenação) tem de a desbloquear.
login-not-activated = Esta conta ainda não foi ativada: use «Primeira entrada» com o código de ativação que recebeu.
login-disabled = Esta conta foi desativada pela coordenação. Contacte-a.
login-locked-by = Esta sessão é de { $name }: só essa pessoa, ou um supervisor, a pode reabrir.
login-first-time = Primeira entrada (ativar a conta)
login-first-time-help = Escreva o utilizador acima, o código de ativação que a coordenação lhe deu e a palavra-passe que escolher (pelo menos 8 caracteres; uma frase serve).
login-code = Código de ativação
login-new-password = Nova palavra-passe
login-repeat = Repita a nova palavra-passe
login-activate = Ativar a conta
login-activated = Conta ativada. Entre agora com a nova palavra-passe.
login-code-wrong = O código de ativação está errado ou expirou. Peça um novo à coordenação.
login-repeat-differs = As duas palavras-passe não são iguais.
login-password-short = A palavra-passe tem de ter pelo menos 8 caracteres.
login-password-long = A palavra-passe não pode ter mais de 128 caracteres.
login-password-common = Essa palavra-passe é das mais usadas e fácil de adivinhar. Escolha outra.
login-password-personal = A palavra-passe não pode ser o seu utilizador nem o seu nome.
login-pin-bad = O PIN tem de ter 4 a 8 algarismos, não todos iguais nem seguidos.
login-who = { $name } ({ $role })
login-lock = Bloquear ({ $shortcut })
login-logout = Sair
login-logout-open = Há um atendimento aberto: termine-o antes de sair, ou bloqueie a sessão.
login-needed = Entre primeiro com o seu utilizador.
login-not-allowed = A sua função não permite esta ação.
login-difference-supervisor = Fechar a caixa com diferença é uma decisão de um supervisor: peça-lhe que entre.
app-print-refused = A impressora recusou { $path } ({ $detail }). O documento está guardado nessa pasta.
app-print-again = Reimprimir
app-save-pdf = Guardar PDF
app-pdf-saved = Cópia guardada em { $path }: imprima-a noutra impressora ou leve-a numa pen USB.
app-save-pdf-failed = Não foi possível guardar a cópia em { $path } ({ $detail }).
login-locked-list = Contas bloqueadas neste posto
login-unlock = Desbloquear { $name }
app-sync-enroll-tecnico = Este posto ainda não está registado no servidor central. O registo é feito por um técnico: peça-lhe que entre.
role-mediador = mediador
role-supervisor = supervisor
role-tecnico = técnico
login-pin = PIN para desbloquear a sua sessão (opcional, 4 a 8 algarismos)
app-cash-opened-by = { $when }, por { $name }

# The citizen's rights panel (RGPD requests, supervisors).
rights-title = Direitos do titular dos dados (RGPD)
rights-help = Quando um cidadão pede para ver ou apagar os dados que este posto guarda sobre si.
rights-query = NIF ou n.º do Cartão de Cidadão
rights-find = Procurar
rights-bad-query = Escreva um NIF (9 algarismos) ou o número do Cartão de Cidadão (por exemplo 12345678 9 ZZ1).
rights-none = Este posto não guarda dados de { $key }.
rights-found = { $key }: { $count ->
    [one] 1 atendimento
   *[other] { $count } atendimentos
} com dados pessoais.
rights-print = Imprimir cópia para o cidadão
rights-erase = Apagar estes dados
rights-erase-confirm = Confirmar: apagar os dados de { $count ->
    [one] 1 atendimento
   *[other] { $count } atendimentos
}
rights-search-first = Procure primeiro o cidadão pelo NIF ou pelo número do Cartão de Cidadão.
rights-copy-printed = Cópia impressa ({ $count ->
    [one] 1 atendimento
   *[other] { $count } atendimentos
}); a entrega fica registada na auditoria.
rights-copy-failed = A cópia não foi impressa: { $detail }
rights-erased = Dados pessoais apagados de { $count ->
    [one] 1 atendimento
   *[other] { $count } atendimentos
}; o apagamento fica registado na auditoria.
rights-erased-open = { $count ->
    [one] O atendimento em curso não foi apagado: termine-o e apague de novo.
   *[other] { $count } atendimentos em curso não foram apagados: termine-os e apague de novo.
}

# Training mode.
training-band = FORMAÇÃO — nada do que fizer aqui conta: registos, recibos e estatísticas são de treino
training-band-citizen = FORMAÇÃO — isto é um treino, não um atendimento real
training-exercises = Exercícios guiados
training-exercises-help = Os serviços mais pedidos nos Espaços do Cidadão, com uma cidadã fictícia: identifique-a, siga o guião, cobre e termine.
training-exercise = Exercício { $n }: { $service }
training-start = Iniciar formação (a aplicação reinicia)
training-stop = Sair da formação (a aplicação reinicia)

# A lista de verificação no ecrã do mediador (balcao-app).
daycheck-summary-ok = Equipamento verificado em { $when }: está tudo pronto.
daycheck-summary-warn = Equipamento verificado em { $when }: há avisos.
daycheck-summary-fail = Equipamento verificado em { $when }: há problemas.
daycheck-run = Verificar equipamento
daycheck-running = A verificar o equipamento… Pode continuar a trabalhar.
daycheck-show = Mostrar
daycheck-hide = Esconder
daycheck-banner = { $count ->
    [one] A verificação do equipamento encontrou um problema. Veja o que fazer na lista do ecrã inicial; pode continuar a atender.
   *[other] A verificação do equipamento encontrou { $count } problemas. Veja o que fazer na lista do ecrã inicial; pode continuar a atender.
}
# A catalogue published by the central, used without restarting the app.
app-catalogue-updated = Catálogo de serviços atualizado para a versão { $version }.
app-catalogue-pending = Chegou uma nova versão do catálogo de serviços ({ $version }): será usada a partir do próximo atendimento; este continua com a versão com que começou.
app-catalogue-service-gone = Este serviço já não existe na nova versão do catálogo, que passou a ser usada agora. Procure-o de novo.
app-catalogue-in-use = Catálogo de serviços em uso: versão { $version }
