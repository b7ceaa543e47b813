# Mensagens do verificador do catálogo (crate balcao-catalogue, tipo Problem).
catalogue-unreadable = não foi possível ler: { $detail }
catalogue-missing-file = falta { $name }: um catálogo tem catalogue.toml, categories.toml e a pasta entities/ (ver catalogue/README.md)
catalogue-syntax = formato inválido: { $detail }
catalogue-missing-field = falta a chave «{ $field }»
catalogue-missing-pt = o texto «{ $field }» não tem versão em português (pt)
catalogue-missing-en = o texto «{ $field }» não tem versão em inglês (en)
catalogue-invalid-id = o identificador «{ $id }» é inválido: use só minúsculas sem acentos, algarismos e hífenes (por exemplo imt-revalidar-carta-conducao)
catalogue-duplicate-id = { $kind ->
    [service] o serviço
    [entity] a entidade
   *[other] a categoria
} «{ $id }» já foi definido em { $first }; cada identificador só pode existir uma vez
catalogue-entity-file-name = a entidade «{ $id }» tem de estar no ficheiro entities/{ $id }.toml
catalogue-service-id-prefix = o identificador do serviço «{ $id }» tem de começar por «{ $entity }-»
catalogue-unknown-entity = entidade desconhecida «{ $id }»: nenhum ficheiro a define com [entity]
catalogue-no-entity = o ficheiro não define uma entidade ([entity]) nem indica qual estende (extends = "id")
catalogue-entity-and-extends = use [entity] para definir uma entidade ou extends para acrescentar serviços a outra, não ambos
catalogue-unknown-category = categoria desconhecida «{ $id }»: as categorias estão em categories.toml
catalogue-not-https = o endereço «{ $url }» tem de começar por https://
catalogue-invalid-url = o endereço «{ $url }» não é válido (sem espaços, com um domínio como www.exemplo.pt)
catalogue-negative-fee = a taxa não pode ser negativa ({ $cents } cêntimos); um serviço gratuito não tem [[service.fee]]
catalogue-huge-fee = a taxa de { $cents } cêntimos é invulgarmente alta; confirme que está em cêntimos (3000 = 30,00 €)
catalogue-duplicate-fee-variant = a variante de taxa «{ $variant }» aparece duas vezes neste serviço
catalogue-too-few-steps = o guião tem { $count ->
    [one] 1 passo
   *[other] { $count } passos
}; um serviço precisa de pelo menos 3 ([[service.step]])
catalogue-step-without-mediator-text = o passo { $step } não tem instrução para o mediador (mediator.pt)
catalogue-step-without-citizen-text = o passo { $step } não tem texto para o cidadão (citizen.pt); é o que aparece no ecrã do cidadão
catalogue-question-without-answer = a pergunta não diz com que resposta se pode avançar (proceed_if = true ou false)
catalogue-result-days-out-of-range = o prazo do resultado de { $days } dias está fora do intervalo permitido (1 a 365)
catalogue-duration-out-of-range = a duração de { $minutes } minutos está fora do intervalo permitido (1 a 240)
catalogue-empty-list = a lista «{ $field }» está vazia
catalogue-placeholder = texto provisório «{ $text }»: escreva o conteúdo real
catalogue-bad-date = a data «{ $date }» tem de ser uma data real no formato AAAA-MM-DD
catalogue-entity-without-services = a entidade «{ $id }» não tem nenhum serviço
catalogue-duplicate-unconfirmed = o facto «{ $fact }» aparece duas vezes em unconfirmed
catalogue-synonym-not-one-word = cada sinónimo tem de ser uma só palavra: «{ $word }»
catalogue-unexpected-file = ficheiro inesperado na pasta do catálogo (só se leem ficheiros .toml)
catalogue-no-sensitive-step = o serviço pede autenticação mas nenhum passo tem sensitive = true; marque o passo em que o cidadão escreve o PIN ou a senha, para que nada do que escreve apareça no ecrã do cidadão
