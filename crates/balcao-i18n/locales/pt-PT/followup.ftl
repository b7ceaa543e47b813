# Seguimento de serviços pendentes (balcao-core::followup, balcao-app).
followup-due-in-past = A data prevista já passou: escolha hoje ou um dia seguinte.
followup-due-too-far = A data prevista está demasiado longe: no máximo { $days } dias a partir de hoje.
followup-due-not-a-date = A data prevista não é uma data: escreva-a como dd/mm/aaaa (por exemplo, 14/12/2026).
followup-already-closed = Este pendente já foi fechado.
followup-not-pending = Um pendente só se fecha com um resultado final: concluído, encaminhado ou não foi possível.
followup-not-found = Este pendente já não existe neste balcão.
followup-due = Resultado previsto a
followup-due-hint = (dd/mm/aaaa; proposto pelo catálogo)
followup-notify = Como avisar o cidadão:
followup-notify-return = Volta ao balcão
followup-notify-phone = Telefone
followup-notify-email = E-mail
followup-list = Pendentes ({ $count }{ $overdue ->
    [0] {""}
   *[other] , { $overdue } em atraso
})
followup-list-none = Não há serviços pendentes.
followup-overdue = Em atraso desde { $date } ({ $days ->
    [one] 1 dia
   *[other] { $days } dias
})
followup-due-today = Previsto para hoje
followup-due-on = Previsto a { $date }
followup-awaiting = Aguarda: { $what }
followup-contact = Avisar: { $how }
followup-return = O cidadão voltou: atender
followup-close-done = Fechar: concluído
followup-close-failed = Fechar: não foi possível
followup-return-started = Atendimento de regresso iniciado: o resultado que escolher fecha o pendente.
followup-closed-without-visit = fechado sem nova visita
