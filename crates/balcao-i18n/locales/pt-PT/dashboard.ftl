# O painel da coordenação (balcao-central, /painel): títulos, colunas, factos e erros.

dash-title-overview = Visão geral
dash-nav-overview = Visão geral
dash-period = De { $from } a { $to }

dash-section-summary = Resumo
dash-section-per-period = Atendimentos ao longo do tempo
dash-section-outcomes = Resultados dos serviços
dash-section-entities = Por entidade
dash-section-services = Por serviço
dash-section-spots = Por Espaço Cidadão
dash-section-survey = Avaliação dos cidadãos
dash-section-hours = Horas de maior movimento
dash-section-till = Caixa por entidade
dash-section-mediators = Mediadores
dash-section-counters = Postos de atendimento
dash-section-alerts = Alertas do registo de auditoria

dash-caption-per-day = Por dia
dash-caption-per-week = Por semana (a partir de segunda-feira)
dash-caption-per-month = Por mês
dash-caption-outcomes = Serviços por resultado
dash-caption-entities = Serviços por entidade
dash-caption-services = Serviços: quantidade, resultado e tempo face ao previsto no catálogo
dash-caption-spots = Atendimentos e avaliação por Espaço Cidadão
dash-caption-survey = Respostas ao inquérito
dash-caption-hours = Atendimentos por hora de início (hora local do Espaço)
dash-caption-till = Cobranças por entidade (sem as anuladas)
dash-caption-mediators = Atendimentos e avaliação por mediador
dash-caption-counters = Postos deste Espaço: último contacto, versões
dash-caption-alerts = Últimos alertas do registo de auditoria

dash-chart-entities = Serviços por entidade
dash-chart-services = Os 12 serviços mais prestados
dash-chart-spots = Os 12 Espaços com mais movimento
dash-chart-alone = Sente-se capaz de o fazer sozinho da próxima vez?

dash-col-day = Dia
dash-col-week = Semana
dash-col-month = Mês
dash-col-attendances = Atendimentos
dash-col-lines = Serviços
dash-col-concluded = Concluídos
dash-col-concluded-share = Concluídos (%)
dash-col-minutes = Duração média (min)
dash-col-expected = Previsto (min)
dash-col-ratio = Real ÷ previsto
dash-col-entity = Entidade
dash-col-service = Serviço
dash-col-spot = Espaço Cidadão
dash-col-outcome = Resultado
dash-col-share = Percentagem
dash-col-question = Pergunta
dash-col-answer = Resposta
dash-col-answers = Respostas
dash-col-satisfaction = Satisfação média (1–5)
dash-col-hour = Hora
dash-col-payments = Cobranças
dash-col-euros = Total (€)
dash-col-mediator = Mediador
dash-col-counter = Posto
dash-col-last-contact = Último contacto
dash-col-hours-since = Horas sem contacto
dash-col-app-version = Versão do Balcão
dash-col-catalogue-sequence = N.º do catálogo
dash-col-catalogue-version = Versão do catálogo
dash-col-state = Estado
dash-col-when = Quando
dash-col-kind = Tipo
dash-col-detail = Detalhe

dash-outcome-concluido = Concluído
dash-outcome-pendente = Pendente
dash-outcome-encaminhado = Encaminhado
dash-outcome-nao-foi-possivel = Não foi possível
dash-outcome-none = Sem resultado registado

dash-survey-done = O assunto ficou tratado?
dash-survey-done-yes = Sim
dash-survey-done-partly = Em parte
dash-survey-done-no = Não
dash-survey-alone = Capaz de o fazer sozinho?
dash-survey-alone-yes = Sim
dash-survey-alone-unsure = Não tem a certeza
dash-survey-alone-no = Não

dash-fact-attendances = Atendimentos
dash-fact-average-minutes = Duração média
dash-fact-lines = Serviços prestados
dash-fact-concluded = Serviços concluídos
dash-fact-answers = Respostas ao inquérito
dash-fact-satisfaction = Satisfação média
dash-fact-alone = Capazes de o fazer sozinhos
dash-fact-host-entity = Entidade anfitriã
dash-fact-time-zone = Fuso horário
dash-fact-refused = Registos recusados pelo servidor
dash-fact-alerts = Alertas de auditoria

dash-state-active = Ativo
dash-state-revoked = Revogado

dash-note-hours-all-services = As horas contam todos os atendimentos, com qualquer serviço.

dash-error-date = O filtro «{ $name }» não é uma data válida (aaaa-mm-dd): «{ $value }».
dash-error-range-backwards = A data de início é posterior à data de fim. Troque-as e filtre de novo.
dash-error-range-too-long = O período pode ter no máximo { $days } dias. Escolha um período mais curto.
dash-error-unknown-filter = O parâmetro «{ $name }» não existe nesta página. Use o formulário de filtros.
dash-error-unknown-value = O valor «{ $value }» não existe para o filtro «{ $name }».
dash-error-not-found = «{ $value }» não existe. Volte à visão geral e escolha na lista.
dash-error-spot-scope = O Espaço «{ $spot }» não pertence à sua entidade: não pode ver os seus dados.
dash-error-csrf = O formulário expirou ou não veio desta página. Recarregue a página e tente de novo.
dash-error-form-too-large = O formulário enviado é demasiado grande.
dash-error-too-many = Demasiados pedidos seguidos. Aguarde um pouco e tente de novo.
dash-error-unavailable = O servidor está temporariamente indisponível. Tente de novo dentro de momentos.
dash-error-internal = Ocorreu um erro no servidor. Tente de novo; se persistir, contacte o suporte.
