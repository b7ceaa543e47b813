# O recibo e o relatório de fecho em PDF (crate balcao-pdf). Só caracteres WinAnsi: acentos, «», —, €, ª, º.

## Recibo e anulação
pdf-receipt-title = Recibo
pdf-cancellation-title = Anulação de recibo
pdf-number = N.º { $number }
pdf-copy-mark = 2.ª VIA — CÓPIA
pdf-training-mark = SEM VALOR — FORMAÇÃO
pdf-receipt-footer = Recibo n.º { $number }
pdf-cancellation-footer = Anulação n.º { $number }
pdf-page = Página { $page } de { $pages }
pdf-label-spot = Espaço Cidadão
pdf-label-host = Entidade anfitriã
pdf-label-counter = Balcão
pdf-label-mediator = Mediador(a)
pdf-label-issued = Data e hora
pdf-label-attendance = Atendimento
pdf-label-entity = Cobrado por conta de
pdf-label-service = Serviço
pdf-label-variant = Modalidade
pdf-label-amount = Valor pago
pdf-label-amount-cancelled = Valor anulado
pdf-label-method = Meio de pagamento
pdf-label-tendered = Valor entregue
pdf-label-change = Troco
pdf-label-terminal-ref = Referência do terminal
pdf-label-mbway-ref = Referência MB WAY
pdf-label-exempt-reason = Fundamento da isenção
pdf-label-cancels = Anula o recibo n.º { $original }
pdf-label-cancel-reason = Motivo da anulação
pdf-receipt-note = Valor cobrado pelo Espaço Cidadão por conta da entidade indicada. Conserve este recibo como comprovativo do pagamento.
pdf-cancellation-note = Este documento anula o recibo n.º { $original }, que deixa de comprovar o pagamento.

## Meios de pagamento
pdf-method-cash = Numerário
pdf-method-card = Cartão bancário (TPA Multibanco)
pdf-method-mbway = MB WAY
pdf-method-exempt = Isento de pagamento
pdf-method-short-cash = Numerário
pdf-method-short-card = Cartão
pdf-method-short-mbway = MB WAY
pdf-method-short-exempt = Isento

## Relatório de fecho
pdf-closing-title = Relatório de fecho de caixa
pdf-closing-immutable = Relatório de fecho n.º { $number } — documento final, não editável.
pdf-closing-running = Relatório de fecho n.º { $number }
pdf-closing-counter = Balcão { $counter }
pdf-label-opened = Abertura
pdf-label-closed = Fecho
pdf-label-float = Fundo de caixa inicial
pdf-continued = { $section } (continuação)
pdf-section-methods = Conferência por meio de pagamento
pdf-col-method = Meio
pdf-col-expected = Esperado
pdf-col-counted = Contado
pdf-col-difference = Diferença
pdf-total = Total
pdf-label-difference-reason = Motivo da diferença
pdf-reason-missing = não indicado
pdf-no-difference = Sem diferenças entre o valor esperado e o contado.
pdf-section-entities = Valores cobrados por conta de cada entidade
pdf-entities-note = Valores a conciliar com a entidade anfitriã e com cada entidade.
pdf-col-entity = Entidade
pdf-col-payments = Pagamentos
pdf-col-total = Total
pdf-grand-total = Total cobrado
pdf-section-payments = Pagamentos do dia ({ $count })
pdf-no-payments = Não houve pagamentos.
pdf-col-number = N.º
pdf-col-time = Hora
pdf-col-entity-service = Entidade e serviço
pdf-col-amount = Valor
pdf-cancelled-mark = ANULADO
pdf-section-cancellations = Anulações ({ $count })
pdf-no-cancellations = Não houve anulações.
pdf-col-cancels = Anula o recibo
pdf-col-reason = Motivo
pdf-signature = Assinatura — { $mediator }

# The copy of a citizen's data (RGPD, right of access).
pdf-access-title = Os seus dados pessoais
pdf-access-query = Pedido do titular
pdf-access-by = Entregue por
pdf-access-intro = Esta é a cópia de tudo o que este Espaço Cidadão guarda sobre si. Os dados ficam apenas neste posto, cifrados, e são apagados { $days } dias depois de cada atendimento ({ $pending } dias se um serviço ficou pendente). A Agência para a Modernização Administrativa recebe só o registo dos serviços prestados, sem o seu nome, NIF, número do cartão, telefone, e-mail ou notas. Pode pedir que sejam apagados já.
pdf-access-none = Este posto não guarda dados seus.
pdf-access-attendance = Atendimento { $n } — { $when }
pdf-access-notes = Notas
pdf-access-footer = Cópia dos dados pessoais entregue ao titular (RGPD, artigo 15.º)
pdf-access-name = Nome
pdf-access-nif = NIF
pdf-access-cc = N.º do Cartão de Cidadão
pdf-access-phone = Telefone
pdf-access-email = E-mail
