# Caixa (EC-FI): pagamentos, anulações e fecho.
cash-amount-negative = Um valor não pode ser negativo.
cash-tendered-too-little = O cidadão entregou { $tendered }, menos do que os { $due } a pagar.
cash-terminal-ref = Indique a referência do talão do terminal Multibanco (4 a 20 letras ou algarismos).
cash-mbway-ref = Indique a referência da operação MB WAY (4 a 30 letras ou algarismos).
cash-exempt-reason = Uma isenção tem de indicar o seu fundamento legal.
cash-float-negative = O fundo de caixa não pode ser negativo.
cash-count-negative = Um valor contado não pode ser negativo.
cash-difference-needs-reason = Há uma diferença de { $difference } (acima do limite de { $threshold }): indique o motivo antes de fechar.
cash-cancel-reason = Indique o motivo da anulação.
cash-overflow = Os valores são demasiado grandes; verifique o que foi escrito.
cash-personal-data = Este texto segue para a agência e não pode ter dados pessoais (NIF, telefone, número de cartão ou e-mail): escreva o motivo sem eles.
