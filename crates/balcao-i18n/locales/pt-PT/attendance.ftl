# Regras do atendimento (crate balcao-core, tipo AttendanceError).
attendance-already-ended = Este atendimento já terminou e não pode ser alterado.
attendance-no-services = Acrescente pelo menos um serviço antes de terminar o atendimento.
attendance-line-without-outcome = O serviço { $line } ainda não tem resultado: indique se ficou concluído, pendente, encaminhado ou se não foi possível.
attendance-no-such-line = Não existe o serviço { $line } neste atendimento.
attendance-outcome-needs-detail = { $outcome ->
    [pendente] Indique o que fica pendente (por exemplo, o código enviado por carta).
    [encaminhado] Indique para que entidade o cidadão foi encaminhado.
   *[other] Indique porque não foi possível concluir o serviço.
}
attendance-ends-before-start = A hora de fim é anterior à de início: confirme o relógio do computador.
