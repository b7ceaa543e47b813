### Ids produzidos pelo crate balcao-core (módulo validate): erros dos validadores de identificadores.

nif-empty = Falta o NIF. Escreva os 9 algarismos do número de contribuinte, que está no Cartão de Cidadão ou em qualquer documento das Finanças.
nif-invalid-character = O NIF só tem algarismos, mas foi escrito «{ $character }». Apague esse carácter e confirme o número no Cartão de Cidadão ou num documento das Finanças.
nif-length = O NIF tem de ter 9 algarismos, mas o número escrito tem { $length }. Confirme no Cartão de Cidadão ou na declaração de IRS.
nif-unknown-prefix = Nenhum NIF começa por «{ $prefix }»: provavelmente o primeiro algarismo foi mal escrito. Confirme no Cartão de Cidadão ou num documento das Finanças.
nif-check-digit = Este NIF não é válido: o último algarismo (de controlo) não condiz com os anteriores. Há quase de certeza um algarismo trocado ou mal escrito; confirme-os um a um no Cartão de Cidadão ou num documento das Finanças.

cc-empty = Falta o número do documento do Cartão de Cidadão. Escreva os 12 caracteres impressos no cartão, por exemplo 12345678 9 ZZ1.
cc-invalid-character = O número do documento só tem letras e algarismos, mas foi escrito «{ $character }». Apague esse carácter e copie o número tal como está no cartão (por exemplo, 12345678 9 ZZ1).
cc-looks-like-bi = Este parece ser o número do antigo Bilhete de Identidade ou só o número de identificação civil ({ $length } algarismos). O número do documento do Cartão de Cidadão tem 12 caracteres: peça também as duas letras e o último algarismo que vêm a seguir (por exemplo, 12345678 9 ZZ1). Se a pessoa só tiver Bilhete de Identidade, este campo não se aplica.
cc-length = O número do documento do Cartão de Cidadão tem 12 caracteres (8 algarismos, 1 algarismo, 2 letras e 1 algarismo, por exemplo 12345678 9 ZZ1), mas o número escrito tem { $length }. Confirme no cartão.
cc-digit-expected = Na posição { $position } do número do documento deve estar um algarismo, mas está «{ $character }». Só a 10.ª e a 11.ª posições podem ter letras; veja no cartão se não trocou um zero pela letra O ou um 1 pela letra I.
cc-check-digits = Este número de documento não é válido: os caracteres de controlo não condizem com os restantes. Provavelmente há um carácter trocado ou mal escrito; confirme-os um a um no cartão (atenção a 0 e O, 1 e I, 5 e S, 8 e B).

postal-code-format = O código postal tem 4 algarismos, um hífen e 3 algarismos, por exemplo 1000-001. Escreva só o código, sem a localidade. Se a pessoa só souber os 4 primeiros algarismos, procure o código completo no site dos CTT.
postal-code-first-digit-zero = Nenhum código postal português começa por 0: o primeiro algarismo vai de 1 a 9. Confirme o código numa carta ou fatura dirigida à pessoa, ou no site dos CTT.

phone-empty = Falta o número de telefone. Escreva um telemóvel ou telefone fixo português (9 algarismos) ou, se for estrangeiro, o número começado por + e pelo indicativo do país.
phone-invalid-character = O número de telefone só pode ter algarismos (e um + no início), mas foi escrito «{ $character }». Apague esse carácter; espaços, pontos, hífenes e parênteses podem ficar.
phone-pt-length = Um número português tem 9 algarismos (sem contar o +351), mas o número escrito tem { $length }. Confirme o número com a pessoa. Se for estrangeiro, escreva-o com + e o indicativo do país.
phone-pt-prefix = Nenhum número português começa por «{ $prefix }». Os telemóveis começam por 91, 92, 93 ou 96 e os telefones fixos por 2; confirme o número com a pessoa. Se for estrangeiro, escreva-o com + e o indicativo do país.
phone-not-personal = Os números começados por «{ $prefix }» são números curtos, de valor acrescentado ou de linhas de empresas (como 112, 707, 760 ou 800), não um contacto pessoal. Peça à pessoa um telemóvel ou telefone fixo. Se for um número estrangeiro, escreva-o com + e o indicativo do país.
phone-country-code = Depois de + ou 00 tem de vir o indicativo do país (por exemplo, 34 para Espanha ou 44 para o Reino Unido), que nunca começa por 0. Confirme o número com a pessoa.
phone-foreign-length = Um número estrangeiro tem entre 8 e 15 algarismos, contando com o indicativo do país, mas o número escrito tem { $length }. Confirme o número com a pessoa.

email-empty = Falta o endereço de correio eletrónico. Escreva-o como a pessoa o ditar, por exemplo ana.silva@exemplo.pt.
email-too-long = O endereço de correio eletrónico tem { $length } caracteres e o máximo é 254. Confirme-o com a pessoa; talvez tenham sido escritos dois endereços.
email-missing-at = Falta o @ no endereço de correio eletrónico. Um endereço tem a forma nome@domínio (por exemplo, ana.silva@exemplo.pt); pergunte à pessoa o que vem antes e depois do @.
email-several-at = O endereço tem { $count } sinais @, mas só pode ter um. Escreva um só endereço, na forma nome@domínio.
email-local-part = A parte antes do @ («{ $local }») não é válida: deve ter entre 1 e 64 caracteres, sem espaços, vírgulas, parênteses nem aspas, e não pode começar nem acabar com ponto nem ter pontos seguidos (..). Confirme-a com a pessoa.
email-domain = A parte depois do @ («{ $domain }») não é um domínio válido. Deve ser como gmail.com ou sapo.pt: palavras separadas por pontos, só com letras, algarismos e hífenes, e a terminação com pelo menos 2 letras. Confirme-a com a pessoa.
email-comma-instead-of-dot = O endereço tem uma vírgula onde devia estar um ponto. Será «{ $suggestion }»? Corrija e confirme com a pessoa.
