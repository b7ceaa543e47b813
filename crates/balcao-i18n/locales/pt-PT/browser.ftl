# O navegador de cada atendimento (crate balcao-browser).
browser-choice-unknown = navegador desconhecido «{ $given }»; os permitidos são: { $allowed }.
browser-attendance-id = o número do atendimento não serve de nome de pasta.
browser-url = o endereço do serviço está vazio ou não é válido.
browser-io = não foi possível preparar a pasta do navegador deste atendimento; verifique o espaço livre e as permissões da pasta de dados.
browser-spawn = não foi possível iniciar o { $browser }; verifique se está instalado.
browser-reuse-unsupported = o { $browser } deste atendimento já está aberto e não recebe outro endereço: escreva o endereço na barra do navegador.
browser-not-running = o navegador deste atendimento já foi fechado.
browser-still-running = o navegador do atendimento anterior não fechou; feche-o antes de continuar.
