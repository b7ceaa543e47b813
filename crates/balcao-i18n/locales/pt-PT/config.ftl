# Configuração (crate balcao-config): problemas nos ficheiros de configuração e na linha de comandos.
config-unreadable = não foi possível ler o ficheiro ({ $detail }); verifique se existe, se é um ficheiro e se este utilizador o pode ler.
config-not-utf8 = o ficheiro não está em UTF-8; guarde-o de novo com a codificação UTF-8 (no Bloco de Notas: «Guardar como» → Codificação: UTF-8).
config-syntax = erro de sintaxe TOML: { $detail }. Cada linha deve ter a forma chave = "valor".
config-unknown-key = chave desconhecida «{ $key }». Chaves permitidas: { $known }.
config-unknown-key-suggest = chave desconhecida «{ $key }»; queria dizer «{ $suggestion }»? Chaves permitidas: { $known }.
config-wrong-type = a chave «{ $key }» espera { $expected ->
    [text] um texto entre aspas (por exemplo "EC-0420")
    [integer] um número inteiro sem aspas (por exemplo 120)
    [list] uma lista de textos (por exemplo ["Segunda a sexta: 9h00–17h00"])
    [boolean] true ou false, sem aspas
   *[other] um número de monitor (0, 1, …) ou um nome de monitor entre aspas ("HDMI-1")
}, mas tem { $found ->
    [string] um texto
    [integer] um número inteiro
    [float] um número decimal
    [boolean] um valor verdadeiro/falso
    [datetime] uma data
    [array] uma lista
    [table] uma secção
   *[other] { $found }
}.
config-invalid = o valor de «{ $key }» não é permitido.
config-bad-assignment = «{ $argument }» não tem a forma CHAVE=VALOR. Chaves permitidas: { $known }.
config-rule-spot-code = «{ $key }»: o código do espaço tem de 1 a 32 letras maiúsculas, algarismos e hífenes, sem começar por hífen (por exemplo "EC-0420").
config-rule-name = «{ $key }»: tem de ser um texto não vazio, com no máximo { $max } caracteres e sem caracteres de controlo.
config-rule-counter = «{ $key }»: o balcão identifica-se com 1 a 16 letras, algarismos ou hífenes (por exemplo "2" ou "2B"), sem espaços nem acentos.
config-rule-opening-hours = «{ $key }»: no máximo 7 linhas, cada uma não vazia e com no máximo 120 caracteres.
config-rule-central-url = «{ $key }»: o endereço do servidor central tem de começar por https:// (http:// só é aceite para este computador: localhost, 127.0.0.1 ou [::1]) e não pode conter utilizador nem palavra-passe.
config-rule-citizen-monitor = «{ $key }»: indique o número do monitor (de 0 a 15) ou o seu nome entre aspas, com no máximo 64 caracteres (por exemplo "HDMI-1").
config-rule-lang = «{ $key }»: as línguas permitidas são "pt" (ou "pt-PT") e "en".
config-rule-survey-url = «{ $key }»: tem de ser um endereço https:// que contenha {"{"}token{"}"} no lugar do código do inquérito.
config-rule-absolute-path = «{ $key }»: indique um caminho completo (por exemplo "/var/lib/balcao" ou "D:\Balcao\dados"), não um caminho relativo.
config-rule-end-screen-seconds = «{ $key }»: um número inteiro de segundos entre 10 e 3600.
config-rule-lock-after-minutes = «{ $key }»: um número inteiro de minutos entre 1 e 60.
config-rule-printer = «{ $key }»: o nome de uma impressora como o sistema a conhece (letras, algarismos, «-», «_» ou «.», sem espaços), ou "" para a impressora predefinida.
config-rule-receipt-paper = «{ $key }»: os papéis permitidos são "a4" (folhas A4, a predefinição) e "80mm" (rolo térmico de 80 mm).
config-rule-time-zone = «{ $key }»: o nome de um fuso horário: «Europe/Lisbon» (continente), «Atlantic/Madeira» ou «Atlantic/Azores».
config-rule-retention-days = «{ $key }»: um número inteiro de dias entre 1 e 3650.
config-rule-retention-days-pending = «{ $key }»: um número inteiro de dias entre 1 e 3650.
config-rule-log-level = «{ $key }»: os níveis permitidos são "error", "warn", "info", "debug" e "trace".
config-rule-cash-limit = «{ $key }»: um número inteiro de cêntimos entre 0 e 100000 (por exemplo 100 para 1,00 €).
config-rule-mirror-allow = «{ $key }»: uma lista de 1 a 20 nomes de programas (por exemplo ["firefox", "chromium", "msedge.exe"]), cada um com 1 a 64 letras minúsculas, algarismos, «.», «-» ou «_».
config-rule-mirror-max-fps = «{ $key }»: um número inteiro de imagens por segundo entre 1 e 30.
config-rule-browser = «{ $key }»: "auto", "firefox", "chromium", "chrome", "edge" ou o caminho completo do navegador (por exemplo "/usr/bin/firefox-esr").
config-rule-dock-width = «{ $key }»: um número inteiro de píxeis entre 280 e 1200.
